using Drydock.Compose.Model;
using Drydock.Findings;

namespace Drydock.Compose.Rules.Security;

/// <summary>DC007: the host's root or system directories mounted.</summary>
public sealed class SensitiveHostPathMountedRule() : ServiceRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC007",
        "Sensitive host path mounted",
        RuleCategories.Security,
        Severity.Error,
        "service '{0}' mounts the host's {1}{2}",
        "Mounting the host's root, /etc, /proc, /sys, /boot, /dev, /root, the engine's storage or SSH keys exposes the host to the container. Mount only the directory the service needs, read-only when it can be.")
    {
        Aliases = ["CL-0013", "CL-0025", "CIS-5.5", "KICS:Volume Has Sensitive Host Directory"],
    };

    /// <summary>A read-only mount can still be read, so it stays a finding, a less severe one.</summary>
    private static readonly RuleMessage ReadOnlyMount = new(Severity.Warning, "service '{0}' mounts the host's {1} (read-only)");

    private static readonly string[] Sensitive =
    [
        "/", "/etc", "/proc", "/sys", "/boot", "/dev", "/root", "/var/lib/docker", "/var/lib/containerd", "/var/run", "/run",
        "/usr", "/lib", "/bin", "/sbin", "/home",
    ];

    protected override IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model)
    {
        foreach (var mount in service.Volumes.Where(mount => mount.Type == ComposeVolumeMount.Bind && mount.Source is not null))
        {
            var source = mount.Source!.TrimEnd('/');
            if (source.Length == 0)
            {
                source = "/";
            }
            var sensitive = Sensitive.Contains(source, StringComparer.Ordinal)
                || source.EndsWith("/.ssh", StringComparison.Ordinal) || source.Contains("/.ssh/", StringComparison.Ordinal)
                || source.EndsWith("/.aws", StringComparison.Ordinal) || source.EndsWith("/.kube", StringComparison.Ordinal) || source.EndsWith("/.docker", StringComparison.Ordinal)
                || source.StartsWith("/etc/", StringComparison.Ordinal) && (source.EndsWith("shadow", StringComparison.Ordinal) || source.EndsWith("sudoers", StringComparison.Ordinal));
            if (!sensitive || source.EndsWith("docker.sock", StringComparison.Ordinal))
            {
                continue;
            }
            yield return mount.ReadOnly
                ? Report(mount.Span, ReadOnlyMount, service.Name, source)
                : Report(mount.Span, service.Name, source, ", writable");
        }
    }
}
