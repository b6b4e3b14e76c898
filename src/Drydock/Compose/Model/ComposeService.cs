using Drydock.Text;
using Drydock.Yaml;

namespace Drydock.Compose.Model;

/// <summary>
/// One service of a loaded project: merged across files, <c>extends</c> applied, variables substituted, short syntax
/// turned into the long one, relative paths resolved. Every value keeps the span it was written at.
/// Keys the model does not type are still in <see cref="Node"/>, the service's resolved YAML mapping.
/// </summary>
public sealed record ComposeService(string Name, SourceSpan Span)
{
    /// <summary>The resolved mapping (long syntax, every file merged): for keys the model does not type.</summary>
    public required YamlMapping Node { get; init; }

    public ComposeBuild? Build { get; init; }

    public Located<string>? Image { get; init; }

    public ComposeCommand? Command { get; init; }

    public ComposeCommand? Entrypoint { get; init; }

    /// <summary>The environment after env_file resolution, sorted by name; explicit <c>environment:</c> entries win.</summary>
    public IReadOnlyList<ComposeEnvironmentVariable> Environment { get; init; } = [];

    public IReadOnlyList<ComposeEnvFile> EnvFiles { get; init; } = [];

    public IReadOnlyList<ComposePort> Ports { get; init; } = [];

    /// <summary><c>expose:</c>: ports reachable from other services only.</summary>
    public IReadOnlyList<Located<string>> Expose { get; init; } = [];

    public ComposeHealthcheck? Healthcheck { get; init; }

    public IReadOnlyList<ComposeDependency> DependsOn { get; init; } = [];

    public IReadOnlyList<Located<string>> Profiles { get; init; } = [];

    public IReadOnlyList<ComposeVolumeMount> Volumes { get; init; } = [];

    public IReadOnlyList<Located<string>> VolumesFrom { get; init; } = [];

    public IReadOnlyList<ComposeServiceNetwork> Networks { get; init; } = [];

    public Located<string>? NetworkMode { get; init; }

    public Located<string>? User { get; init; }

    public Located<bool>? ReadOnly { get; init; }

    public IReadOnlyList<Located<string>> Tmpfs { get; init; } = [];

    public IReadOnlyList<Located<string>> CapAdd { get; init; } = [];

    public IReadOnlyList<Located<string>> CapDrop { get; init; } = [];

    public IReadOnlyList<Located<string>> SecurityOpt { get; init; } = [];

    public Located<bool>? Privileged { get; init; }

    public Located<string>? Restart { get; init; }

    public ComposeDeploy? Deploy { get; init; }

    /// <summary><c>cpus:</c> (the service-level limit; see also <see cref="Deploy"/>).</summary>
    public Located<double>? Cpus { get; init; }

    /// <summary><c>mem_limit:</c> in bytes.</summary>
    public Located<long>? MemLimit { get; init; }

    public Located<long>? MemReservation { get; init; }

    /// <summary>The size of /dev/shm; read so that a value out of range is reported rather than dropped.</summary>
    public Located<long>? ShmSize { get; init; }

    public Located<long>? PidsLimit { get; init; }

    public IReadOnlyList<ComposeKeyValue> Labels { get; init; } = [];

    public Located<string>? ContainerName { get; init; }

    public Located<string>? Hostname { get; init; }

    public Located<string>? Pid { get; init; }

    public Located<string>? Ipc { get; init; }

    public Located<string>? Uts { get; init; }

    public Located<string>? UsernsMode { get; init; }

    public Located<string>? WorkingDir { get; init; }

    public Located<bool>? Init { get; init; }

    public Located<TimeSpan>? StopGracePeriod { get; init; }

    public Located<string>? PullPolicy { get; init; }

    public IReadOnlyList<Located<string>> Devices { get; init; } = [];

    public IReadOnlyList<ComposeFileReference> Secrets { get; init; } = [];

    public IReadOnlyList<ComposeFileReference> Configs { get; init; } = [];

    public IReadOnlyList<ComposeKeyValue> Sysctls { get; init; } = [];

    public Located<string>? Platform { get; init; }

    /// <summary>The effective memory limit in bytes: <c>deploy.resources.limits.memory</c>, else <c>mem_limit</c>.</summary>
    public long? EffectiveMemoryLimit => Deploy?.Limits?.MemoryBytes ?? MemLimit?.Value;

    /// <summary>The effective CPU limit: <c>deploy.resources.limits.cpus</c>, else <c>cpus</c>.</summary>
    public double? EffectiveCpuLimit => Deploy?.Limits?.Cpus ?? Cpus?.Value;

    /// <summary>The effective pids limit: <c>deploy.resources.limits.pids</c>, else <c>pids_limit</c>.</summary>
    public long? EffectivePidsLimit => Deploy?.Limits?.Pids ?? PidsLimit?.Value;

    /// <summary>The value of an environment variable (after env_file resolution), or null.</summary>
    public string? GetEnvironment(string name) => Environment.LastOrDefault(variable => variable.Name == name)?.Value;

    /// <summary>Where a top-level key of this service was written, or the service's own span.</summary>
    public SourceSpan SpanOf(string key) => Node.Find(key) is { } entry ? entry.Key.Span : Span;
}
