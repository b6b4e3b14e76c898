using System.Diagnostics;
using System.Text.Json;
using Drydock.Engine;
using Drydock.Measurements;
using Drydock.Verification.Config;
using Drydock.Verification.Probes;
using Drydock.Verification.Sampling;

namespace Drydock.Verification.Scenarios;

public enum StepStatus
{
    Passed,
    Failed,
    Skipped,
}

/// <summary>One step of a scenario as it ran.</summary>
public sealed record StepReport(string Step, StepStatus Status, double DurationMs, string? Detail);

/// <summary>How a scenario went: its steps, and the recovery, probe and load rows it produced.</summary>
public sealed record ScenarioReport(string Name, IReadOnlyList<StepReport> Steps)
{
    public bool Passed => Steps.All(step => step.Status != StepStatus.Failed) && Problems.Count == 0;

    public IReadOnlyList<Measurement> Measurements { get; init; } = [];

    public IReadOnlyList<ProbeResult> Probes { get; init; } = [];

    public IReadOnlyList<LoadRunReport> Loads { get; init; } = [];

    /// <summary>Every service's CPU and memory while the scenario ran (service → usage).</summary>
    public IReadOnlyDictionary<string, ResourceUsage> Usage { get; init; } = new Dictionary<string, ResourceUsage>();

    /// <summary>What could not be put back at the end (a service not ready again).</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}

/// <summary>
/// Runs one scenario's steps in order: faults through the Engine API, probes (retried after a fault until they pass
/// or the recovery timeout runs out, which measures <c>recovery_time</c>), waits and load runs. A failed step skips
/// the rest; whatever the scenario stopped, paused or disconnected is put back at the end.
/// </summary>
public sealed class ScenarioRunner
{
    /// <summary>Sampling during a scenario stops with it; this only bounds a scenario that never ends (the run's timeout ends it first).</summary>
    private static readonly TimeSpan LongestSampling = TimeSpan.FromHours(1);

    private readonly RunningStack _stack;
    private readonly ScenarioSpec _scenario;
    private readonly FaultInjector _faults;
    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);
    private readonly List<StepReport> _steps = [];
    private readonly List<Measurement> _measurements = [];
    private readonly List<ProbeResult> _probes = [];
    private readonly List<LoadRunReport> _loads = [];
    /// <summary>
    /// The faults whose recovery is being measured, oldest first: consecutive faults stay open together, and the probes
    /// after them measure each one's recovery from its own start.
    /// </summary>
    private readonly List<OpenRecovery> _recoveries = [];

    /// <summary>What the last step reported on success (a probe's answer, a load's summary), for its row.</summary>
    private string? _lastDetail;

    private ScenarioRunner(RunningStack stack, ScenarioSpec scenario)
    {
        _stack = stack;
        _scenario = scenario;
        _faults = new FaultInjector(stack);
    }

    /// <summary>Runs the scenario; each step begins a phase of <paramref name="phases"/>, holding the scenario's expected log lines.</summary>
    public static Task<ScenarioReport> RunAsync(RunningStack stack, ScenarioSpec scenario, IVerifyProgress progress, RunPhases phases, CancellationToken cancellationToken) =>
        new ScenarioRunner(stack, scenario).RunAsync(progress, phases, cancellationToken);

