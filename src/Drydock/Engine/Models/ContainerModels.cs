using System.Text.Json.Serialization;

namespace Drydock.Engine;

/// <summary>An entry of <c>GET /containers/json</c>.</summary>
public sealed record ContainerSummary
{
    public string Id { get; init; } = string.Empty;

    public string[] Names { get; init; } = [];

    public string? Image { get; init; }

    /// <summary>created, running, paused, restarting, removing, exited, dead.</summary>
    public string? State { get; init; }

    /// <summary>Human text such as "Up 3 seconds (healthy)".</summary>
    public string? Status { get; init; }

    public Dictionary<string, string>? Labels { get; init; }
}

/// <summary><c>GET /containers/{id}/json</c>: what the container is, how it was configured and how it runs.</summary>
public sealed record ContainerDetails
{
    public string Id { get; init; } = string.Empty;

    /// <summary>The name with the engine's leading slash, e.g. <c>/web-1</c>.</summary>
    public string Name { get; init; } = string.Empty;

    [JsonConverter(typeof(DockerTimeConverter))]
    public DateTimeOffset? Created { get; init; }

    /// <summary>The image id (<c>sha256:…</c>); <see cref="ContainerConfig.Image"/> has the name it was created from.</summary>
    public string? Image { get; init; }

    public string? Path { get; init; }

    public string[]? Args { get; init; }

    public ContainerState? State { get; init; }

    public int RestartCount { get; init; }

    public string? Driver { get; init; }

    public ContainerConfig? Config { get; init; }

    public HostConfig? HostConfig { get; init; }

    public NetworkSettings? NetworkSettings { get; init; }

    /// <summary>The mounts as they are in effect: binds, volumes and tmpfs.</summary>
    public MountPoint[]? Mounts { get; init; }
}

public sealed record ContainerState
{
    /// <summary>created, running, paused, restarting, removing, exited, dead.</summary>
    public string? Status { get; init; }

    public bool Running { get; init; }

    public bool Paused { get; init; }

    public bool Restarting { get; init; }

    public bool OOMKilled { get; init; }

    public bool Dead { get; init; }

    public int Pid { get; init; }

    public int ExitCode { get; init; }

    public string? Error { get; init; }

    /// <summary>Null until the container first starts.</summary>
    [JsonConverter(typeof(DockerTimeConverter))]
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Null until the container first stops.</summary>
    [JsonConverter(typeof(DockerTimeConverter))]
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Null when the container has no health check.</summary>
    public ContainerHealth? Health { get; init; }
}

public sealed record ContainerHealth
{
    /// <summary>starting, healthy, unhealthy (none when the image has no health check).</summary>
    public string? Status { get; init; }

    public int FailingStreak { get; init; }

    /// <summary>The last results (the engine keeps five), oldest first.</summary>
    public HealthCheckResult[]? Log { get; init; }
}

/// <summary>One run of a health check.</summary>
public sealed record HealthCheckResult
{
    [JsonConverter(typeof(DockerTimeConverter))]
    public DateTimeOffset? Start { get; init; }

    [JsonConverter(typeof(DockerTimeConverter))]
    public DateTimeOffset? End { get; init; }

    /// <summary>0 healthy, 1 unhealthy, 2 reserved, -1 the check could not run (e.g. timed out).</summary>
    public int ExitCode { get; init; }

    public string? Output { get; init; }
}

/// <summary>A container's (or an image's) configuration: <c>Config</c> in inspect output.</summary>
public sealed record ContainerConfig
{
    public string? Hostname { get; init; }

    /// <summary>The image name the container was created from (for an image: usually empty).</summary>
    public string? Image { get; init; }

    /// <summary><c>user</c>, <c>uid</c>, <c>user:group</c> or <c>uid:gid</c>; empty means root.</summary>
    public string? User { get; init; }

    /// <summary><c>NAME=value</c> entries.</summary>
    public string[]? Env { get; init; }

    public string[]? Cmd { get; init; }

    public string[]? Entrypoint { get; init; }

    public string? WorkingDir { get; init; }

    public Dictionary<string, string>? Labels { get; init; }

    /// <summary>Keys such as <c>8080/tcp</c>.</summary>
    public Dictionary<string, EmptyObject>? ExposedPorts { get; init; }

    public Dictionary<string, EmptyObject>? Volumes { get; init; }

    public HealthConfig? Healthcheck { get; init; }

    public bool Tty { get; init; }

    public bool OpenStdin { get; init; }

    public string? StopSignal { get; init; }

    public int? StopTimeout { get; init; }
}

