using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Scripts;

/// <summary>DF058: interactive or system-management commands that do nothing useful in a build step.</summary>
public sealed class PointlessCommandRule() : DockerfileRule(Describe(
    "DF058", "Command that makes no sense in a build", RuleCategories.Correctness, Severity.Info,
    "'{0}' makes no sense in a build step",
    "A build step has no terminal, no init system and no running services: editors, pagers, service managers, ps/top/kill and mount do nothing useful there (or fail). Remove the command, or do it at run time.",
    "DL3001"))
{
    private static readonly string[] Commands = ["free", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim", "nano", "systemctl", "ifconfig"];

    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (_, script, command) in analysis.Commands)
        {
            if (command.Is(Commands) && !(command.Is("systemctl") && command.Arguments.FirstOrDefault()?.Value is "enable" or "disable" or "mask"))
            {
                yield return Report(script.SpanOf(command), command.Name);
            }
        }
    }
}
