using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Packages;

/// <summary>DF064: apt-get update leaves package lists in the layer.</summary>
public sealed class AptListsRule() : DockerfileRule(Describe(
    "DF064", "apt lists not removed", RuleCategories.Performance, Severity.Info,
    "'{0} update' leaves the package lists in the image: end the RUN with rm -rf /var/lib/apt/lists/*",
    "The package lists take tens of megabytes and are useless at run time. Remove them in the same RUN (&& rm -rf /var/lib/apt/lists/*), or use a cache mount: RUN --mount=type=cache,target=/var/lib/apt/lists.",
    "DL3009"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (stage, script, command) in analysis.Commands)
        {
            if (!PackageRuleHelpers.IsUpdate(analysis, command, "apt-get", "apt") || !PackageRuleHelpers.InImage(analysis, stage) || script.Run.HasCacheMountOn("/var/lib/apt/lists")
                || PackageRuleHelpers.RunDoes(analysis, script, c => PackageRuleHelpers.Removes(c, "/var/lib/apt/lists")))
            {
                continue;
            }
            yield return Report(script.SpanOf(command), command.Name);
        }
    }
}
