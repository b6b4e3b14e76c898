using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Scripts;

/// <summary>DF078: a RUN script the shell cannot parse (unterminated quote, unbalanced parenthesis).</summary>
public sealed class ShellSyntaxRule() : DockerfileRule(Describe(
    "DF078", "Shell syntax error in RUN", RuleCategories.Correctness, Severity.Warning,
    "RUN script has a syntax error: {0}",
    "The shell will refuse this script and the build will fail at this step. Check quotes and parentheses; remember that a line continuation joins the lines into one shell command."))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (_, script) in analysis.AllScripts)
        {
            foreach (var error in script.Script.Errors)
            {
                yield return Report(script.Map(error.Offset, error.Offset + 1), error.Message);
            }
        }
    }
}
