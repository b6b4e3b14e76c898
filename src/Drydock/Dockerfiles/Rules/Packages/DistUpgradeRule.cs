using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Packages;

/// <summary>DF068: upgrading the whole distribution in an image.</summary>
public sealed class DistUpgradeRule() : DockerfileRule(Describe(
    "DF068", "Distribution upgrade", RuleCategories.Reliability, Severity.Warning,
    "'{0} {1}' upgrades the whole distribution inside the image",
    "A distribution upgrade can change the base system under your application, differently from build to build. Use a newer base image instead; to apply security fixes, 'apt-get upgrade' (without dist-) is enough.",
    "DL3005", "DL3035", "DS-0024"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (_, script, command) in analysis.Commands)
        {
            var verb = analysis.VerbOf(command);
            if (command.Is("apt-get", "apt") && verb is "dist-upgrade" or "full-upgrade" || command.Is("zypper") && verb is "dist-upgrade" or "dup")
            {
                yield return Report(script.SpanOf(command), command.Name, verb);
            }
        }
    }
}
