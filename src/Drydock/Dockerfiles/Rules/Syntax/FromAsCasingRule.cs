using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Syntax;

/// <summary>DF007: <c>FROM … as name</c> with keywords of different case (BuildKit: FromAsCasing).</summary>
public sealed class FromAsCasingRule() : DockerfileRule(Describe(
    "DF007", "FROM and AS casing differ", RuleCategories.Style, Severity.Info,
    "'{0}' and '{1}' keywords' casing do not match",
    "Write 'AS' in the same case as 'FROM' ('FROM image AS name' or 'from image as name').",
    "FromAsCasing"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var stage in analysis.Document.Stages)
        {
            if (stage.From.AsKeyword is { } asKeyword)
            {
                var fromUpper = stage.From.Keyword == stage.From.Keyword.ToUpperInvariant();
                var asUpper = asKeyword.Value == asKeyword.Value.ToUpperInvariant();
                if (fromUpper != asUpper)
                {
                    yield return Report(asKeyword.Span, asKeyword.Value, stage.From.Keyword);
                }
            }
        }
    }
}
