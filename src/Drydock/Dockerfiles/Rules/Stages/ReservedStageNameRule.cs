using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Stages;

/// <summary>DF013: a stage named like a reserved name (scratch, context).</summary>
public sealed class ReservedStageNameRule() : DockerfileRule(Describe(
    "DF013", "Reserved stage name", RuleCategories.Correctness, Severity.Error,
    "Stage name '{0}' is reserved",
    "'scratch' (the empty image) and 'context' (the build context) have a meaning of their own in FROM and COPY --from. Give the stage another name.",
    "ReservedStageName", "DL3063"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var stage in analysis.Document.Stages)
        {
            if (stage.Name is "scratch" or "context" && stage.From.StageName is { } written)
            {
                yield return Report(written.Span, written.Value);
            }
        }
    }
}
