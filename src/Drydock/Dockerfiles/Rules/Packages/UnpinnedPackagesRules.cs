using Drydock.Dockerfiles.Shell;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Packages;

/// <summary>Shared check of DF062 and DF063: packages installed without a version.</summary>
public abstract class UnpinnedPackagesRule(RuleDescriptor descriptor, bool osPackages) : DockerfileRule(descriptor)
{
    private static readonly HashSet<string> PipTooling = ["pip", "setuptools", "wheel"];

    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (_, script, install) in PackageRuleHelpers.Installs(analysis))
        {
            if (install.IsOsPackageManager != osPackages)
            {
                continue;
            }
            var unpinned = install.Packages.Where(package => !PackageManagers.IsPinned(install, package)).ToList();
            if (install.Manager == PackageManager.Pip && install.Command.HasFlag("-U", "--upgrade") && unpinned.All(p => PipTooling.Contains(p.Value.ToLowerInvariant())))
            {
                // Upgrading the installer itself is deliberate; its version does not reach the application.
                continue;
            }
            if (install.Manager == PackageManager.Go && install.Subcommand == "get" && install.Command.HasFlag("-d"))
            {
                unpinned.RemoveAll(p => p.Value.EndsWith("/...", StringComparison.Ordinal));
            }
            if (unpinned.Count == 0)
            {
                continue;
            }
            var span = script.Map(unpinned[0].Start, unpinned[^1].End);
            yield return Report(span, $"{install.Tool} {install.Subcommand}", RuleText.Quoted(unpinned.Take(5).Select(p => p.Value)) + (unpinned.Count > 5 ? $" and {unpinned.Count - 5} more" : string.Empty), Example(install.Manager, unpinned[0].Value));
        }
    }

    protected const string MessageFormat = "'{0}' installs {1} without a version (pin it: {2})";

    private static string Example(PackageManager manager, string package) => manager switch
    {
        PackageManager.AptGet or PackageManager.Apt or PackageManager.Apk or PackageManager.Zypper => $"{package}=<version>",
        PackageManager.Yum or PackageManager.Dnf or PackageManager.Microdnf => $"{package}-<version>",
        PackageManager.Pip => $"{package}==<version>",
        PackageManager.Gem => $"{package}:<version>",
        PackageManager.Go => $"{package.Split('@')[0]}@v<version>",
        _ => $"{package.Split('@')[0]}@<version>",
    };
}

/// <summary>DF062.</summary>
public sealed class UnpinnedOsPackagesRule() : UnpinnedPackagesRule(Describe(
    "DF062", "OS packages not pinned", RuleCategories.Reliability, Severity.Warning, MessageFormat,
    "Without a version the package manager installs whatever is current, so two builds of the same Dockerfile differ. Pin versions (package=version), or accept the drift knowingly and suppress this rule with a reason. Versions that come from ARG or ENV are resolved first.",
    "DL3008", "DL3018", "DL3033", "DL3037", "DL3041"), osPackages: true);

/// <summary>DF063.</summary>
public sealed class UnpinnedLanguagePackagesRule() : UnpinnedPackagesRule(Describe(
    "DF063", "Language packages not pinned", RuleCategories.Reliability, Severity.Warning, MessageFormat,
    "Install language packages at fixed versions (pip name==1.2.3, npm name@1.2.3, gem name:1.2.3, go install path@v1.2.3), or from a lock file (pip -r requirements.txt with pinned versions, npm ci), so builds are repeatable.",
    "DL3013", "DL3016", "DL3028", "DL3062"), osPackages: false);
