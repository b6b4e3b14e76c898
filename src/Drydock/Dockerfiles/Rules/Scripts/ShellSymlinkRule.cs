using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Scripts;

/// <summary>DF077: replacing /bin/sh with a symlink instead of using SHELL.</summary>
public sealed class ShellSymlinkRule() : DockerfileRule(Describe(
    "DF077", "Default shell replaced by a symlink", RuleCategories.Maintainability, Severity.Warning,
    "RUN links '{0}' to /bin/sh: use the SHELL instruction",
    "Replacing /bin/sh changes the shell for every later step and for scripts in the image, invisibly. Set the shell for RUN with SHELL [\"/bin/bash\", \"-c\"].",
    "DL4005"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (_, script, command) in analysis.Commands)
        {
            if (!command.Is("ln") || !command.HasFlag("-s", "--symbolic"))
            {
                continue;
            }
            var positionals = command.Positionals();
            if (positionals.Count >= 2 && positionals[^1].Value == "/bin/sh")
            {
                yield return Report(script.SpanOf(command), positionals[0].Value);
            }
        }
    }
}