    private async Task<ScenarioReport> RunAsync(IVerifyProgress progress, RunPhases phases, CancellationToken cancellationToken)
    {
        var failed = false;
        var expected = _scenario.ExpectedLogsByService();
        using var stopSampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampling = IdleSampler.SampleUntilAsync(_stack.Client, _stack.Containers, TimeSpan.FromSeconds(1), LongestSampling, stopSampling.Token, cancellationToken);
        foreach (var step in _scenario.Steps)
        {
            if (failed)
            {
                _steps.Add(new StepReport(step.Describe(), StepStatus.Skipped, 0, "an earlier step failed"));
                continue;
            }
            progress.Stage($"scenario '{_scenario.Name}': {step.Describe()}");
            phases.Begin(LogPhases.ScenarioStep(_scenario.Name, step.Describe()), expected);
            var clock = Stopwatch.StartNew();
            string? problem;
            try
            {
                problem = await RunStepAsync(step, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is EngineException or ScenarioStepException or DrydockException)
            {
                problem = ex.Message;
            }
            _steps.Add(new StepReport(step.Describe(), problem is null ? StepStatus.Passed : StepStatus.Failed, clock.Elapsed.TotalMilliseconds, problem ?? _lastDetail));
            _lastDetail = null;
            failed = problem is not null;
        }
        CloseRecovery();
        phases.Begin(LogPhases.ScenarioStep(_scenario.Name, "restore"), expected);
        var problems = await _faults.RestoreAsync(_scenario.RecoveryTimeout, cancellationToken).ConfigureAwait(false);
        await stopSampling.CancelAsync().ConfigureAwait(false);
        var usage = await sampling.ConfigureAwait(false);
        return new ScenarioReport(_scenario.Name, _steps)
        {
            Usage = usage,
            Measurements = _measurements,
            Probes = _probes,
            Loads = _loads,
            Problems = problems,
        };
    }

    /// <summary>Runs one step; returns why it failed, or null.</summary>
    private async Task<string?> RunStepAsync(ScenarioStep step, CancellationToken cancellationToken)
    {
        switch (step)
        {
            case FaultStep fault:
                // A fault that probes have answered for is over; one with no probe since stays open beside this one.
                CloseRecovery(answeredOnly: true);
                // Recovery counts from the moment the fault began: a restart's own downtime is part of it.
                var since = Stopwatch.StartNew();
                await _faults.ApplyAsync(fault, cancellationToken).ConfigureAwait(false);
                _recoveries.Add(new OpenRecovery(fault, since));
                return null;
            case WaitStep wait:
                await Task.Delay(wait.Duration, cancellationToken).ConfigureAwait(false);
                return null;
            case ProbeStep probe:
                return await ProbeAsync(probe, cancellationToken).ConfigureAwait(false);
            case LoadStep load:
                var report = await LoadExecutor.RunAsync(_stack, load.Load, _faults, _scenario.Name, cancellationToken).ConfigureAwait(false);
                _loads.Add(report);
                _measurements.AddRange(report.Measurements);
                _lastDetail = report.Result is { } result ? $"{result.Completed} requests, {result.Throughput:0} /s, p99 {result.Latency.P99Ms:0.##} ms, {result.Errors.Total} errors" : null;
                return report.Failure ?? (report.Passed ? null : "a load threshold was missed");
            default:
                return $"step '{step.Describe()}' is not supported";
        }
    }

    private async Task<string?> ProbeAsync(ProbeStep step, CancellationToken cancellationToken)
    {
        var spec = Substitute(step.Probe);
        var outcome = _recoveries.Count > 0
            ? await ProbeUntilRecoveredAsync(spec, _scenario.RecoveryTimeout - _recoveries[^1].Since.Elapsed, cancellationToken).ConfigureAwait(false)
            : await ProbeRunner.RunAsync(_stack.Client, spec, await _stack.TargetAsync(spec.Service, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        _probes.Add(outcome.Result with { Name = $"{_scenario.Name}: {spec.Name}" });
        if (outcome.Latency is { } latency)
        {
            _measurements.Add(latency);
        }
        _lastDetail = outcome.Result.Detail;
        if (outcome.Result.Status != ProbeStatus.Passed)
        {
            foreach (var open in _recoveries)
            {
                open.Failed = true;
            }
            return outcome.Result.Detail ?? "the probe failed";
        }
        foreach (var pending in _recoveries)
        {
            pending.LastPass = pending.Since.Elapsed;
        }
        return Save(step, outcome.Output);
    }

    /// <summary>
    /// After a fault the container may be stopped, restarting, or back on another ephemeral host port, so the target is
    /// looked up again before each round of attempts, until the probe passes or the recovery deadline passes.
    /// </summary>
    private async Task<ProbeOutcome> ProbeUntilRecoveredAsync(ProbeSpec spec, TimeSpan left, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var deadline = left > spec.Timeout ? left : spec.Timeout;
        var round = spec.Timeout < TimeSpan.FromSeconds(5) ? spec.Timeout : TimeSpan.FromSeconds(5);
        var attempts = 0;
        var failures = new AttemptCounter();
        while (true)
        {
            var remaining = deadline - clock.Elapsed;
            var target = await _stack.TargetAsync(spec.Service, cancellationToken).ConfigureAwait(false);
            var outcome = await ProbeRunner.RunAttemptsAsync(_stack.Client, spec with { Timeout = remaining < round ? remaining : round }, target, cancellationToken).ConfigureAwait(false);
            attempts += outcome.Result.Attempts;
            failures.AddAll(outcome.Result.FailedAttempts);
            if (outcome.Result.Status == ProbeStatus.Passed)
            {
                return ProbeRunner.Judge(spec, outcome with { Result = outcome.Result with { Attempts = attempts, DurationMs = clock.Elapsed.TotalMilliseconds, FailedAttempts = failures.Counts } });
            }
            if (clock.Elapsed + spec.Interval >= deadline)
            {
                // Say first whether the service is even running: that is usually why it never recovered.
                var state = (await _stack.Client.InspectContainerAsync(target.ContainerId, cancellationToken).ConfigureAwait(false)).State;
                var why = state is { Running: true, Paused: false } ? outcome.Result.Detail
                    : $"{spec.Service} is {(state?.Paused == true ? "paused" : state?.Status ?? "gone")}{(state is { Running: false } ? $" (exit code {state.ExitCode})" : string.Empty)}: {outcome.Result.Detail}";
                return ProbeRunner.Judge(spec, outcome with { Result = outcome.Result with { Attempts = attempts, DurationMs = clock.Elapsed.TotalMilliseconds, Detail = why, FailedAttempts = failures.Counts } });
            }
            await Task.Delay(spec.Interval, cancellationToken).ConfigureAwait(false);
        }
    }

    private string? Save(ProbeStep step, string? output)
    {
        foreach (var capture in step.SaveOutput)
        {
            var text = output ?? string.Empty;
            if (capture.Pattern is null)
            {
                _variables[capture.Name] = text.Trim();
                continue;
            }
            var match = capture.Pattern.Match(text);
            if (!match.Success)
            {
                return $"save: /{capture.Pattern}/ does not match the output: {text.Trim()}";
            }
            _variables[capture.Name] = match.Groups.Count > 1 ? match.Groups[1].Value : match.Value;
        }
        if (step.Save.Count == 0)
        {
            return null;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(output ?? string.Empty);
        }
        catch (JsonException ex)
        {
            return $"save: the answer is not JSON ({ex.Message})";
        }
        using (document)
        {
            foreach (var (name, path) in step.Save)
            {
                if (JsonPath.Parse(path).Select(document.RootElement) is not { } value)
                {
                    return $"save: {path} is not in the answer";
                }
                _variables[name] = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            }
        }
        return null;
    }

    /// <summary>The probe with <c>${name}</c> replaced by values saved earlier in this scenario.</summary>
    private ProbeSpec Substitute(ProbeSpec probe) => probe switch
    {
        HttpProbeSpec http => http with
        {
            Path = ScenarioVariables.Substitute(http.Path, _variables),
            Body = http.Body is null ? null : ScenarioVariables.Substitute(http.Body, _variables),
            Headers = [.. http.Headers.Select(header => new KeyValuePair<string, string>(header.Key, ScenarioVariables.Substitute(header.Value, _variables)))],
        },
        ExecProbeSpec exec => exec with { Command = [.. exec.Command.Select(word => ScenarioVariables.Substitute(word, _variables))] },
        _ => probe,
    };

    /// <summary>Ends the recovery windows of open faults (with <paramref name="answeredOnly"/>, those probes passed after): one recovery_time row per fault probes followed.</summary>
    private void CloseRecovery(bool answeredOnly = false)
    {
        foreach (var recovery in _recoveries.Where(recovery => !answeredOnly || recovery.LastPass is not null || recovery.Failed).ToList())
        {
            _recoveries.Remove(recovery);
            AddRecoveryRow(recovery);
        }
    }

    private void AddRecoveryRow(OpenRecovery recovery)
    {
        var target = _scenario.RecoveryTime is { } wanted ? wanted with { Service = recovery.Fault.Service } : null;
        var detail = $"scenario '{_scenario.Name}': {recovery.Fault.Describe()} → probes pass again";
        if (recovery.Failed)
        {
            _measurements.Add(Measurement.Evaluate(Metrics.RecoveryTime, recovery.Fault.Service, target, null,
                $"scenario '{_scenario.Name}': no recovery within {Units.Format(_scenario.RecoveryTimeout.TotalSeconds, Unit.Seconds)} of {recovery.Fault.Describe()}"));
        }
        else if (recovery.LastPass is { } recovered)
        {
            _measurements.Add(Measurement.Evaluate(Metrics.RecoveryTime, recovery.Fault.Service, target, recovered.TotalSeconds, detail));
        }
    }
}

/// <summary>A fault whose recovery is being measured: since when, and the last moment every probe after it passed.</summary>
internal sealed class OpenRecovery(FaultStep fault, Stopwatch since)
{
    public FaultStep Fault { get; } = fault;

    public Stopwatch Since { get; } = since;

    public TimeSpan? LastPass { get; set; }

    public bool Failed { get; set; }
}
