using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Packages;

/// <summary>DF060: an install that waits for a yes the build never gives.</summary>
public sealed class NonInteractiveInstallRule() : DockerfileRule(Describe(
    "DF060", "Package install asks for confirmation", RuleCategories.Reliability, Severity.Warning,
    "'{0} {1}' without {2} waits for a confirmation the build cannot give",
    "Without the non-interactive switch the package manager asks 'Do you want to continue?', reads end-of-file and aborts. Add -y (apt-get, yum, dnf) or -n / --non-interactive (zypper).",
    "DL3014", "DL3030", "DL3034", "DL3038", "DS-0021"))
{
    private static readonly string[] AptVerbs = ["install", "reinstall", "upgrade", "dist-upgrade", "full-upgrade", "remove", "purge", "autoremove"];
    private static readonly string[] RpmVerbs = ["install", "reinstall", "update", "upgrade", "remove", "erase", "groupinstall", "localinstall"];
    private static readonly string[] ZypperVerbs = ["install", "in", "update", "up", "remove", "rm", "dist-upgrade", "dup", "patch"];

    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (_, script, command) in analysis.Commands)
        {
            var verb = analysis.VerbOf(command);
            if (verb is null)
            {
                continue;
            }
            var missing = command.Name switch
            {
                "apt-get" or "apt" when AptVerbs.Contains(verb) && !command.HasFlag("-y", "--yes", "--assume-yes") && !IsQuietQuiet(command) => "-y",
                "yum" or "dnf" when RpmVerbs.Contains(verb) && !command.HasFlag("-y", "--assumeyes") => "-y",
                "zypper" when ZypperVerbs.Contains(verb) && !command.HasFlag("-n", "--non-interactive", "-y", "--no-confirm") => "-n",
                _ => null,
            };
            if (missing is not null)
            {
                yield return Report(script.SpanOf(command), command.Name, verb, missing);
            }
        }
    }

    /// <summary>apt-get -qq implies -y.</summary>
    private static bool IsQuietQuiet(Drydock.Dockerfiles.Shell.ShellCommand command) =>
        command.Arguments.Any(a => a.Value == "-qq" || a.Value == "-q=2" || a.Value.StartsWith("-qq", StringComparison.Ordinal)) || command.HasFlag("--quiet=2");
}
