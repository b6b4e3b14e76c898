using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Stages;

/// <summary>DF021: <c>FROM --platform=$TARGETPLATFORM</c> is the default (BuildKit: RedundantTargetPlatform).</summary>
public sealed class RedundantTargetPlatformRule() : DockerfileRule(Describe(
    "DF021", "Redundant --platform=$TARGETPLATFORM", RuleCategories.Style, Severity.Info,
    "Setting platform to predefined {0} in FROM is redundant as this is the default behavior",
    "FROM already pulls the target platform's image. Remove the flag.",
    "RedundantTargetPlatform", "DL3065"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var stage in analysis.Document.Stages)
        {
            if (stage.From.Platform is { Value: "$TARGETPLATFORM" or "${TARGETPLATFORM}" } flag)
            {
                yield return Report(flag.Span, flag.Value);
            }
        }
    }
}
