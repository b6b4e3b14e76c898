using System.Text.RegularExpressions;
using Drydock.Measurements;
using Drydock.Text;
using Drydock.Verification.Load.Thresholds;
using Drydock.Verification.Load;

namespace Drydock.Verification.Config;

/// <summary>
/// <c>load:</c> one bounded HTTP load run against a service's published port, judged by k6-style thresholds
/// (each a measurement row). <see cref="During"/> applies a fault while the load runs (load during a fault).
/// </summary>
public sealed record LoadSpec(string Service, string Name, SourceSpan Span)
{
    /// <summary>The container port; null means the service's only published TCP port.</summary>
    public int? Port { get; init; }

    public string Method { get; init; } = "GET";

    public string Path { get; init; } = "/";

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public string? Body { get; init; }

    public LoadModel Model { get; init; } = LoadModel.Closed;

    /// <summary>Open model: requests per second.</summary>
    public double? Rate { get; init; }

    public int? Connections { get; init; }

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public long MaxRequests { get; init; } = 100_000;

    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public IReadOnlyList<K6Threshold> Thresholds { get; init; } = [];

    /// <summary>A fault applied this long after the measured load starts (<c>during: {restart: redis, after: 3s}</c>).</summary>
    public FaultStep? During { get; init; }

    public TimeSpan DuringAfter { get; init; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// <c>scenarios:</c> a named list of steps run in order after the stack is measured: faults, probes that must pass
/// again (retried until <see cref="RecoveryTimeout"/> after the last fault), waits and load runs. The time from a fault
/// to the first moment all the probes after it pass is its <c>recovery_time</c>.
/// </summary>
public sealed record ScenarioSpec(string Name, SourceSpan Span)
{
    public IReadOnlyList<ScenarioStep> Steps { get; init; } = [];

    /// <summary><c>recovery_time: &lt; 20s</c>: the target for each fault's recovery (metric recovery_time, unit s).</summary>
    public Target? RecoveryTime { get; init; }

    /// <summary>How long probes after a fault are retried before the scenario fails (default 60 s).</summary>
    public TimeSpan RecoveryTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// <c>expect_logs: {service: [patterns]}</c>: error lines a service may log while this scenario runs (a fault's
    /// honest noise); counted apart from <c>log_errors</c> and shown.
    /// </summary>
    public IReadOnlyList<ExpectedLogs> ExpectLogs { get; init; } = [];

    /// <summary>The expected patterns by service, as the run's phases hold them.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Regex>> ExpectedLogsByService() =>
        ExpectLogs.ToDictionary(expected => expected.Service, expected => expected.Patterns, StringComparer.Ordinal);
}

/// <summary>One service's entry under a scenario's <c>expect_logs:</c>.</summary>
public sealed record ExpectedLogs(string Service, IReadOnlyList<Regex> Patterns, SourceSpan Span);

public abstract record ScenarioStep(SourceSpan Span)
{
    /// <summary>How the step reads in the report, e.g. "restart redis", "probe api: read the note back".</summary>
    public abstract string Describe();
}

public enum FaultKind
{
    Restart,
    Stop,
    Start,
    Kill,
    Pause,
    Unpause,
    Disconnect,
    Connect,
}

/// <summary>A fault applied to a service's container through the Engine API.</summary>
public sealed record FaultStep(FaultKind Kind, string Service, SourceSpan Span) : ScenarioStep(Span)
{
    /// <summary><c>kill</c>: the signal (default SIGKILL).</summary>
    public string? Signal { get; init; }

    /// <summary><c>disconnect</c>/<c>connect</c>: the compose network (default: the service's first network).</summary>
    public string? Network { get; init; }

    public override string Describe() => Kind switch
    {
        FaultKind.Kill => $"kill {Service}{(Signal is null ? string.Empty : " with " + Signal)}",
        FaultKind.Disconnect => $"disconnect {Service}{(Network is null ? string.Empty : " from " + Network)}",
        FaultKind.Connect => $"connect {Service}{(Network is null ? string.Empty : " to " + Network)}",
        _ => $"{Kind.ToString().ToLowerInvariant()} {Service}",
    };
}

/// <summary>A probe run as a step; <see cref="Save"/> keeps values of its JSON answer for later steps as <c>${name}</c>.</summary>
public sealed record ProbeStep(ProbeSpec Probe, SourceSpan Span) : ScenarioStep(Span)
{
    /// <summary>Variable name → JSON path into the answer's body (<c>{note: "$.id"}</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Save { get; init; } = [];

    /// <summary>Exec probes: variable name → what of the standard output to keep (<c>{version: stdout}</c>, <c>{version: {match: 'v(\d+)'}}</c>).</summary>
    public IReadOnlyList<OutputCapture> SaveOutput { get; init; } = [];

    public override string Describe() => $"probe {Probe.Service}: {Probe.Name}";
}

/// <summary>
/// A value an exec probe's standard output gives a later step: all of it, trimmed (<see cref="Pattern"/> null), or the
/// first group of the pattern's first match (the whole match when it has no group).
/// </summary>
public sealed record OutputCapture(string Name, Regex? Pattern);

/// <summary>A pause between steps (<c>wait: 2s</c>).</summary>
public sealed record WaitStep(TimeSpan Duration, SourceSpan Span) : ScenarioStep(Span)
{
    public override string Describe() => $"wait {Units.Format(Duration.TotalSeconds, Unit.Seconds)}";
}

/// <summary>A load run as a step (with an optional fault during it).</summary>
public sealed record LoadStep(LoadSpec Load, SourceSpan Span) : ScenarioStep(Span)
{
    public override string Describe() => $"load {Load.Service}: {Load.Name}";
}
