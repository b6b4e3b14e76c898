using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Stages;

/// <summary>DF016 (off by default): a base image pinned by tag only; tags can be re-pushed.</summary>
public sealed class ImageDigestRule() : DockerfileRule(Describe(
    "DF016", "Base image not pinned by digest", RuleCategories.Security, Severity.Info,
    "Base image '{0}' is pinned by tag only; a tag can be moved to another image",
    "For a fully reproducible and tamper-evident build, add the digest: image:tag@sha256:…. Tools such as Renovate or Dependabot keep digests up to date. Enable this rule in drydock.yml (check: enable: [DF016]) when your team pins digests.")
    with { EnabledByDefault = false })
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var stage in analysis.Stages)
        {
            if (stage.Image is { Digest: null, Tag: not null } image && !image.IsScratch)
            {
                yield return Report(stage.Stage.From.Image.Span, stage.BaseName.Text);
            }
        }
    }
}
