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
