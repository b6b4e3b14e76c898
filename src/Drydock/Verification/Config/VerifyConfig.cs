using System.Text.RegularExpressions;
using Drydock.Measurements;
using Drydock.Text;

namespace Drydock.Verification.Config;

/// <summary>
/// What <c>drydock verify</c> checks, read from drydock.yml (see <see cref="VerifyConfigParser"/> for the syntax) or,
/// with no file, the zero-config defaults: every service built, started, waited on, measured, and each published
/// HTTP port probed with <c>GET /</c>.
/// </summary>
public sealed record VerifyConfig
{
    public static VerifyConfig ZeroConfig(string baseDirectory) => new() { BaseDirectory = baseDirectory };

    /// <summary>The drydock.yml it was read from; null for zero config.</summary>
    public string? File { get; init; }

    /// <summary>The directory relative paths (compose files, env files) are resolved against.</summary>
    public required string BaseDirectory { get; init; }

    /// <summary><c>compose:</c> the compose files (-f) relative to <see cref="BaseDirectory"/>; empty means discovery.</summary>
    public IReadOnlyList<string> ComposeFiles { get; init; } = [];

    /// <summary><c>timeout:</c> the longest a whole run may take before it fails and tears down (default 10 min).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary><c>startup_timeout:</c> how long services get to become healthy (default 3 min).</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// <c>targets:</c> stack-wide targets (Service null). Stack metrics (build_time, image_size combined,
    /// startup_time) apply to the stack; per-service metrics written here apply to every service that has none of its own.
    /// </summary>
    public IReadOnlyList<TargetSpec> Targets { get; init; } = [];

    /// <summary><c>services:</c> per-service settings, by compose service name.</summary>
    public IReadOnlyList<ServiceVerifyConfig> Services { get; init; } = [];

    /// <summary><c>load:</c> load runs, in order, after the stack is probed and measured idle.</summary>
    public IReadOnlyList<LoadSpec> Load { get; init; } = [];

    /// <summary><c>scenarios:</c> fault scenarios, in order, after the load runs.</summary>
    public IReadOnlyList<ScenarioSpec> Scenarios { get; init; } = [];

    /// <summary>
    /// <c>start_order: respected</c>: every depends_on dependency was ready (healthy, or running without a health check)
    /// before its dependent's container was created, as the engine's timeline shows.
    /// </summary>
    public bool StartOrderRespected { get; init; }

    /// <summary><c>idle:</c> the window idle CPU and memory are sampled over.</summary>
    public IdleSampling Idle { get; init; } = IdleSampling.Default;

    /// <summary><c>log_errors:</c> the patterns (regular expressions) a log line counts as an error by.</summary>
    public IReadOnlyList<string> LogErrorPatterns { get; init; } = DefaultLogErrorPatterns;

    public static readonly IReadOnlyList<string> DefaultLogErrorPatterns = ["ERROR", "CRITICAL", "FATAL", "panic", "Traceback", "Unhandled exception"];

    public ServiceVerifyConfig? FindService(string name) => Services.FirstOrDefault(service => service.Name == name);
}

/// <summary>A target as written in drydock.yml, with where it was written.</summary>
public sealed record TargetSpec(Target Target, SourceSpan Span)
{
    public string Metric => Target.Metric.Name;
}

public sealed record IdleSampling(TimeSpan Window, TimeSpan Interval)
{
    public static readonly IdleSampling Default = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1));
}

/// <summary>One service's section under <c>services:</c>.</summary>
public sealed record ServiceVerifyConfig(string Name, SourceSpan Span)
{
    /// <summary><c>optional: true</c>: this service may fail without failing the run; the report says so.</summary>
    public bool Optional { get; init; }

    public IReadOnlyList<TargetSpec> Targets { get; init; } = [];

    /// <summary><c>log_errors:</c> patterns for this service; null means the stack's.</summary>
    public IReadOnlyList<string>? LogErrorPatterns { get; init; }

    /// <summary><c>image:</c> what the service's image must (not) contain.</summary>
    public ImageExpectations? Image { get; init; }

    public IReadOnlyList<ProbeSpec> Probes { get; init; } = [];

    /// <summary><c>ready_before: [app, worker]</c>: this service was ready before each of these was created.</summary>
    public IReadOnlyList<ServiceReference> ReadyBefore { get; init; } = [];
}

/// <summary>A compose service named in drydock.yml, with where.</summary>
public sealed record ServiceReference(string Service, SourceSpan Span);

public enum UserExpectation
{
    NonRoot,
    Root,
}

/// <summary><c>image: {user: non-root, absent: [globs], present: [globs], max_wasted: 20MB}</c>.</summary>
public sealed record ImageExpectations(SourceSpan Span)
{
    public UserExpectation? User { get; init; }

