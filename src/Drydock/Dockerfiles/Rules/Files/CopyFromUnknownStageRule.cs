using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Files;

/// <summary>DF023: COPY --from names neither an earlier stage nor anything that looks like an image.</summary>
public sealed class CopyFromUnknownStageRule() : DockerfileRule(Describe(
    "DF023", "COPY --from an unknown stage", RuleCategories.Correctness, Severity.Warning,
    "COPY --from={0} {1}",
    "--from takes the name or index of an earlier stage, or an image reference. A bare name that matches no earlier stage is pulled as an image from Docker Hub, which is rarely what was meant: check the stage name.",
    "DL3022"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        var names = analysis.Document.Stages.Select(s => s.Name).OfType<string>().ToList();
        foreach (var (stage, copy) in analysis.All<CopyInstruction>())
        {
            if (copy.From is not { Value: { } raw } flag)
            {
                continue;
            }
            var value = analysis.Expand(copy, raw);
            if (!value.IsResolved || analysis.Resolution.ResolveStageReference(copy, raw, stage.Stage.Index) is not null)
            {
                continue;
            }
            var text = value.Text;
            if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
            {
                if (index != stage.Stage.Index)
                {
                    yield return Report(flag.Span, text, $"refers to stage index {index}, but only stages 0 to {stage.Stage.Index - 1} come before it");
                }
                continue;
            }
            if (text.IndexOfAny(['/', ':', '@', '.']) >= 0 || string.Equals(text, stage.Stage.Name, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var later = analysis.Document.FindStage(text);
            var detail = later is not null
                ? $"refers to stage '{later.Name}', which is defined later (line {later.From.StartLine})"
                : RuleText.Suggest(text.ToLowerInvariant(), names) is { } suggestion
                    ? $"names no earlier stage (did you mean '{suggestion}'?) and will be pulled as an image"
                    : "names no earlier stage and will be pulled as an image";
            yield return Report(flag.Span, text, detail);
        }
    }
}
