using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Packages;

/// <summary>DF068: upgrading the whole distribution in an image.</summary>
public sealed class DistUpgradeRule() : DockerfileRule(Describe(
    "DF068", "Distribution upgrade", RuleCategories.Reliability, Severity.Warning,
    "'{0} {1}' upgrades the whole distribution inside the image",
    "A distribution upgrade can change the base system under your application, differently from build to build. Use a newer base image instead; to apply security fixes, 'apt-get upgrade' (without dist-) is enough.",
    "DL3005", "DL3035", "DS-0024"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (_, script, command) in analysis.Commands)
        {
            var verb = analysis.VerbOf(command);
            if (command.Is("apt-get", "apt") && verb is "dist-upgrade" or "full-upgrade" || command.Is("zypper") && verb is "dist-upgrade" or "dup")
            {
                yield return Report(script.SpanOf(command), command.Name, verb);
            }
        }
    }
}

/// <summary>DF069: an index update in a RUN that installs nothing: a later install may use the cached, stale layer.</summary>
public sealed class UpdateAloneRule() : DockerfileRule(Describe(
    "DF069", "Package index update alone", RuleCategories.Reliability, Severity.Warning,
    "'{0} update' runs in a RUN that installs nothing: a later install can use this layer's stale index from the cache",
    "The build cache keeps the update layer, so a later change to the install line installs from an old index (or fails on removed versions). Update and install in the same RUN: apt-get update && apt-get install -y ….",
    "DS-0017"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (_, script, command) in analysis.Commands)
        {
            if (!PackageRuleHelpers.IsUpdate(analysis, command, "apt-get", "apt", "apk"))
            {
                continue;
            }
            var family = command.Is("apk") ? new[] { "apk" } : ["apt-get", "apt"];
            var installs = analysis.Scripts(script.Run).SelectMany(s => s.Commands).Any(c => c.Is(family) && analysis.VerbOf(c) is "install" or "add" or "upgrade" or "dist-upgrade" or "reinstall");
            if (!installs)
            {
                yield return Report(script.SpanOf(command), command.Name);
            }
        }
    }
}

/// <summary>DF070: apt-get install without apt-get update in the same RUN.</summary>
public sealed class InstallWithoutUpdateRule() : DockerfileRule(Describe(
    "DF070", "apt-get install without update", RuleCategories.Reliability, Severity.Warning,
    "'{0} install' runs without '{0} update' in the same RUN: it uses whatever package index the base image or a cached layer has",
    "Official Debian and Ubuntu images ship without package lists, and a cached 'update' layer goes stale. Run apt-get update && apt-get install … in one RUN."))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (_, script, install) in PackageRuleHelpers.Installs(analysis))
        {
            if (install.Manager is not (PackageManager.AptGet or PackageManager.Apt) || install.Packages.Count == 0
                || install.Packages.All(p => p.Value.EndsWith(".deb", StringComparison.Ordinal) || p.Value.StartsWith('.') || p.Value.StartsWith('/'))
                || script.Run.HasCacheMountOn("/var/lib/apt/lists"))
            {
                continue;
            }
            var updated = analysis.Scripts(script.Run).Any(other => other.Commands.Any(c =>
                PackageRuleHelpers.IsUpdate(analysis, c, "apt-get", "apt") && (!ReferenceEquals(other, script) || c.Start < install.Command.Start)));
            if (!updated)
            {
                yield return Report(script.SpanOf(install.Command), install.Command.Name);
            }
        }
    }
}

/// <summary>DF072: npm install resolves versions again instead of installing the lock file.</summary>
public sealed class NpmCiRule() : DockerfileRule(Describe(
    "DF072", "npm install instead of npm ci", RuleCategories.Reliability, Severity.Info,
    "'npm {0}' re-resolves dependency versions: use 'npm ci' to install exactly what package-lock.json says",
    "npm ci installs the versions of package-lock.json, fails when it is out of date, and starts from a clean node_modules: the build is repeatable. Copy package.json and package-lock.json, then RUN npm ci."))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (_, script, install) in PackageRuleHelpers.Installs(analysis))
        {
            if (install.Manager == PackageManager.Npm && install.Packages.Count == 0 && !install.Command.HasFlag("-g", "--global"))
            {
                yield return Report(script.SpanOf(install.Command), install.Subcommand);
            }
        }
    }
}
