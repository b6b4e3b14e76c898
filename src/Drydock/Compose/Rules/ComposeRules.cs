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
        new InvalidComposeFileRule(),
        new PrivilegedServiceRule(),
        new DangerousCapabilityRule(),
        new CapabilitiesNotDroppedRule(),
        new NoNewPrivilegesMissingRule(),
        new DockerSocketMountedRule(),
        new SensitiveHostPathMountedRule(),
        new HostNetworkModeRule(),
        new HostNamespaceSharedRule(),
        new PortPublishedOnAllInterfacesRule(),
        new SecretInEnvironmentRule(),
        new SecretInCommandRule(),
        new SecretInBuildArgsRule(),
        new DotEnvSecretNotIgnoredRule(),
        new RunsAsRootRule(),
        new SecurityProfileDisabledRule(),
        new HostDeviceExposedRule(),
        new WritableRootFilesystemRule(),
        new ImageNotPinnedByDigestRule(),
        new HealthcheckMissingRule(),
        new DependencyNotAwaitedHealthyRule(),
        new RestartPolicyMissingRule(),
        new MemoryLimitMissingRule(),
        new CpuLimitMissingRule(),
        new PidsLimitMissingRule(),
        new ImageTagMissingOrLatestRule(),
        new BuildAndImageAmbiguousRule(),
        new DatabaseWithoutVolumeRule(),
        new HealthcheckTimingRule(),
        new HostPortCollisionRule(),
        new DuplicateContainerNameRule(),
        new VariableWithoutValueRule(),
        new EnvFileMissingRule(),
        new VariableNotInEnvExampleRule(),
        new BindSourceMissingRule(),
        new ObsoleteVersionRule(),
        new ShellOperatorsDroppedRule(),
        new HealthyConditionWithoutHealthcheckRule(),
        new InvalidContainerNameRule(),
        new BuildSourceMissingRule(),
        new ServiceKeysOrderRule(),
        new TopLevelOrderRule(),
        new ServicesAlphabeticalRule(),
        new PortsNotQuotedRule(),
        new VolumesQuotedRule(),
        new DependenciesAlphabeticalRule(),
        new ProjectNameMissingRule(),
        new KeyNotReadByComposeTargetRule(),
    ];

    /// <summary>The descriptors, for <c>Catalog.RuleCatalog</c>.</summary>
    public static IEnumerable<RuleDescriptor> Descriptors => All.Select(rule => rule.Descriptor).Append(ServiceNotHardenedRule.Rule);
}
