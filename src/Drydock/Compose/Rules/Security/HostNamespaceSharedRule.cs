using Drydock.Compose.Model;
using Drydock.Findings;

namespace Drydock.Compose.Rules.Security;

/// <summary>DC009: host PID, IPC, UTS or user namespace.</summary>
public sealed class HostNamespaceSharedRule() : ServiceRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC009",
        "Host namespace shared",
        RuleCategories.Security,
        Severity.Error,
        "service '{0}' shares the host's {1} namespace ({2}: host)",
        "Sharing the host's PID namespace lets the container see and signal every host process; IPC exposes shared memory; UTS the hostname; userns_mode: host turns off user-namespace remapping. Remove the setting.")
    {
        Aliases = ["CL-0010", "CIS-5.15", "CIS-5.16", "CIS-5.20", "CIS-5.30"],
    };

    protected override IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model)
    {
        foreach (var (setting, key, label) in new[] { (service.Pid, "pid", "PID"), (service.Ipc, "ipc", "IPC"), (service.Uts, "uts", "UTS"), (service.UsernsMode, "userns_mode", "user") })
        {
            if (setting is { } value && value.Value.Equals("host", StringComparison.OrdinalIgnoreCase))
            {
                yield return Report(value.Span, service.Name, label, key);
            }
        }
    }
}
