using Drydock.Dockerfiles.Shell;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Scripts;

/// <summary>DF055: <c>cd</c> in RUN to set the working directory (not inside a subshell).</summary>
public sealed class CdRule() : DockerfileRule(Describe(
    "DF055", "cd instead of WORKDIR", RuleCategories.Maintainability, Severity.Info,
    "RUN changes directory with 'cd {0}': use WORKDIR",
    "A cd lasts only until the end of its RUN, which makes later instructions easy to get wrong. Set the directory with WORKDIR; for a one-off directory, use a subshell: (cd /src && make).",
    "DL3003", "DS-0013"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (_, script, command) in analysis.Commands)
        {
            if (command.Is("cd") && (command.Context & (ShellCommandContext.Subshell | ShellCommandContext.Substitution)) == 0
                && command.Arguments.FirstOrDefault() is { Value: not "-" } target)
            {
                yield return Report(script.SpanOf(command), target.Value);
            }
        }
    }
}
