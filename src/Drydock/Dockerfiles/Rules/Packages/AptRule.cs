using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Packages;

/// <summary>DF059: <c>apt</c> in scripts; its interface is not stable.</summary>
public sealed class AptRule() : DockerfileRule(Describe(
    "DF059", "apt instead of apt-get", RuleCategories.Reliability, Severity.Warning,
    "'apt {0}' uses apt, whose command-line interface is not stable: use apt-get or apt-cache",
    "apt is meant for people at a terminal and warns that its interface may change. In scripts use apt-get (install, update, upgrade) or apt-cache (search, show).",
    "DL3027"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (_, script, command) in analysis.Commands)
        {
            if (command.Is("apt"))
            {
                yield return Report(script.SpanOf(command), analysis.VerbOf(command) ?? string.Empty);
            }
        }
    }
}
