using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Packages;

/// <summary>DF066: yum, dnf, microdnf and zypper caches left in the image.</summary>
public sealed class RpmCacheRule() : DockerfileRule(Describe(
    "DF066", "Package cache not cleaned", RuleCategories.Performance, Severity.Warning,
    "'{0} {1}' leaves its cache in the image: add '{2}' to the same RUN",
    "The package manager's cache (metadata and downloaded packages) stays in the layer unless the same RUN cleans it: yum clean all, dnf clean all, microdnf clean all, zypper clean --all. A cache mount on /var/cache/… works too.",
    "DL3032", "DL3036", "DL3040", "DS-0015", "DS-0019", "DS-0020", "DS-0027"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (stage, script, install) in PackageRuleHelpers.Installs(analysis))
        {
            var (tool, cacheDirectory, clean) = install.Manager switch
            {
                PackageManager.Yum => ("yum", "/var/cache/yum", "yum clean all"),
                PackageManager.Dnf => ("dnf", "/var/cache/dnf", "dnf clean all"),
                PackageManager.Microdnf => ("microdnf", "/var/cache/yum", "microdnf clean all"),
                PackageManager.Zypper => ("zypper", "/var/cache/zypp", "zypper clean --all"),
                _ => (null, string.Empty, string.Empty),
            };
            if (tool is null || !PackageRuleHelpers.InImage(analysis, stage) || script.Run.HasCacheMountOn(cacheDirectory))
            {
                continue;
            }
            var cleaned = PackageRuleHelpers.RunDoes(analysis, script, c =>
                c.Is(tool) && analysis.VerbOf(c) is "clean" or "cc" || PackageRuleHelpers.Removes(c, cacheDirectory) || PackageRuleHelpers.Removes(c, "/var/cache/dnf") || PackageRuleHelpers.Removes(c, "/var/cache/yum"));
            if (!cleaned)
            {
                yield return Report(script.SpanOf(install.Command), tool, install.Subcommand, clean);
            }
        }
    }
}
