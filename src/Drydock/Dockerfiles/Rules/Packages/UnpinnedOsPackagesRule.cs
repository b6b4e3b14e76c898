using Drydock.Dockerfiles.Shell;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Packages;

/// <summary>DF062.</summary>
public sealed class UnpinnedOsPackagesRule() : UnpinnedPackagesRule(Describe(
    "DF062", "OS packages not pinned", RuleCategories.Reliability, Severity.Warning, MessageFormat,
    "Without a version the package manager installs whatever is current, so two builds of the same Dockerfile differ. Pin versions (package=version), or accept the drift knowingly and suppress this rule with a reason. Versions that come from ARG or ENV are resolved first.",
    "DL3008", "DL3018", "DL3033", "DL3037", "DL3041"), osPackages: true);
