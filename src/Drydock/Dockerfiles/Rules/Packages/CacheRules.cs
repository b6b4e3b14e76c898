using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Packages;

/// <summary>DF064: apt-get update leaves package lists in the layer.</summary>
public sealed class AptListsRule() : DockerfileRule(Describe(
    "DF064", "apt lists not removed", RuleCategories.Performance, Severity.Info,
    "'{0} update' leaves the package lists in the image: end the RUN with rm -rf /var/lib/apt/lists/*",
    "The package lists take tens of megabytes and are useless at run time. Remove them in the same RUN (&& rm -rf /var/lib/apt/lists/*), or use a cache mount: RUN --mount=type=cache,target=/var/lib/apt/lists.",
    "DL3009"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (stage, script, command) in analysis.Commands)
        {
            if (!PackageRuleHelpers.IsUpdate(analysis, command, "apt-get", "apt") || !PackageRuleHelpers.InImage(analysis, stage) || script.Run.HasCacheMountOn("/var/lib/apt/lists")
                || PackageRuleHelpers.RunDoes(analysis, script, c => PackageRuleHelpers.Removes(c, "/var/lib/apt/lists")))
            {
                continue;
            }
            yield return Report(script.SpanOf(command), command.Name);
        }
    }
}

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
