using System.Globalization;
using Drydock.Engine;
using Drydock.Findings;
using Drydock.Text;

namespace Drydock.Verification.Posture;

/// <summary>
/// What the RT rules look at: one running container of a Compose service, as the engine reports it, and the uid its
/// main process really runs as. <see cref="ServiceSpan"/> is the service's place in the compose file, so findings
/// point at the line that configures it. The derived members read the engine's many spellings of "not set" once.
/// </summary>
public sealed record RuntimePostureModel(string Service, SourceSpan ServiceSpan, ContainerDetails Container, int? EffectiveUid)
{
    /// <summary>Where <see cref="EffectiveUid"/> comes from, for messages: the main process, or the configured user when listing processes failed.</summary>
    public string UidSource { get; init; } = "main process";

    private HostConfig Host => Container.HostConfig ?? new HostConfig();

    public bool ReadOnlyRootfs => Host.ReadonlyRootfs;

    public bool Privileged => Host.Privileged;

    /// <summary>Added capabilities without the <c>CAP_</c> prefix, upper case (the engine keeps either spelling).</summary>
    public IReadOnlyList<string> CapAdd => NormalizeCapabilities(Host.CapAdd);

    /// <summary>Dropped capabilities without the <c>CAP_</c> prefix, upper case.</summary>
    public IReadOnlyList<string> CapDrop => NormalizeCapabilities(Host.CapDrop);

    /// <summary>
    /// <c>cap_drop: [ALL]</c> as Docker reports it (<c>ALL</c>), or as Podman does: the default capabilities it
    /// dropped, each by name. Dropping every one of the engine defaults leaves the container none but its cap_add.
    /// </summary>
    public bool DropsAllCapabilities => CapDrop.Contains("ALL") || DefaultCapabilities.All(CapDrop.Contains);

    /// <summary>The capabilities a container starts with on Docker (moby's default set; Podman's is a subset of it).</summary>
    public static readonly IReadOnlyList<string> DefaultCapabilities =
    [
        "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "NET_RAW",
        "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
    ];

    /// <summary><c>no-new-privileges</c>, <c>no-new-privileges:true</c> or <c>=true</c> in the security options.</summary>
    public bool NoNewPrivileges => (Host.SecurityOpt ?? []).Any(option =>
        option.Trim().ToLowerInvariant() is "no-new-privileges" or "no-new-privileges:true" or "no-new-privileges=true");

    /// <summary>
    /// Published ports as in effect (<c>NetworkSettings.Ports</c>, with the host ports the engine chose), or as
    /// requested when the container reports none; exposed-only ports are left out.
    /// </summary>
    public IReadOnlyList<PublishedPort> PublishedPorts
    {
        get
        {
            var bindings = Container.NetworkSettings?.Ports is { Count: > 0 } inEffect ? inEffect : Host.PortBindings;
            return (bindings ?? [])
                .Where(entry => entry.Value is not null)
                .SelectMany(entry => entry.Value!.Select(binding => new PublishedPort(binding.HostIp ?? string.Empty, binding.HostPort ?? string.Empty, entry.Key)))
                .OrderBy(port => port.ContainerPort, StringComparer.Ordinal)
                .ThenBy(port => port.HostIp, StringComparer.Ordinal)
                .ToList();
        }
    }

    /// <summary>The memory limit in bytes; null when there is none.</summary>
    public long? MemoryLimitBytes => Host.Memory > 0 ? Host.Memory : null;

    /// <summary>The CPU limit in CPUs (from <c>NanoCpus</c>, else <c>CpuQuota</c> / <c>CpuPeriod</c>); null when there is none.</summary>
    public double? CpuLimit =>
        Host.NanoCpus > 0 ? Host.NanoCpus / 1e9
        : Host.CpuQuota > 0 ? (double)Host.CpuQuota / (Host.CpuPeriod > 0 ? Host.CpuPeriod : DefaultCpuPeriodMicroseconds)
        : null;

    /// <summary>The limit on processes; null when there is none (the engine writes null, 0 or -1).</summary>
    public long? PidsLimit => Host.PidsLimit is > 0 and var limit ? limit : null;

    /// <summary><c>no</c>, <c>always</c>, <c>unless-stopped</c>, <c>on-failure</c> or <c>on-failure:N</c>; an unset policy is <c>no</c>.</summary>
    public string RestartPolicy => Host.RestartPolicy switch
    {
        { Name: "on-failure", MaximumRetryCount: > 0 } policy => $"on-failure:{policy.MaximumRetryCount.ToString(CultureInfo.InvariantCulture)}",
        { Name: { Length: > 0 } name } => name,
        _ => "no",
    };

    /// <summary>The kernel's CFS period when the container sets a quota but no period.</summary>
    private const long DefaultCpuPeriodMicroseconds = 100_000;

    private static string[] NormalizeCapabilities(string[]? capabilities) =>
        (capabilities ?? [])
            .Select(capability => capability.Trim().ToUpperInvariant())
            .Select(capability => capability.StartsWith("CAP_", StringComparison.Ordinal) ? capability[4..] : capability)
            .ToArray();
}

/// <summary>One host binding of a container port: <c>HostIp:HostPort -&gt; ContainerPort</c> (e.g. <c>8080/tcp</c>).</summary>
public sealed record PublishedPort(string HostIp, string HostPort, string ContainerPort)
{
    /// <summary>An empty host IP, <c>0.0.0.0</c> or <c>::</c> accept connections on every interface of the host.</summary>
    public bool IsOnAllInterfaces => HostIp is "" or "0.0.0.0" or "::";

    /// <summary>As <c>docker ps</c> shows it: <c>127.0.0.1:8080-&gt;8080/tcp</c>, <c>[::]:8080-&gt;8080/tcp</c>.</summary>
    public override string ToString()
    {
        var host = HostIp.Length == 0 ? "0.0.0.0" : HostIp.Contains(':', StringComparison.Ordinal) ? $"[{HostIp}]" : HostIp;
        return $"{host}:{HostPort}->{ContainerPort}";
    }
}
