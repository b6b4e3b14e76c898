using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Packages;

/// <summary>DF067: pip keeps downloaded wheels in ~/.cache/pip.</summary>
public sealed class PipCacheRule() : DockerfileRule(Describe(
    "DF067", "pip install without --no-cache-dir", RuleCategories.Performance, Severity.Info,
    "'{0}' keeps pip's download cache in the image: add --no-cache-dir",
    "pip caches every downloaded wheel under ~/.cache/pip, which then stays in the layer. Use pip install --no-cache-dir, set ENV PIP_NO_CACHE_DIR=1, or use a cache mount (RUN --mount=type=cache,target=/root/.cache/pip).",
    "DL3042"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (stage, script, install) in PackageRuleHelpers.Installs(analysis))
        {
            if (install.Manager != PackageManager.Pip || install.Command.HasFlag("--no-cache-dir") || !PackageRuleHelpers.InImage(analysis, stage))
            {
                continue;
            }
            var scope = analysis.Resolution.ScopeBefore(script.Run);
            if (scope.Find("PIP_NO_CACHE_DIR") is { Value.Length: > 0 })
            {
                continue;
            }
            if (script.Run.Mounts.Any(m => m.TryGetValue("target", out var target) && target.Contains(".cache/pip", StringComparison.Ordinal))
                || PackageRuleHelpers.RunDoes(analysis, script, c => c.Is("rm") && c.Arguments.Any(a => a.Value.Contains(".cache/pip", StringComparison.Ordinal))))
            {
                continue;
            }
            yield return Report(script.SpanOf(install.Command), RuleText.Excerpt(install.Command.ToString(), 50));
        }
    }
}