/// <summary>A health check definition; durations are nanoseconds on the wire.</summary>
public sealed record HealthConfig
{
    /// <summary><c>["NONE"]</c>, <c>["CMD", args…]</c> or <c>["CMD-SHELL", command]</c>; empty inherits the image's.</summary>
    public string[]? Test { get; init; }

    [JsonConverter(typeof(NanosecondsConverter))]
    public TimeSpan? Interval { get; init; }

    [JsonConverter(typeof(NanosecondsConverter))]
    public TimeSpan? Timeout { get; init; }

    [JsonConverter(typeof(NanosecondsConverter))]
    public TimeSpan? StartPeriod { get; init; }

    /// <summary>API 1.44 and later.</summary>
    [JsonConverter(typeof(NanosecondsConverter))]
    public TimeSpan? StartInterval { get; init; }

    public int? Retries { get; init; }
}

/// <summary>
/// How the container is run: security, resources, ports, mounts. Read from inspect, and written (only the set
/// fields) when a container is created.
/// </summary>
public sealed record HostConfig
{
    /// <summary><c>source:target[:options]</c> bind mounts and named volumes.</summary>
    public string[]? Binds { get; init; }

    /// <summary>bridge, host, none, <c>container:ID</c> or a network name.</summary>
    public string? NetworkMode { get; init; }

    /// <summary>Keys such as <c>8080/tcp</c>; each the host addresses and ports it is published on.</summary>
    public Dictionary<string, PortBinding[]?>? PortBindings { get; init; }

    public RestartPolicy? RestartPolicy { get; init; }

    public bool AutoRemove { get; init; }

    public bool Privileged { get; init; }

    public bool ReadonlyRootfs { get; init; }

    public bool PublishAllPorts { get; init; }

    public string[]? CapAdd { get; init; }

    public string[]? CapDrop { get; init; }

    /// <summary>e.g. <c>no-new-privileges</c> (or <c>no-new-privileges:true</c>), <c>seccomp=…</c>, <c>apparmor=…</c>.</summary>
    public string[]? SecurityOpt { get; init; }

    /// <summary>Mount point → options (e.g. <c>/tmp</c> → <c>rw,size=64m</c>).</summary>
    public Dictionary<string, string>? Tmpfs { get; init; }

    /// <summary>Mounts given in the long syntax (<c>--mount</c>, Compose's long volume form).</summary>
    public MountSpec[]? Mounts { get; init; }

    public string? UsernsMode { get; init; }

    public string? IpcMode { get; init; }

    public string? PidMode { get; init; }

    public bool? Init { get; init; }

    /// <summary>Memory limit in bytes; 0 means none.</summary>
    public long Memory { get; init; }

    public long MemoryReservation { get; init; }

    /// <summary>Memory plus swap in bytes; 0 means unset, -1 unlimited swap.</summary>
    public long MemorySwap { get; init; }

    /// <summary>CPU limit in billionths of a CPU (<c>--cpus 1.5</c> = 1 500 000 000); 0 means none.</summary>
    public long NanoCpus { get; init; }

    public long CpuShares { get; init; }

    /// <summary>Microseconds of CPU time per <see cref="CpuPeriod"/>; 0 means none.</summary>
    public long CpuQuota { get; init; }

    public long CpuPeriod { get; init; }

    public string? CpusetCpus { get; init; }

    /// <summary>Null, 0 or -1 mean no limit.</summary>
    public long? PidsLimit { get; init; }

    public bool? OomKillDisable { get; init; }

    public long ShmSize { get; init; }

    public LogConfig? LogConfig { get; init; }
}

public sealed record PortBinding
{
    /// <summary>Empty or <c>0.0.0.0</c>/<c>::</c> mean every interface.</summary>
    public string? HostIp { get; init; }

    /// <summary>A port number as text; empty lets the engine choose.</summary>
    public string? HostPort { get; init; }
}

public sealed record RestartPolicy
{
    /// <summary>"", no, always, unless-stopped, on-failure.</summary>
    public string? Name { get; init; }

    public int MaximumRetryCount { get; init; }
}

public sealed record LogConfig
{
    public string? Type { get; init; }

    public Dictionary<string, string>? Config { get; init; }
}

/// <summary>A long-syntax mount request (<c>HostConfig.Mounts</c>).</summary>
public sealed record MountSpec
{
    /// <summary>bind, volume, tmpfs, npipe, cluster.</summary>
    public string? Type { get; init; }

    public string? Source { get; init; }

    public string? Target { get; init; }

    public bool ReadOnly { get; init; }

    public TmpfsOptions? TmpfsOptions { get; init; }
}

public sealed record TmpfsOptions
{
    public long SizeBytes { get; init; }

