using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Packages;

/// <summary>DF070: apt-get install without apt-get update in the same RUN.</summary>
public sealed class InstallWithoutUpdateRule() : DockerfileRule(Describe(
    "DF070", "apt-get install without update", RuleCategories.Reliability, Severity.Warning,
    "'{0} install' runs without '{0} update' in the same RUN: it uses whatever package index the base image or a cached layer has",
    "Official Debian and Ubuntu images ship without package lists, and a cached 'update' layer goes stale. Run apt-get update && apt-get install … in one RUN."))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (_, script, install) in PackageRuleHelpers.Installs(analysis))
        {
            if (install.Manager is not (PackageManager.AptGet or PackageManager.Apt) || install.Packages.Count == 0
                || install.Packages.All(p => p.Value.EndsWith(".deb", StringComparison.Ordinal) || p.Value.StartsWith('.') || p.Value.StartsWith('/'))
                || script.Run.HasCacheMountOn("/var/lib/apt/lists"))
            {
                continue;
            }
            var updated = analysis.Scripts(script.Run).Any(other => other.Commands.Any(c =>
                PackageRuleHelpers.IsUpdate(analysis, c, "apt-get", "apt") && (!ReferenceEquals(other, script) || c.Start < install.Command.Start)));
            if (!updated)
            {
                yield return Report(script.SpanOf(install.Command), install.Command.Name);
            }
        }
    }
}
