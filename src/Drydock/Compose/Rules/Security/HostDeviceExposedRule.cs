using Drydock.Compose.Model;
using Drydock.Findings;

namespace Drydock.Compose.Rules.Security;

/// <summary>DC017: host devices that give raw access to memory, disks or the kernel.</summary>
public sealed class HostDeviceExposedRule() : ServiceRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC017",
        "Dangerous host device",
        RuleCategories.Security,
        Severity.Warning,
        "service '{0}' gets the host device {1}",
        "Raw access to host memory (/dev/mem, /dev/kmem), disks (/dev/sd*, /dev/nvme*) or the kernel (/dev/kmsg, /dev/port) bypasses every container boundary. Give the service only the device it needs, or none.")
    {
        Aliases = ["CL-0016", "CIS-5.17"],
    };

    private static readonly string[] Dangerous = ["/dev/mem", "/dev/kmem", "/dev/port", "/dev/kmsg", "/dev/sd", "/dev/nvme", "/dev/vd", "/dev/xvd", "/dev/hd", "/dev/dm-", "/dev/mapper", "/dev/disk", "/dev/loop"];

    protected override IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model)
    {
        foreach (var device in service.Devices)
        {
            var source = device.Value.Split(':')[0];
            if (Dangerous.Any(prefix => source == prefix || source.StartsWith(prefix, StringComparison.Ordinal)) || source == "/dev")
            {
                yield return Report(device.Span, service.Name, source);
            }
        }
    }
}
