using Drydock.Dockerfiles.Stages;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Stages;

/// <summary>DF019: with the ARG defaults alone, FROM gives an empty or invalid image name (BuildKit: InvalidDefaultArgInFrom).</summary>
public sealed class InvalidDefaultArgInFromRule() : DockerfileRule(Describe(
    "DF019", "ARG default gives an invalid base image", RuleCategories.Correctness, Severity.Warning,
    "Default value for ARG {0} results in empty or invalid base image name '{1}'",
    "Building without --build-arg must still work: give the ARG a default that makes a valid image reference (ARG BASE=python:3.12-slim), or check the expression.",
    "InvalidDefaultArgInFrom"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        if (!analysis.Document.Stages.Any(stage => stage.From.Image.Value.Contains('$', StringComparison.Ordinal)))
        {
            yield break;
        }
        var defaults = analysis.Options.BuildArgs.Count == 0 ? analysis.Resolution.GlobalScope : analysis.Document.Resolve().GlobalScope;
        foreach (var stage in analysis.Document.Stages)
        {
            var raw = stage.From.Image.Value;
            if (!raw.Contains('$', StringComparison.Ordinal))
            {
                continue;
            }
            var expanded = defaults.ExpandLikeBuildKit(raw, analysis.Document.EscapeToken);
            if (expanded.Failed)
            {
                continue;
            }
            var name = expanded.Result;
            var valid = name.Length > 0 && (ImageReference.TryParse(name, out _) || analysis.Document.FindStage(name, stage.Index) is not null);
            if (!valid)
            {
                yield return Report(stage.From.Image.Span, raw, name);
            }
        }
    }
}
