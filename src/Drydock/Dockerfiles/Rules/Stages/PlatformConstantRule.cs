using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Stages;

/// <summary>DF020: <c>FROM --platform=linux/amd64</c> with a constant, which breaks multi-platform builds (BuildKit: FromPlatformFlagConstDisallowed).</summary>
public sealed class PlatformConstantRule() : DockerfileRule(Describe(
    "DF020", "Constant FROM --platform", RuleCategories.Reliability, Severity.Warning,
    "FROM --platform uses the constant '{0}'",
    "A fixed platform pulls that platform's image on every builder and for every target, so a multi-platform build silently gets one architecture (and emulation). Use $BUILDPLATFORM for build tools, or leave --platform out. A stage named after the platform (AS build-amd64) is taken as intended.",
    "FromPlatformFlagConstDisallowed", "DL3029"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var stage in analysis.Document.Stages)
        {
            if (stage.From.Platform is { Value: { } platform } flag && !platform.Contains('$', StringComparison.Ordinal))
            {
                var architecture = platform.Split('/').Skip(1).FirstOrDefault();
                if (architecture is not null && stage.Name is { } name && name.Contains(architecture, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
                yield return Report(flag.Span, platform);
            }
        }
    }
}
