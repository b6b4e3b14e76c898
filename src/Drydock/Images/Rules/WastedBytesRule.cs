using Drydock.Findings;
using Drydock.Measurements;

namespace Drydock.Images.Rules;

/// <summary>IM010: more wasted bytes than the project allows (dive's definition: files a later layer overwrote or removed).</summary>
public sealed class WastedBytesRule() : Rule<ImageRuleContext>(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "IM010",
        "Wasted bytes above the limit",
        RuleCategories.Performance,
        Severity.Warning,
        "The image wastes {0} (limit {1}, efficiency {2:0.0}%): largest is {3} ({4} in {5} layers).",
        "Files written in one layer and overwritten or deleted in a later one still ship in the earlier layer. Delete in the same RUN that creates (`RUN download && use && rm`), set permissions with `COPY --chmod`/`--chown` instead of a later `chmod`/`chown`, or build in a separate stage.")
    {
        Aliases = ["highestWastedBytes"],
    };

    public override IEnumerable<Finding> Check(ImageRuleContext context)
    {
        var analysis = context.Analysis;
        if (analysis.WastedBytes <= context.Options.MaxWastedBytes)
        {
            yield break;
        }
        var largest = analysis.FileSystem.Waste.WastedPaths()[0];
        yield return Report(context.Span, Units.FormatBytes(analysis.WastedBytes), Units.FormatBytes(context.Options.MaxWastedBytes), analysis.Efficiency * 100, largest.Path, Units.FormatBytes(largest.TotalBytes), largest.Occurrences);
    }
}
