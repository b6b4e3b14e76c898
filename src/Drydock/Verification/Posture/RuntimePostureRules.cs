using Drydock.Findings;
using Drydock.Verification.Posture.Rules;

namespace Drydock.Verification.Posture;

/// <summary>The RT family: what a running container's configuration says about its security and resilience.</summary>
public static class RuntimePostureRules
{
    public static IReadOnlyList<IRule<RuntimePostureModel>> All { get; } =
    [
        new RootProcessRule(),
        new WritableRootFilesystemRule(),
        new PrivilegedRule(),
        new DangerousCapabilityRule(),
        new CapabilitiesNotDroppedRule(),
        new NoNewPrivilegesRule(),
        new PortOnAllInterfacesRule(),
        new NoMemoryLimitRule(),
        new NoCpuLimitRule(),
        new NoPidsLimitRule(),
        new NoRestartPolicyRule(),
    ];

    /// <summary>The descriptors, for <c>Catalog.RuleCatalog</c>.</summary>
    public static IReadOnlyList<RuleDescriptor> Descriptors { get; } = All.Select(rule => rule.Descriptor).ToArray();

    /// <summary>Every RT finding for one container, in rule order.</summary>
    public static IReadOnlyList<Finding> Check(RuntimePostureModel model) => All.SelectMany(rule => rule.Check(model)).ToList();
}
