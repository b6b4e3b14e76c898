using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Stages;

/// <summary>DF014: a base image without a tag or digest, which means whatever 'latest' is today.</summary>
public sealed class UntaggedImageRule() : DockerfileRule(Describe(
    "DF014", "Base image without a tag", RuleCategories.Reliability, Severity.Warning,
    "Base image '{0}' has no tag, so it is whatever 'latest' is when the build runs",
    "Without a tag the build pulls ':latest', which changes under you. Pin a version tag (python:3.12-slim), or a digest for reproducible builds.",
    "DL3006"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var stage in analysis.Stages)
        {
            if (stage.Image is { Tag: null, Digest: null } image && !image.IsScratch)
            {
                yield return Report(stage.Stage.From.Image.Span, stage.BaseName.Text);
            }
        }
    }
}
