using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Stages;

/// <summary>DF012: two stages with the same name.</summary>
public sealed class DuplicateStageNameRule() : DockerfileRule(Describe(
    "DF012", "Duplicate stage name", RuleCategories.Correctness, Severity.Error,
    "Stage name '{0}' is already used by the stage at line {1}",
    "Stage names must be unique: BuildKit refuses the file, and references such as COPY --from become ambiguous. Rename one of the stages.",
    "DuplicateStageName", "DL3024", "DS-0012"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var stage in analysis.Document.Stages)
        {
            if (stage.Name is not { } name || stage.From.StageName is not { } written)
            {
                continue;
            }
            if (seen.TryGetValue(name, out var line))
            {
                yield return Report(written.Span, written.Value, line);
            }
            else
            {
                seen[name] = stage.From.StartLine;
            }
        }
    }
}
