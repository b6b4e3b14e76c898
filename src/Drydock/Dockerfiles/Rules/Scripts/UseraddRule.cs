using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Scripts;

/// <summary>DF073: useradd with a large UID and no -l grows /var/log/lastlog and faillog to gigabytes.</summary>
public sealed class UseraddRule() : DockerfileRule(Describe(
    "DF073", "useradd with a high UID without -l", RuleCategories.Performance, Severity.Warning,
    "useradd with UID {0} and without -l: the sparse lastlog file becomes a huge layer",
    "useradd records the user in /var/log/lastlog and faillog at an offset proportional to the UID; in an image layer that sparse file is stored in full. Add -l (--no-log-init).",
    "DL3046"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (_, script, command) in analysis.Commands)
        {
            if (command.Is("useradd") && !command.HasFlag("-l", "--no-log-init") && command.OptionValue("-u", "--uid") is { Length: > 5 } uid && uid.All(char.IsAsciiDigit))
            {
                yield return Report(script.SpanOf(command), uid);
            }
        }
    }
}
