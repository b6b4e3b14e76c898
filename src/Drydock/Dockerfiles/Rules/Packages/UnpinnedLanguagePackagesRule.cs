using Drydock.Dockerfiles.Shell;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Packages;

/// <summary>DF063.</summary>
public sealed class UnpinnedLanguagePackagesRule() : UnpinnedPackagesRule(Describe(
    "DF063", "Language packages not pinned", RuleCategories.Reliability, Severity.Warning, MessageFormat,
    "Install language packages at fixed versions (pip name==1.2.3, npm name@1.2.3, gem name:1.2.3, go install path@v1.2.3), or from a lock file (pip -r requirements.txt with pinned versions, npm ci), so builds are repeatable.",
    "DL3013", "DL3016", "DL3028", "DL3062"), osPackages: false);