    public int Mode { get; init; }
}

/// <summary>A mount in effect (<c>Mounts</c> in inspect output).</summary>
public sealed record MountPoint
{
    /// <summary>bind, volume, tmpfs, npipe.</summary>
    public string? Type { get; init; }

    /// <summary>The volume name, for volumes.</summary>
    public string? Name { get; init; }

    public string? Source { get; init; }

    public string? Destination { get; init; }

    public string? Driver { get; init; }

    public string? Mode { get; init; }

    [JsonPropertyName("RW")]
    public bool ReadWrite { get; init; }

    public string? Propagation { get; init; }
}

public sealed record NetworkSettings
{
    /// <summary>Keys such as <c>8080/tcp</c>; null values are exposed but unpublished ports.</summary>
    public Dictionary<string, PortBinding[]?>? Ports { get; init; }

    /// <summary>Network name → the container's endpoint on it.</summary>
    public Dictionary<string, EndpointSettings>? Networks { get; init; }
}

public sealed record EndpointSettings
{
    public string? NetworkID { get; init; }

    public string? EndpointID { get; init; }

    public string? IPAddress { get; init; }

    public int IPPrefixLen { get; init; }

    public string? Gateway { get; init; }

    public string? MacAddress { get; init; }

    public string[]? Aliases { get; init; }

    /// <summary>API 1.44 and later: every name the container answers to on this network.</summary>
    public string[]? DNSNames { get; init; }
}

/// <summary>A JSON <c>{}</c>, the value type of the engine's port and volume sets.</summary>
public sealed record EmptyObject;

/// <summary>The body of <c>POST /containers/create</c>: configuration and host configuration together.</summary>
public sealed record ContainerCreateRequest
{
    public required string Image { get; init; }

    public string[]? Cmd { get; init; }

    public string[]? Entrypoint { get; init; }

    public string[]? Env { get; init; }

    public string? User { get; init; }

    public string? WorkingDir { get; init; }

    public string? Hostname { get; init; }

    public Dictionary<string, string>? Labels { get; init; }

    public Dictionary<string, EmptyObject>? ExposedPorts { get; init; }

    public HealthConfig? Healthcheck { get; init; }

    public bool Tty { get; init; }

    public string? StopSignal { get; init; }

    public HostConfig? HostConfig { get; init; }
}

/// <summary>The answer to a create: the new id, and warnings such as an ignored memory limit.</summary>
public sealed record CreateResponse
{
    public string Id { get; init; } = string.Empty;

    public string[]? Warnings { get; init; }
}

/// <summary><c>POST /containers/{id}/wait</c>.</summary>
public sealed record ContainerWaitResponse
{
    public long StatusCode { get; init; }

    public EngineErrorBody? Error { get; init; }
}

/// <summary>
/// A path in a container (the <c>X-Docker-Container-Path-Stat</c> header of the archive endpoints).
/// <see cref="Mode"/> is Go's <c>os.FileMode</c>: permission bits plus type and special bits in the high bits.
/// </summary>
public sealed record ContainerPathStat
{
    public string Name { get; init; } = string.Empty;

    public long Size { get; init; }

    public uint Mode { get; init; }

    [JsonConverter(typeof(DockerTimeConverter))]
    public DateTimeOffset? Mtime { get; init; }

    /// <summary>For a symbolic link, where it points (resolved by the engine).</summary>
    public string? LinkTarget { get; init; }

    private const uint GoModeDir = 1u << 31;
    private const uint GoModeSymlink = 1u << 27;
    private const uint GoModeSetuid = 1u << 23;
    private const uint GoModeSetgid = 1u << 22;
    private const uint GoModeSticky = 1u << 20;
    private const uint GoModeTypeMask = GoModeDir | (1u << 30) | (1u << 29) | (1u << 28) | GoModeSymlink | (1u << 26) | (1u << 25) | (1u << 24) | (1u << 21) | (1u << 19);

    public bool IsDirectory => (Mode & GoModeDir) != 0;

    public bool IsSymbolicLink => (Mode & GoModeSymlink) != 0;

    public bool IsRegularFile => (Mode & GoModeTypeMask) == 0;

    /// <summary>The classic unix permission bits (<c>0o7777</c>: setuid, setgid, sticky and rwx).</summary>
    public int UnixPermissions =>
        (int)(Mode & 0x1FF)
        | ((Mode & GoModeSetuid) != 0 ? 0x800 : 0)
        | ((Mode & GoModeSetgid) != 0 ? 0x400 : 0)
        | ((Mode & GoModeSticky) != 0 ? 0x200 : 0);
}
