using Drydock.Dockerfiles.Parsing;
using Drydock.Dockerfiles.Stages;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Stages;

/// <summary>DF015: an image pinned to ':latest' (FROM, COPY --from, RUN --mount from=).</summary>
public sealed class LatestTagRule() : DockerfileRule(Describe(
    "DF015", "Image tag 'latest'", RuleCategories.Reliability, Severity.Warning,
    "Image '{0}' uses the 'latest' tag, which changes whenever a new version is pushed",
    "'latest' is a moving target: two builds of the same Dockerfile can get different images. Pin a version tag, or a digest.",
    "DL3007", "DS-0001"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var stage in analysis.Stages)
        {
            if (stage.Image is { Tag: { } tag } && tag.Equals("latest", StringComparison.OrdinalIgnoreCase))
            {
                yield return Report(stage.Stage.From.Image.Span, stage.BaseName.Text);
            }
            foreach (var instruction in stage.Stage.Instructions)
            {
                foreach (var (value, span, _) in ImageReferences(analysis, instruction))
                {
                    if (ImageReference.TryParse(value, out var reference) && reference.Tag is { } otherTag && otherTag.Equals("latest", StringComparison.OrdinalIgnoreCase))
                    {
                        yield return Report(span, value);
                    }
                }
            }
        }
    }

    /// <summary>Images named by COPY --from and RUN --mount from= (not stages).</summary>
    internal static IEnumerable<ValueAt> ImageReferences(DockerfileAnalysis analysis, Instruction instruction)
    {
        var stage = analysis.StageOf(instruction);
        var index = stage?.Stage.Index ?? int.MaxValue;
        var references = new List<ValueAt>();
        if (instruction is CopyInstruction { From: { Value: { } from } fromFlag })
        {
            references.Add(new ValueAt(from, fromFlag.Span));
        }
        else if (instruction is RunInstruction run)
        {
            foreach (var flag in run.Flags)
            {
                if (flag is { Name: "mount", Value: { } mount } && InstructionBuilder.ParseMount(mount).TryGetValue("from", out var image))
                {
                    references.Add(new ValueAt(image, flag.Span));
                }
            }
        }
        foreach (var (raw, span, _) in references)
        {
            var value = analysis.Expand(instruction, raw);
            if (value.IsResolved && analysis.Resolution.ResolveStageReference(instruction, raw, index) is null && value.Text.Contains(':', StringComparison.Ordinal))
            {
                yield return new ValueAt(value.Text, span);
            }
        }
    }
}
