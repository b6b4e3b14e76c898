using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Packages;

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
