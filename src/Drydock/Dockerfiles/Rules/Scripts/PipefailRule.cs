using Drydock.Dockerfiles.Shell;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Scripts;

/// <summary>DF054: a pipeline in RUN without pipefail hides the failure of every command but the last.</summary>
public sealed class PipefailRule() : DockerfileRule(Describe(
    "DF054", "Pipe without pipefail", RuleCategories.Reliability, Severity.Warning,
    "RUN pipes '{0}' into '{1}' without pipefail: if '{0}' fails, the build goes on",
    "A pipeline's status is its last command's. Set SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"] (or /bin/ash on Alpine) before the RUN, or start the script with set -o pipefail.",
    "DL4006"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (stage, script) in analysis.AllScripts)
        {
            if (stage.Shell.Any(argument => argument.Contains("pipefail", StringComparison.Ordinal)))
            {
                continue;
            }
            var pipefailAt = script.Commands.Where(c => c.Is("set") && c.Arguments.Any(a => a.Value.Contains("pipefail", StringComparison.Ordinal)))
                .Select(c => c.Start).DefaultIfEmpty(int.MaxValue).Min();
            foreach (var pipeline in script.Script.Pipelines)
            {
                var first = pipeline[0];
                if (first.Start > pipefailAt || (first.Context & (ShellCommandContext.Substitution | ShellCommandContext.Condition)) != 0)
                {
                    continue;
                }
                if (pipeline.Take(pipeline.Count - 1).All(CannotFail))
                {
                    continue; // echo "$sha  file" | sha256sum -c -: nothing on the left whose failure pipefail would reveal
                }
                yield return Report(script.SpanOf(first), first.Name, pipeline[^1].Name);
            }
        }
    }

    /// <summary>
    /// A command whose failure would mean nothing: echo, printf, true or yes of literal words, and cat of a heredoc or
    /// of its standard input (no file to miss). A command substitution in its words can fail, so it does not count.
    /// </summary>
    private static bool CannotFail(ShellCommand command)
    {
        if (command.Arguments.Any(argument => argument.Raw.Contains("$(", StringComparison.Ordinal) || argument.Raw.Contains('`', StringComparison.Ordinal))
            || command.Redirections.Any(redirection => redirection.Operator is "<"))
        {
            return false;
        }
        return command.Is("echo", "printf", "true", "yes", ":")
            || command.Is("cat") && command.Arguments.All(argument => argument.Value == "-");
    }
}
