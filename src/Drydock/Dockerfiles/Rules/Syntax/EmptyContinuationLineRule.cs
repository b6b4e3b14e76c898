using Drydock.Findings;
using Drydock.Text;

namespace Drydock.Dockerfiles.Rules.Syntax;

/// <summary>DF003: an empty line inside a continued instruction (BuildKit: NoEmptyContinuation).</summary>
public sealed class EmptyContinuationLineRule() : DockerfileRule(Describe(
    "DF003", "Empty continuation line", RuleCategories.Syntax, Severity.Warning,
    "Empty line {0} inside the continued instruction '{1}'",
    "BuildKit skips empty lines inside a continuation today and will treat them as errors in a future release. Remove the empty line, or end the instruction before it.",
    "NoEmptyContinuation"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        var lines = analysis.Document.Text.Split('\n');
        foreach (var warning in analysis.Document.Syntax.Warnings)
        {
            var line = warning.Span.Line;
            for (var number = warning.Span.Line + 1; number <= warning.Span.EndLine && number <= lines.Length; number++)
            {
                if (lines[number - 1].Trim().Length == 0)
                {
                    line = number;
                    break;
                }
            }
            yield return Report(SourceSpan.At(analysis.Path, line, 1), line, RuleText.Excerpt(warning.Line, 40));
        }
    }
}
