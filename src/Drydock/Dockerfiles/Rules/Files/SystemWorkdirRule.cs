using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Files;

/// <summary>DF029: WORKDIR inside a kernel or boot directory.</summary>
public sealed class SystemWorkdirRule() : DockerfileRule(Describe(
    "DF029", "WORKDIR in a system directory", RuleCategories.Security, Severity.Warning,
    "WORKDIR '{0}' is inside the system directory '{1}'",
    "/proc, /sys, /dev, /boot, /initrd and /lost+found belong to the kernel or the host's boot process; files written there are hidden by mounts at run time or interfere with the system. Use a directory of your own, such as /app.",
    "DS-0030"))
{
    private static readonly string[] SystemDirectories = ["/proc", "/sys", "/dev", "/boot", "/initrd", "/lost+found"];

    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (_, workdir) in analysis.All<SingleValueInstruction>())
        {
            if (workdir is not { Kind: InstructionKind.Workdir, Value: { } path })
            {
                continue;
            }
            var value = analysis.Expand(workdir, path.Value).Text.TrimEnd('/');
            var system = SystemDirectories.FirstOrDefault(directory => value == directory || value.StartsWith(directory + "/", StringComparison.Ordinal));
            if (system is not null)
            {
                yield return Report(path.Span, path.Value, system);
            }
        }
    }
}
