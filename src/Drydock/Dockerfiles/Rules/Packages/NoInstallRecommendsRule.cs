using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Packages;

/// <summary>DF061: apt-get install pulls in recommended packages.</summary>
public sealed class NoInstallRecommendsRule() : DockerfileRule(Describe(
    "DF061", "apt-get install without --no-install-recommends", RuleCategories.Performance, Severity.Info,
    "'{0} install' also installs recommended packages: add --no-install-recommends",
    "Recommended packages are not needed to run what you install and often double the size of the layer. Add --no-install-recommends, and install the extras you really need by name.",
    "DL3015", "DS-0029"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        var configuredOff = analysis.Commands.Any(item => item.Command.Arguments.Any(a => a.Value.Contains("Install-Recommends", StringComparison.Ordinal)));
        foreach (var (_, script, install) in PackageRuleHelpers.Installs(analysis))
        {
            if (install.Manager is PackageManager.AptGet or PackageManager.Apt && !configuredOff && !install.Command.HasFlag("--no-install-recommends"))
            {
                yield return Report(script.SpanOf(install.Command), install.Command.Name);
            }
        }
    }
}
