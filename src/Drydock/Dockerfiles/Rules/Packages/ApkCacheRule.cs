using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Packages;

/// <summary>DF065: apk add keeps its cache unless told not to.</summary>
public sealed class ApkCacheRule() : DockerfileRule(Describe(
    "DF065", "apk add without --no-cache", RuleCategories.Performance, Severity.Info,
    "'apk add {0}' keeps the package index in the image: use apk add --no-cache",
    "apk add --no-cache fetches the index, installs and leaves nothing behind, which also makes 'apk update' and 'rm -rf /var/cache/apk/*' unnecessary.",
    "DL3019", "DS-0025"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (stage, script, install) in PackageRuleHelpers.Installs(analysis))
        {
            if (install.Manager != PackageManager.Apk || install.Command.HasFlag("--no-cache") || !PackageRuleHelpers.InImage(analysis, stage)
                || script.Run.HasCacheMountOn("/var/cache/apk") || PackageRuleHelpers.RunDoes(analysis, script, c => PackageRuleHelpers.Removes(c, "/var/cache/apk")))
            {
                continue;
            }
            yield return Report(script.SpanOf(install.Command), string.Join(' ', install.Packages.Take(3).Select(p => p.Value)));
        }
    }
}
