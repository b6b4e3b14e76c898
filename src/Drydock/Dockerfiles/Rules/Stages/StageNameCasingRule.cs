using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Stages;

/// <summary>DF011: BuildKit lower-cases stage names, so an upper-case name is misleading (BuildKit: StageNameCasing).</summary>
public sealed class StageNameCasingRule() : DockerfileRule(Describe(
    "DF011", "Stage name is not lowercase", RuleCategories.Style, Severity.Info,
    "Stage name '{0}' should be lowercase",
    "Stage names are case-insensitive: BuildKit lower-cases them, so 'Build' and 'build' are the same stage. Write them in lower case.",
    "StageNameCasing"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var stage in analysis.Document.Stages)
        {
            if (stage.From.StageName is { } name && name.Value != name.Value.ToLowerInvariant())
            {
                yield return Report(name.Span, name.Value);
            }
        }
    }
}
