using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Stages;

/// <summary>DF017: a base image from a registry not in <c>check: trusted_registries</c> (only when that list is set).</summary>
public sealed class UntrustedRegistryRule() : DockerfileRule(Describe(
    "DF017", "Untrusted registry", RuleCategories.Security, Severity.Error,
    "Base image '{0}' comes from '{1}', which is not a trusted registry ({2})",
    "Your configuration allows base images only from the registries in check: trusted_registries. Use an image from one of them (a mirror of the public image, for example), or add the registry to the list.",
    "DL3026"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        var trusted = analysis.Options.TrustedRegistries;
        if (trusted.Count == 0)
        {
            yield break;
        }
        foreach (var stage in analysis.Stages)
        {
            if (stage.Image is { } image && !image.IsScratch && !IsTrusted(image.EffectiveRegistry, trusted))
            {
                yield return Report(stage.Stage.From.Image.Span, stage.BaseName.Text, image.EffectiveRegistry, string.Join(", ", trusted));
            }
        }
    }

    public static bool IsTrusted(string registry, IReadOnlyList<string> trusted)
    {
        static string Normalize(string name) => name.ToLowerInvariant() switch
        {
            "index.docker.io" or "registry-1.docker.io" or "registry.hub.docker.com" or "hub.docker.com" => "docker.io",
            var other => other,
        };
        var host = Normalize(registry);
        foreach (var entry in trusted)
        {
            var pattern = Normalize(entry.Trim());
            if (pattern == host || pattern == "*")
            {
                return true;
            }
            if (pattern.StartsWith("*.", StringComparison.Ordinal) && host.EndsWith(pattern[1..], StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
