using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Files;

/// <summary>DF024: COPY --from the stage the COPY is in.</summary>
public sealed class CopyFromOwnStageRule() : DockerfileRule(Describe(
    "DF024", "COPY --from its own stage", RuleCategories.Correctness, Severity.Error,
    "COPY --from={0} refers to the stage it is in",
    "A stage cannot copy from itself: BuildKit reports a circular dependency. Copy from an earlier stage, or use a path of the current stage with RUN cp.",
    "DL3023", "DS-0006"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (stage, copy) in analysis.All<CopyInstruction>())
        {
            if (copy.From is not { Value: { } raw } flag)
            {
                continue;
            }
            var value = analysis.Expand(copy, raw).Text;
            if (string.Equals(value, stage.Stage.Name, StringComparison.OrdinalIgnoreCase) || value == stage.Stage.Index.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                yield return Report(flag.Span, value);
            }
        }
    }
}
