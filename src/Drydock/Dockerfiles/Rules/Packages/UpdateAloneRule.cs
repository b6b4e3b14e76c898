using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Packages;

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
