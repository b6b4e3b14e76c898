using Drydock.Dockerfiles.Parsing;
using Drydock.Dockerfiles.Stages;
using Drydock.Findings;
using Drydock.Text;

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
                foreach (var (value, span) in ImageReferences(analysis, instruction))
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
    internal static IEnumerable<(string Value, SourceSpan Span)> ImageReferences(DockerfileAnalysis analysis, Instruction instruction)
    {
        var stage = analysis.StageOf(instruction);
        var index = stage?.Stage.Index ?? int.MaxValue;
        var references = instruction switch
        {
            CopyInstruction { From: { Value: { } from } flag } => [(from, flag.Span)],
            RunInstruction run => run.Flags.Where(f => f.Name == "mount" && f.Value is not null)
                .Select(f => (Mount: InstructionBuilder.ParseMount(f.Value!), f.Span))
                .Where(m => m.Mount.ContainsKey("from")).Select(m => (m.Mount["from"], m.Span)),
            _ => [],
        };
        foreach (var (raw, span) in references)
        {
            var value = analysis.Expand(instruction, raw);
            if (value.IsResolved && analysis.Resolution.ResolveStageReference(instruction, raw, index) is null && value.Text.Contains(':', StringComparison.Ordinal))
            {
                yield return (value.Text, span);
            }
        }
    }
}
