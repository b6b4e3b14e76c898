using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Stages;

/// <summary>DF022: a stage the target never uses (BuildKit skips it silently).</summary>
public sealed class UnusedStageRule() : DockerfileRule(Describe(
    "DF022", "Unused stage", RuleCategories.Maintainability, Severity.Info,
    "Stage {0} is not used to build the target stage {1}",
    "BuildKit only builds the stages the target needs (FROM another stage, COPY --from, RUN --mount from=). A stage nothing refers to is dead code unless you build it with --target; remove it, or refer to it."))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        if (analysis.Resolution.Target is not { } target || analysis.Stages.Count < 2)
        {
            yield break;
        }
        foreach (var stage in analysis.Stages)
        {
            if (!stage.IsReachable)
            {
                var from = stage.Stage.From;
                yield return Report(from.StageName?.Span ?? from.KeywordSpan, stage.Stage.DisplayName, target.Stage.DisplayName);
            }
        }
    }
}
