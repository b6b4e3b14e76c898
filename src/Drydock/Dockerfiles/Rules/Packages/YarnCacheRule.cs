using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Packages;

/// <summary>DF071: yarn install without cleaning its cache.</summary>
public sealed class YarnCacheRule() : DockerfileRule(Describe(
    "DF071", "yarn cache not cleaned", RuleCategories.Performance, Severity.Info,
    "'yarn {0}' leaves yarn's cache in the image: add 'yarn cache clean' to the same RUN",
    "Yarn keeps a copy of every package in its cache. Clean it in the same RUN, or use a cache mount (RUN --mount=type=cache,target=/usr/local/share/.cache/yarn).",
    "DL3060"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (stage, script, install) in PackageRuleHelpers.Installs(analysis))
        {
            if (install.Manager != PackageManager.Yarn || !PackageRuleHelpers.InImage(analysis, stage)
                || script.Run.Mounts.Any(m => m.TryGetValue("target", out var target) && target.Contains("yarn", StringComparison.Ordinal))
                || PackageRuleHelpers.RunDoes(analysis, script, c => c.Is("yarn") && c.Arguments.FirstOrDefault()?.Value == "cache"))
            {
                continue;
            }
            yield return Report(script.SpanOf(install.Command), install.Subcommand);
        }
    }
}
