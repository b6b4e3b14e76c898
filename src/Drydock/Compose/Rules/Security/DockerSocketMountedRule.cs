using Drydock.Compose.Model;
using Drydock.Findings;

namespace Drydock.Compose.Rules.Security;

/// <summary>DC006: the Docker (or containerd, Podman) socket mounted into a container.</summary>
public sealed class DockerSocketMountedRule() : ServiceRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC006",
        "Container engine socket mounted",
        RuleCategories.Security,
        Severity.Error,
        "service '{0}' mounts {1}: whoever controls the container controls the host",
        "The engine's API socket lets the container start privileged containers on the host, even when mounted read-only. Use a socket proxy that allows only the calls the service needs, or remove the mount.")
    {
        Aliases = ["CL-0001", "CIS-5.31", "KICS:Docker Socket Mounted In Container"],
    };

    private static readonly string[] Sockets =
    [
        "/var/run/docker.sock", "/run/docker.sock", "/run/containerd/containerd.sock", "/var/run/containerd/containerd.sock",
        "/run/podman/podman.sock", "/var/run/crio/crio.sock", "/run/crio/crio.sock",
    ];

    protected override IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model)
    {
        foreach (var mount in service.Volumes.Where(mount => mount.Type == ComposeVolumeMount.Bind && mount.Source is not null))
        {
            if (Sockets.Contains(mount.Source!, StringComparer.Ordinal) || mount.Source!.EndsWith("/docker.sock", StringComparison.Ordinal))
            {
                yield return Report(mount.Span, service.Name, mount.Source);
            }
        }
    }
}
