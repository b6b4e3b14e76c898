using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Scripts;

/// <summary>DF056: sudo in RUN.</summary>
public sealed class SudoRule() : DockerfileRule(Describe(
    "DF056", "sudo in RUN", RuleCategories.Security, Severity.Error,
    "RUN uses sudo: '{0}'",
    "sudo needs a TTY and configuration, behaves differently across images, and keeps a privilege-escalation tool in the image. Switch with USER root for the steps that need it, then back; at run time use gosu or su-exec.",
    "DL3004", "DS-0010"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (_, script, command) in analysis.Commands)
        {
            if (command.Is("sudo"))
            {
                yield return Report(script.SpanOf(command), RuleText.Excerpt(command.ToString(), 50));
            }
        }
    }
}