    public IReadOnlyList<LocatedGlob> Absent { get; init; } = [];

    public IReadOnlyList<LocatedGlob> Present { get; init; } = [];

    public long? MaxWastedBytes { get; init; }
}

public sealed record LocatedGlob(string Pattern, SourceSpan Span);

/// <summary>
/// A check run against a running service, retried every <see cref="Interval"/> until it passes or its own
/// <see cref="Timeout"/> runs out.
/// </summary>
public abstract record ProbeSpec(string Service, string Name, SourceSpan Span)
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary><c>attempts: 1</c>: the probe must pass within this many attempts (it is still retried, to show whether it would pass later).</summary>
    public int? MaxAttempts { get; init; }

    public abstract string Kind { get; }
}

/// <summary><c>http:</c> a request to a container port through its published 127.0.0.1 port.</summary>
public sealed record HttpProbeSpec(string Service, string Name, SourceSpan Span) : ProbeSpec(Service, Name, Span)
{
    public override string Kind => "http";

    public string Method { get; init; } = "GET";

    public string Path { get; init; } = "/";

    /// <summary>The container port; null means the service's only published TCP port.</summary>
    public int? Port { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public string? Body { get; init; }

    public HttpExpectations Expect { get; init; } = new();
}

public sealed record HttpExpectations
{
    /// <summary>null: any 2xx.</summary>
    public int? Status { get; init; }

    /// <summary>Any HTTP answer passes, whatever its status (zero-config probes: the port serves HTTP).</summary>
    public bool AnyStatus { get; init; }

    /// <summary>Header name (case-insensitive) → value it must contain.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public string? BodyContains { get; init; }

    public Regex? BodyMatches { get; init; }

    /// <summary>JSON path (<c>$.status</c>, <c>$.items[0].id</c>) → expected value as JSON text (<c>"ok"</c>, <c>3</c>, <c>true</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Json { get; init; } = [];

    /// <summary>Non-null: the body must be valid Prometheus text exposition holding these metric names.</summary>
    public IReadOnlyList<string>? Prometheus { get; init; }

    /// <summary>Non-null: the answer is a server-sent event stream whose first event arrives within this time.</summary>
    public TimeSpan? FirstEventWithin { get; init; }

    /// <summary>Non-null: the answer's latency (request sent → body read) must meet this target (metric <c>latency</c>, unit ms).</summary>
    public Target? Latency { get; init; }
}

/// <summary><c>exec:</c> a command run in the container.</summary>
public sealed record ExecProbeSpec(string Service, string Name, SourceSpan Span, IReadOnlyList<string> Command) : ProbeSpec(Service, Name, Span)
{
    public override string Kind => "exec";

    public string? User { get; init; }

    public int ExitCode { get; init; }

    public string? OutputContains { get; init; }

    public Regex? OutputMatches { get; init; }
}

/// <summary>
/// <c>prometheus_targets:</c> Prometheus' <c>/api/v1/targets</c> on a container port: retried until the list is non-empty
/// and settled (no "unknown"), then every target, or every target of <see cref="Jobs"/>, must be "up".
/// </summary>
public sealed record PrometheusTargetsProbeSpec(string Service, string Name, SourceSpan Span) : ProbeSpec(Service, Name, Span)
{
    public override string Kind => "prometheus_targets";

    /// <summary>The container port; null means the service's only published TCP port.</summary>
    public int? Port { get; init; }

    public string Path { get; init; } = "/api/v1/targets";

    /// <summary>The jobs that must be up (each with a target); empty means every target.</summary>
    public IReadOnlyList<string> Jobs { get; init; } = [];
}

/// <summary><c>tcp:</c> the container port accepts a connection (through its published 127.0.0.1 port).</summary>
public sealed record TcpProbeSpec(string Service, string Name, SourceSpan Span, int Port) : ProbeSpec(Service, Name, Span)
{
    public override string Kind => "tcp";
}

/// <summary><c>file:</c> a path or glob in the running container.</summary>
public sealed record FileProbeSpec(string Service, string Name, SourceSpan Span, string Path) : ProbeSpec(Service, Name, Span)
{
    public override string Kind => "file";

    /// <summary>true: at least one match must exist (and each must satisfy the rest); false: nothing may match.</summary>
    public bool Exists { get; init; } = true;

    /// <summary>A uid (<c>1000</c>) or <c>uid:gid</c>.</summary>
    public string? Owner { get; init; }

    /// <summary>Permission bits, e.g. 0o644 (compared exactly).</summary>
    public int? Mode { get; init; }

    /// <summary>A size target in bytes.</summary>
    public Target? Size { get; init; }

    /// <summary>The bytes the file must begin with (e.g. <c>GGUF</c>).</summary>
    public byte[]? Magic { get; init; }
}
