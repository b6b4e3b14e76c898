using Drydock.Compose.Model;
using Drydock.Findings;

namespace Drydock.Compose.Rules.Security;

/// <summary>DC003: <c>cap_add</c> with capabilities that reach the host.</summary>
public sealed class DangerousCapabilityRule() : ServiceRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC003",
        "Dangerous capability added",
        RuleCategories.Security,
        Severity.Error,
        "service '{0}' adds {1}: {2}",
        "Capabilities such as SYS_ADMIN, SYS_MODULE or ALL let a process escape the container; NET_ADMIN, SYS_PTRACE and the like reach the host's network or other processes. Drop the capability, or isolate the service that needs it.")
    {
        Aliases = ["CL-0011", "CL-0024", "CL-0027", "CIS-5.3", "KICS:Container Capabilities Unrestricted"],
    };

    /// <summary>Root-equivalent: an error.</summary>
    private static readonly Dictionary<string, string> Critical = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ALL"] = "every capability, root on the host",
        ["SYS_ADMIN"] = "mounts, namespaces and more, the classic container escape",
        ["SYS_MODULE"] = "loading kernel modules",
        ["SYS_RAWIO"] = "raw access to devices and memory",
        ["DAC_READ_SEARCH"] = "reading any file, including outside the container",
        ["SYS_PTRACE"] = "tracing and injecting into other processes",
        ["BPF"] = "loading eBPF programs into the host kernel",
        ["SYS_BOOT"] = "rebooting the host",
    };

    /// <summary>Reach beyond the container: a warning.</summary>
    private static readonly Dictionary<string, string> Risky = new(StringComparer.OrdinalIgnoreCase)
    {
        ["NET_ADMIN"] = "reconfiguring network interfaces, routes and firewalls",
        ["NET_RAW"] = "raw sockets (spoofing, sniffing)",
        ["SYS_TIME"] = "setting the host's clock",
        ["PERFMON"] = "observing the host through performance events",
        ["SYSLOG"] = "reading the kernel log",
        ["SYS_NICE"] = "starving other processes",
        ["IPC_LOCK"] = "locking host memory",
        ["MAC_ADMIN"] = "changing mandatory access control",
        ["MAC_OVERRIDE"] = "bypassing mandatory access control",
        ["LINUX_IMMUTABLE"] = "changing immutable files",
    };

    /// <summary>
    /// How dangerous an added capability is (<c>CAP_</c> prefix optional): an error when root-equivalent, a warning
    /// when it reaches beyond the container, null when neither. Shared with the runtime rule RT004.
    /// </summary>
    internal static (string Name, Severity Severity, string Why)? Classify(string capability)
    {
        var name = (capability.StartsWith("CAP_", StringComparison.OrdinalIgnoreCase) ? capability[4..] : capability).ToUpperInvariant();
        if (Critical.TryGetValue(name, out var why))
        {
            return (name, Severity.Error, why);
        }
        return Risky.TryGetValue(name, out var risk) ? (name, Severity.Warning, risk) : null;
    }

    protected override IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model)
    {
        foreach (var capability in service.CapAdd)
        {
            if (Classify(capability.Value) is { } danger)
            {
                yield return Report(capability.Span, danger.Severity, service.Name, danger.Name, danger.Why);
            }
        }
    }
}
