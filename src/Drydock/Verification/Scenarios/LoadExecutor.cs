using System.Text;
using Drydock.Measurements;
using Drydock.Verification.Config;
using Drydock.Verification.Load;
using Drydock.Verification.Sampling;

namespace Drydock.Verification.Scenarios;

/// <summary>How one load run went: its result, threshold rows, the service's CPU and memory under load, and warnings.</summary>
public sealed record LoadRunReport(LoadSpec Spec, string? Scenario)
{
    public LoadResult? Result { get; init; }

    public IReadOnlyList<Measurement> Measurements { get; init; } = [];

    public ResourceUsage? ServiceUsage => Usage.GetValueOrDefault(Spec.Service);

    /// <summary>Every service's CPU and memory during the run (service → usage), not only the loaded one's.</summary>
    public IReadOnlyDictionary<string, ResourceUsage> Usage { get; init; } = new Dictionary<string, ResourceUsage>();

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Why the run could not happen or could not be judged; null when it ran.</summary>
    public string? Failure { get; init; }

    public bool Passed => Failure is null && Measurements.All(m => m.Status != MeasurementStatus.Fail);
}

/// <summary>Runs a drydock.yml load spec with Drydock's load generator against the service's port on 127.0.0.1.</summary>
public static class LoadExecutor
{
    /// <summary>Summary rows reported for every run (as info when no threshold names them).</summary>
    private static readonly (Metric Metric, Func<LoadResult, double> Value)[] SummaryRows =
    [
        (new("http_reqs rate", Unit.PerSecond), result => result.Throughput),
        (new("http_req_duration p(50)", Unit.Milliseconds), result => result.Latency.P50Ms),
        (new("http_req_duration p(95)", Unit.Milliseconds), result => result.Latency.P95Ms),
        (new("http_req_duration p(99)", Unit.Milliseconds), result => result.Latency.P99Ms),
        (new("http_req_failed rate", Unit.Rate), result => result.FailedRate),
    ];

    public static async Task<LoadRunReport> RunAsync(RunningStack stack, LoadSpec spec, FaultInjector faults, string? scenario, CancellationToken cancellationToken)
    {
        var report = new LoadRunReport(spec, scenario);
        var target = await stack.TargetAsync(spec.Service, cancellationToken).ConfigureAwait(false);
        int hostPort;
        if (spec.Port is { } port)
        {
            if (!target.PublishedTcpPorts.TryGetValue(port, out hostPort))
            {
                return report with { Failure = $"container port {port} of {spec.Service} is not published on 127.0.0.1" };
            }
        }
        else if (target.PublishedTcpPorts.Count == 1)
        {
            hostPort = target.PublishedTcpPorts.Values.Single();
        }
        else
        {
            return report with { Failure = target.PublishedTcpPorts.Count == 0 ? $"{spec.Service} publishes no TCP port on 127.0.0.1" : $"{spec.Service} publishes several ports; name one with port:" };
        }

        var options = new LoadOptions
        {
            Target = new Uri($"http://127.0.0.1:{hostPort}"),
            Model = spec.Model,
            Rate = spec.Rate,
            Connections = spec.Connections,
            Duration = spec.Duration,
            MaxRequests = spec.MaxRequests,
            WarmUp = spec.WarmUp,
            Method = spec.Method,
            Path = spec.Path,
            Headers = spec.Headers,
            Body = spec.Body is null ? ReadOnlyMemory<byte>.Empty : Encoding.UTF8.GetBytes(spec.Body),
            RequestTimeout = spec.RequestTimeout,
        };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The sampler ends with its window (the load's own length), so the whole run is covered; it is not cut short.
        var sampling = IdleSampler.SampleAsync(stack.Client, stack.Containers, spec.WarmUp + spec.Duration, TimeSpan.FromSeconds(1), cancellationToken);
        var fault = spec.During is { } during ? ApplyLaterAsync(faults, during, spec.WarmUp + spec.DuringAfter, stop.Token, cancellationToken) : Task.FromResult<string?>(null);
        LoadRunOutcome outcome;
        try
        {
            outcome = await LoadTest.RunAsync(options, spec.Thresholds, spec.Service, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
        }
        var faultProblem = await fault.ConfigureAwait(false);
        var everyService = await sampling.ConfigureAwait(false);
        var usage = everyService.GetValueOrDefault(spec.Service);
        var label = scenario is null ? $"load '{spec.Name}'" : $"scenario '{scenario}': load '{spec.Name}'";
        var rows = outcome.Measurements.Select(row => row with { Detail = row.Detail is null ? label : $"{label}; {row.Detail}" }).ToList();
        foreach (var (metric, value) in SummaryRows)
        {
            if (rows.All(row => row.Metric != metric))
            {
                rows.Add(Measurement.Evaluate(metric, spec.Service, null, value(outcome.Result), label));
            }
        }
        var cores = usage is { HasCpu: true } ? usage.CpuPercentAverage / 100 : (double?)null;
        return report with
        {
            Result = outcome.Result,
            Measurements = rows,
            Usage = everyService,
            Warnings = [.. outcome.Result.Warnings, .. LoadDiagnosis.Assess(outcome.Result, cores)],
            Failure = faultProblem,
        };
    }

    /// <summary>
    /// Applies the fault once it is due, unless the load ended first (<paramref name="loadEnded"/>). A fault that began
    /// while the load ran is let finish (a restart can outlast a short load on a busy machine); only the run's own
    /// cancellation stops it.
    /// </summary>
    private static async Task<string?> ApplyLaterAsync(FaultInjector faults, FaultStep fault, TimeSpan after, CancellationToken loadEnded, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(after, loadEnded).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"the load ended before '{fault.Describe()}' was due";
        }
        try
        {
            await faults.ApplyAsync(fault, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is Engine.EngineException or ScenarioStepException)
        {
            return $"'{fault.Describe()}' during the load failed: {ex.Message}";
        }
    }
}
