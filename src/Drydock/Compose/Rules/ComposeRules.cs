using Drydock.Compose.Rules.Correctness;
using Drydock.Compose.Rules.Reliability;
using Drydock.Compose.Rules.Security;
using Drydock.Compose.Rules.Style;
using Drydock.Findings;

namespace Drydock.Compose.Rules;

/// <summary>Every Compose rule (DC###), as a static list: the checker runs them, the rule catalog lists their descriptors.</summary>
public static class ComposeRules
{
    public static IReadOnlyList<ComposeRule> All { get; } =
    [
        new InvalidComposeFile(),
        new PrivilegedService(),
        new DangerousCapability(),
        new CapabilitiesNotDropped(),
        new NoNewPrivilegesMissing(),
        new DockerSocketMounted(),
        new SensitiveHostPathMounted(),
        new HostNetworkMode(),
        new HostNamespaceShared(),
        new PortPublishedOnAllInterfaces(),
        new SecretInEnvironment(),
        new SecretInCommand(),
        new SecretInBuildArgs(),
        new DotEnvSecretNotIgnored(),
        new RunsAsRoot(),
        new SecurityProfileDisabled(),
        new HostDeviceExposed(),
        new WritableRootFilesystem(),
        new ImageNotPinnedByDigest(),
        new HealthcheckMissing(),
        new DependencyNotAwaitedHealthy(),
        new RestartPolicyMissing(),
        new MemoryLimitMissing(),
        new CpuLimitMissing(),
        new PidsLimitMissing(),
        new ImageTagMissingOrLatest(),
        new BuildAndImageAmbiguous(),
        new DatabaseWithoutVolume(),
        new HealthcheckTiming(),
        new HostPortCollision(),
        new DuplicateContainerName(),
        new VariableWithoutValue(),
        new EnvFileMissing(),
        new VariableNotInEnvExample(),
        new BindSourceMissing(),
        new ObsoleteVersion(),
        new ShellOperatorsDropped(),
        new HealthyConditionWithoutHealthcheck(),
        new InvalidContainerName(),
        new BuildSourceMissing(),
        new ServiceKeysOrder(),
        new TopLevelOrder(),
        new ServicesAlphabetical(),
        new PortsNotQuoted(),
        new VolumesQuoted(),
        new DependenciesAlphabetical(),
        new ProjectNameMissing(),
        new KeyNotReadByComposeTarget(),
    ];

    /// <summary>The descriptors, for <see cref="RuleCatalog"/>.</summary>
    public static IEnumerable<RuleDescriptor> Descriptors => All.Select(rule => rule.Descriptor).Append(ServiceNotHardened.Rule);
}
