using System.Diagnostics;
using Drydock.Compose.Loading;
using Drydock.Compose.Model;
using Drydock.Engine;
using Drydock.Findings;
using Drydock.Measurements;
using Drydock.Processes;
using Drydock.Reports;
using Drydock.Verification.Config;
using Drydock.Verification.Posture;
using Drydock.Verification.Probes;
using Drydock.Verification.Sampling;
using Drydock.Verification.Scenarios;
using Drydock.Verification.Stack;

namespace Drydock.Verification;

/// <summary>What a run produced: the report, and the command that removes a stack kept with <c>--keep</c>.</summary>
public sealed record VerifyResult(Report Report, bool Passed, string? KeepHint);

/// <summary>
/// <c>drydock verify</c>: build the stack through Compose, start it under a unique project, wait for health on the
/// engine's events, probe and measure it through the Engine API, and tear down exactly what it started, whatever happens.
/// </summary>
public sealed class VerifyRunner
{
    private static readonly TimeSpan TearDownBudget = TimeSpan.FromMinutes(2);
    private const int LogTailLines = 50;

    private readonly VerifyOptions _options;
    private readonly IVerifyProgress _progress;
    private readonly List<Measurement> _measurements = [];
    private readonly List<ProbeResult> _probes = [];
    private readonly List<Finding> _findings = [];
    private readonly Dictionary<string, ServiceOutcome> _outcomes = new(StringComparer.Ordinal);
    private readonly List<string> _failures = [];
    private readonly List<string> _buildLog = [];
    private readonly List<LoadRunReport> _loads = [];
    private readonly List<ScenarioReport> _scenarios = [];
    private readonly RunPhases _phases = new();
    private VerifyConfig _config = null!;
    private VerifyTargets _targets = null!;
    private ComposeProject _project = null!;

    private VerifyRunner(VerifyOptions options, IVerifyProgress progress)
    {
        _options = options;
        _progress = progress;
    }

    public static Task<VerifyResult> RunAsync(VerifyOptions options, IVerifyProgress progress, CancellationToken cancellationToken) =>
        new VerifyRunner(options, progress).RunAsync(cancellationToken);

    private async Task<VerifyResult> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        _progress.Stage("reading the project");
        (_config, _project) = LoadInputs();
        _targets = new VerifyTargets(_config);
        foreach (var service in _project.Services)
        {
            _outcomes[service.Name] = new ServiceOutcome(service.Name, _config.FindService(service.Name)?.Optional ?? false);
        }

        using var client = DockerClient.FromEnvironment(_options.GetEnvironmentVariable);
        await client.NegotiateAsync(cancellationToken).ConfigureAwait(false);
        var tool = await ComposeToolLocator.LocateAsync(_options.GetEnvironmentVariable, cancellationToken).ConfigureAwait(false);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeout = _options.Timeout ?? _config.Timeout;
        deadline.CancelAfter(timeout);

        // Teardown is registered before anything exists on the engine: the finally below runs on every path.
        using var cleanup = Processes.CleanupScope.Enter();
        var run = StackRun.Create(client, tool, _project, new StackRunOptions
        {
            Profiles = _options.Profiles,
            EnvFiles = EnvFiles(),
            Environment = ComposeEnvironment(),
            FileVersion = FileVersion(_project),
        });
        string? keepHint = null;
        try
        {
            await ExecuteAsync(client, run, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _failures.Add($"the run did not finish within its timeout of {Units.Format(timeout.TotalSeconds, Unit.Seconds)}; the stack was torn down.");
        }
        finally
        {
            if (_options.Keep)
            {
                keepHint = KeepHint(run);
            }
            else
            {
                _progress.Stage("tearing down");
                foreach (var problem in await run.TearDownAsync(TearDownBudget).ConfigureAwait(false))
                {
                    _failures.Add($"teardown: {problem}");
                }
                if (_options.RemoveImages)
                {
                    await RemoveBuiltImagesAsync(client, run).ConfigureAwait(false);
                }
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        var report = VerifyReport.Build(new VerifyReportInput(
            _project, run, tool, _config, clock.Elapsed, [.. _outcomes.Values], _measurements, _probes, _findings, _failures, _buildLog, keepHint) { FailOn = _options.FailOn, Loads = _loads, Scenarios = _scenarios });
        return new VerifyResult(report, report.Status == ReportStatus.Passed, keepHint);
    }

    private (VerifyConfig Config, ComposeProject Project) LoadInputs()
    {
        var path = System.IO.Path.GetFullPath(_options.Path, _options.CurrentDirectory);
        string directory;
        string? configFile;
        if (File.Exists(path))
        {
            configFile = _options.ZeroConfig ? null : path;
            directory = System.IO.Path.GetDirectoryName(path)!;
        }
        else if (Directory.Exists(path))
        {
            directory = path;
            configFile = _options.ZeroConfig ? null : Configuration.DrydockConfigFile.Find(directory);
        }
        else
        {
            throw new DrydockException($"{_options.Path} is neither a directory nor a drydock.yml.", null, "Pass the directory holding the compose file, or its drydock.yml.");
        }
        var config = configFile is null ? VerifyConfig.ZeroConfig(directory) : VerifyConfigParser.Load(configFile);
        var files = _options.ComposeFiles.Count > 0
            ? _options.ComposeFiles.Select(file => System.IO.Path.GetFullPath(file, _options.CurrentDirectory)).ToList()
            : config.ComposeFiles.Select(file => System.IO.Path.GetFullPath(file, config.BaseDirectory)).ToList();
        var load = ComposeProjectLoader.Load(new ComposeLoadOptions
        {
            Files = files,
            ProjectDirectory = files.Count == 0 ? directory : null,
            WorkingDirectory = directory,
            Profiles = _options.Profiles,
            EnvFiles = EnvFiles(),
            EnvironmentLookup = _options.GetEnvironmentVariable,
        });
        var project = load.GetProjectOrThrow();
        foreach (var service in config.Services)
        {
            if (project.FindService(service.Name) is null)
            {
                var known = string.Join(", ", project.Services.Select(s => s.Name));
                throw new DrydockException($"drydock.yml names service '{service.Name}', which the compose project does not have (services: {known}).", service.Span, "Use a service name from the compose file, or enable its profile with --profile.");
            }
        }
        foreach (var (service, span) in config.Load.Select(load => (load.Service, load.Span))
                     .Concat(config.Scenarios.SelectMany(scenario => scenario.Steps.SelectMany(ServicesOf)))
                     .Concat(config.Scenarios.SelectMany(scenario => scenario.ExpectLogs.Select(expected => (expected.Service, expected.Span))))
                     .Concat(config.Services.SelectMany(service => service.ReadyBefore.Select(other => (other.Service, other.Span)))))
        {
            if (project.FindService(service) is null)
            {
                var known = string.Join(", ", project.Services.Select(s => s.Name));
                throw new DrydockException($"drydock.yml names service '{service}', which the compose project does not have (services: {known}).", span, "Use a service name from the compose file, or enable its profile with --profile.");
            }
        }
        return (config, project);
    }

    /// <summary><c>--env-file</c>s, absolute: the loader and Compose read the same files.</summary>
    private List<string> EnvFiles() => _options.EnvFiles.Select(file => System.IO.Path.GetFullPath(file, _options.CurrentDirectory)).ToList();

    private static IEnumerable<(string Service, Text.SourceSpan Span)> ServicesOf(ScenarioStep step) => step switch
    {
        FaultStep fault => [(fault.Service, fault.Span)],
        ProbeStep probe => [(probe.Probe.Service, probe.Span)],
        LoadStep load => load.Load.During is { } during ? [(load.Load.Service, load.Span), (during.Service, during.Span)] : [(load.Load.Service, load.Span)],
        _ => [],
    };

    private async Task ExecuteAsync(DockerClient client, StackRun run, CancellationToken cancellationToken)
    {
        if (!await BuildAsync(client, run, cancellationToken).ConfigureAwait(false))
        {
            return;
        }
        var startup = await StartAsync(client, run, cancellationToken).ConfigureAwait(false);
        await MeasureAsync(client, run, startup, cancellationToken).ConfigureAwait(false);
    }

    // ---- build --------------------------------------------------------------------------------------------------

    private async Task<bool> BuildAsync(DockerClient client, StackRun run, CancellationToken cancellationToken)
    {
        var built = _project.Services.Where(service => service.Build is not null).ToList();
        if (built.Count == 0)
        {
            _measurements.Add(_targets.Stack(Metrics.BuildTime, null, "nothing to build: every service uses an image"));
        }
        else
        {
            _progress.Stage(_options.NoCache ? "building (no cache)" : "building");
            var perService = _targets.HasServiceTarget(Metrics.BuildTime);
            var groups = perService ? built.Select(service => (IReadOnlyList<ComposeService>)[service]).ToList() : [built];
            var total = TimeSpan.Zero;
            foreach (var group in groups)
            {
                foreach (var service in group)
                {
                    _progress.Service(service.Name, "building");
                }
                var result = await run.BuildAsync([.. group.Select(service => service.Name)], _options.NoCache, RememberBuildLine, cancellationToken).ConfigureAwait(false);
                total += result.Duration;
                if (perService)
                {
                    _measurements.Add(_targets.Service(Metrics.BuildTime, group[0].Name, result.Duration.TotalSeconds));
                }
                if (!result.Succeeded)
                {
                    var names = string.Join(", ", group.Select(service => service.Name));
                    foreach (var service in group)
                    {
                        _outcomes[service.Name] = _outcomes[service.Name] with { Failure = $"its build failed (compose build exited {result.ExitCode})" };
                        _progress.Service(service.Name, "build failed");
                    }
                    _failures.Add($"the build of {names} failed: {LastMeaningfulLine(result)}");
                    _measurements.Add(_targets.Stack(Metrics.BuildTime, null, "the build failed"));
                    return false;
                }
                foreach (var service in group)
                {
                    _progress.Service(service.Name, "built");
                }
            }
            _measurements.Add(_targets.Stack(Metrics.BuildTime, total.TotalSeconds, built.Count == 1 ? null : $"{built.Count} services built"));
        }
        await MeasureImageSizesAsync(client, run, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private void RememberBuildLine(string line, bool isError)
    {
        lock (_buildLog)
        {
            _buildLog.Add(line);
            if (_buildLog.Count > 40)
            {
                _buildLog.RemoveAt(0);
            }
        }
    }

    private async Task MeasureImageSizesAsync(DockerClient client, StackRun run, CancellationToken cancellationToken)
    {
        var combined = 0L;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var service in _project.Services)
        {
            var image = run.ImageOf(service);
            try
            {
                var details = await client.InspectImageAsync(image, cancellationToken).ConfigureAwait(false);
                _outcomes[service.Name] = _outcomes[service.Name] with { Image = image, ImageSize = details.Size };
                _measurements.Add(_targets.Service(Metrics.ImageSize, service.Name, details.Size, image));
                if (seen.Add(details.Id ?? image))
                {
                    combined += details.Size;
                }
            }
            catch (EngineException ex) when (ex.Kind == EngineErrorKind.NotFound)
            {
                missing.Add(service.Name);
                _outcomes[service.Name] = _outcomes[service.Name] with { Image = image };
                _measurements.Add(_targets.Service(Metrics.ImageSize, service.Name, null, $"{image} is not in the engine (Compose will try to pull it)"));
            }
        }
        _measurements.Add(_targets.Stack(Metrics.ImageSize, missing.Count == 0 ? combined : null,
            missing.Count == 0 ? $"{seen.Count} distinct images" : $"not every image is local: {string.Join(", ", missing)}"));
    }

    // ---- start --------------------------------------------------------------------------------------------------

    private async Task<StartupOutcome> StartAsync(DockerClient client, StackRun run, CancellationToken cancellationToken)
    {
        _progress.Stage("starting");
        var states = _project.Services.Select(service => new ServiceState(
            service.Name,
            _outcomes[service.Name].Optional,
            RestartsOnExit(service.Restart?.Value ?? service.Deploy?.RestartPolicyCondition))).ToList();
        await using var monitor = await StackMonitor.StartAsync(client, run.RunLabel, states, cancellationToken).ConfigureAwait(false);
        monitor.Changed += state => _progress.Service(state.Name, state.HasFailed ? $"failed: {state.Failure}" : state.Status.ToString().ToLowerInvariant());
        _phases.Begin(LogPhases.StartUp);
        var upStarted = DateTimeOffset.UtcNow;
        var up = run.ComposeAsync(["up", "--detach", "--no-build"], _config.StartupTimeout + TimeSpan.FromMinutes(1), null, cancellationToken);
        var outcome = await monitor.WaitForStartupAsync(upStarted, up, _config.StartupTimeout, cancellationToken).ConfigureAwait(false);
        string? upError = null;
        if (outcome.Up is { Succeeded: false } failedUp)
        {
            upError = LastMeaningfulLine(failedUp);
            _failures.Add($"compose up exited {failedUp.ExitCode}: {upError}");
        }
        if (outcome.TimedOut)
        {
            var waiting = outcome.Services.Where(service => !service.IsReady && !service.HasFailed).Select(service => $"{service.Name} ({service.Status.ToString().ToLowerInvariant()})");
            _failures.Add($"not every service was ready within startup_timeout {Units.Format(_config.StartupTimeout.TotalSeconds, Unit.Seconds)}: {string.Join(", ", waiting)}");
        }
        // A service's own failure first, so a dependent that never started can name the dependency that failed.
        var failedOnTheirOwn = outcome.Services.Where(state => state.HasFailed).Select(state => state.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var state in outcome.Services)
        {
            var failedDependency = state.ContainerId is null && !state.IsReady ? FailedDependency(state.Name, failedOnTheirOwn, outcome) : null;
            var failure = state.Failure
                ?? (state.IsReady ? null
                : failedDependency is not null ? $"not started: depends on {failedDependency}, which failed"
                : outcome.TimedOut ? $"it was still {state.Status.ToString().ToLowerInvariant()} when startup_timeout ran out"
                : state.ContainerId is null ? upError is null ? "its container was not started (compose up gave no error)" : $"its container was not started: {upError}"
                : $"it was still {state.Status.ToString().ToLowerInvariant()} when start-up ended");
            _outcomes[state.Name] = _outcomes[state.Name] with
            {
                Status = state.Status,
                ContainerId = state.ContainerId,
                Timeline = state.Timeline,
                HasHealthcheck = state.HasHealthcheck,
                ExitCode = state.ExitCode,
                Failure = failure,
            };
            if (failure is not null)
            {
                await AddDiagnosticsAsync(client, state.Name, cancellationToken).ConfigureAwait(false);
            }
        }
        _measurements.Add(_targets.Stack(Metrics.StartupTime, outcome.StartupTime?.TotalSeconds,
            outcome.StartupTime is null ? "start-up did not succeed" : "compose up → every service ready"));
        return outcome;
    }

    /// <summary>
    /// The dependency (depends_on, followed transitively) that failed first-hand, or whose own container was never
    /// created: why a service was never started. Null when none did.
    /// </summary>
    private string? FailedDependency(string service, IReadOnlySet<string> failed, StartupOutcome outcome)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { service };
        var queue = new Queue<string>([service]);
        while (queue.Count > 0)
        {
            foreach (var dependency in _project.FindService(queue.Dequeue())?.DependsOn ?? [])
            {
                if (!seen.Add(dependency.Service))
                {
                    continue;
                }
                if (failed.Contains(dependency.Service))
                {
                    return dependency.Service;
                }
                queue.Enqueue(dependency.Service);
            }
        }
        // No dependency failed on its own: one whose container compose up could not create is the cause.
        var notCreated = outcome.Services.Where(state => state.ContainerId is null && state.Name != service).Select(state => state.Name).ToHashSet(StringComparer.Ordinal);
        var direct = _project.FindService(service)?.DependsOn.Select(dependency => dependency.Service).FirstOrDefault(notCreated.Contains);
        return direct is not null && FailedDependency(direct, failed, outcome) is null ? direct : null;
    }

    private static bool RestartsOnExit(string? policy) => policy is not (null or "" or "no" or "on-failure" or "none");

    private async Task AddDiagnosticsAsync(DockerClient client, string service, CancellationToken cancellationToken)
    {
        var outcome = _outcomes[service];
        if (outcome.ContainerId is null)
        {
            return;
        }
        try
        {
            var details = await client.InspectContainerAsync(outcome.ContainerId, cancellationToken).ConfigureAwait(false);
            var health = details.State?.Health?.Log?.TakeLast(3).Select(result => $"exit {result.ExitCode}: {result.Output?.Trim()}").ToList() ?? [];
            var tail = await LogScanner.TailAsync(client, outcome.ContainerId, LogTailLines, cancellationToken).ConfigureAwait(false);
            _outcomes[service] = outcome with
            {
                ExitCode = details.State is { Running: false } state && outcome.Timeline.Exited is not null ? state.ExitCode : outcome.ExitCode,
                HealthLog = health,
                LogTail = tail,
            };
        }
        catch (EngineException)
        {
            // The container is already gone; the failure sentence stands on its own.
        }
    }

    // ---- measure ------------------------------------------------------------------------------------------------

    private async Task MeasureAsync(DockerClient client, StackRun run, StartupOutcome startup, CancellationToken cancellationToken)
    {
        // Each service's container as it stands after start-up (inspected once; probes and sampling share it).
        var containers = new Dictionary<string, ContainerDetails>(StringComparer.Ordinal);
        foreach (var service in _project.Services)
        {
            var outcome = _outcomes[service.Name];
            if (outcome.ContainerId is null)
            {
                continue;
            }
            try
            {
                containers[service.Name] = await client.InspectContainerAsync(outcome.ContainerId, cancellationToken).ConfigureAwait(false);
            }
            catch (EngineException ex) when (ex.Kind == EngineErrorKind.NotFound)
            {
            }
        }
        MeasureTimeToHealthy();
        CheckStartOrder();

        _phases.Begin(LogPhases.Idle);
        _progress.Stage("probing");
        await Task.WhenAll(_project.Services.Select(service => ProbeServiceAsync(client, service, containers.GetValueOrDefault(service.Name), cancellationToken))).ConfigureAwait(false);

        await CheckImagesAsync(client, run, cancellationToken).ConfigureAwait(false);

        var live = containers.Where(pair => pair.Value.State is { Running: true }).Select(pair => new KeyValuePair<string, string>(pair.Key, pair.Value.Id)).ToList();
        _progress.Stage($"sampling idle CPU and memory for {Units.Format(_config.Idle.Window.TotalSeconds, Unit.Seconds)}");
        var usage = live.Count == 0
            ? new Dictionary<string, ResourceUsage>()
            : await IdleSampler.SampleAsync(client, live, _config.Idle.Window, _config.Idle.Interval, cancellationToken).ConfigureAwait(false);

        _progress.Stage("reading runtime posture");
        foreach (var service in _project.Services)
        {
            var outcome = _outcomes[service.Name];
            var container = containers.GetValueOrDefault(service.Name);
            if (usage.TryGetValue(service.Name, out var sampled) && sampled.Samples > 0)
            {
                _measurements.Add(sampled.HasMemory
                    ? _targets.Service(Metrics.MemoryIdle, service.Name, sampled.MemoryBytesAverage, $"average; peak {Units.FormatBytes(sampled.MemoryBytesPeak)}, {sampled.Samples} samples")
                    : _targets.Service(Metrics.MemoryIdle, service.Name, null, "the engine reported no memory usage"));
                _measurements.Add(sampled.HasCpu
                    ? _targets.Service(Metrics.CpuIdle, service.Name, sampled.CpuPercentAverage, $"average; peak {Units.Format(sampled.CpuPercentPeak, Unit.Percent)}, {sampled.Samples} samples")
                    : _targets.Service(Metrics.CpuIdle, service.Name, null, "fewer than two readings in the idle window"));
            }
            else
            {
                var why = container is null ? "no container" : "not running during the idle window";
                _measurements.Add(_targets.Service(Metrics.MemoryIdle, service.Name, null, why));
                _measurements.Add(_targets.Service(Metrics.CpuIdle, service.Name, null, why));
            }
            if (container is null)
            {
                _measurements.Add(_targets.Service(Metrics.Restarts, service.Name, null, "no container"));
                continue;
            }
            var latest = await client.InspectContainerAsync(container.Id, cancellationToken).ConfigureAwait(false);
            _measurements.Add(_targets.Service(Metrics.Restarts, service.Name, latest.RestartCount));
            var posture = await RuntimePostureReader.ReadAsync(client, container.Id, service.Name, service.Span, cancellationToken).ConfigureAwait(false);
            _findings.AddRange(RuntimePostureRules.Check(posture));
            AddLimitRows(service.Name, posture);
            _outcomes[service.Name] = outcome with { Restarts = latest.RestartCount, Posture = PostureFacts.From(posture) };
        }
        await RunLoadAndScenariosAsync(client, run, startup, cancellationToken).ConfigureAwait(false);
        await ScanLogsAsync(client, containers, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>log_errors</c> over the whole run, read last so load runs and fault scenarios are in it: each error line is
    /// attributed to the phase it was logged in, and those a scenario's <c>expect_logs:</c> declared are counted apart.
    /// </summary>
    private async Task ScanLogsAsync(DockerClient client, IReadOnlyDictionary<string, ContainerDetails> containers, CancellationToken cancellationToken)
    {
        _progress.Stage("reading logs");
        var phases = _phases.All;
        foreach (var service in _project.Services)
        {
            if (containers.GetValueOrDefault(service.Name) is not { } container)
            {
                _measurements.Add(_targets.Service(Metrics.LogErrors, service.Name, null, _outcomes[service.Name].Failure is { } why ? $"no container: {why}" : "no container"));
                continue;
            }
            var patterns = _config.FindService(service.Name)?.LogErrorPatterns ?? _config.LogErrorPatterns;
            PhasedLogScan scan;
            try
            {
                scan = await LogScanner.ScanPhasesAsync(client, container.Id, service.Name, patterns, phases, cancellationToken).ConfigureAwait(false);
            }
            catch (EngineException ex) when (ex.Kind == EngineErrorKind.NotFound)
            {
                _measurements.Add(_targets.Service(Metrics.LogErrors, service.Name, null, "its container was removed during the run"));
                continue;
            }
            var scanned = $"{scan.Lines} lines scanned over the whole run";
            var detail = scan.ErrorLines > 0 ? $"{scanned}; by phase: {scan.Summary(phase => phase.Errors)}" : scanned;
            if (scan.ExpectedLines > 0)
            {
                detail += $"; {scan.ExpectedLines} expected line(s) not counted (expect_logs)";
            }
            _measurements.Add(_targets.Service(Metrics.LogErrors, service.Name, scan.ErrorLines, detail) with { Evidence = scan.Examples });
            if (scan.ExpectedLines > 0)
            {
                _measurements.Add(Measurement.Evaluate(Metrics.ExpectedLogErrors, service.Name, null, scan.ExpectedLines,
                    $"error lines a scenario declared (expect_logs), by phase: {scan.Summary(phase => phase.Expected)}") with { Evidence = scan.ExpectedExamples });
            }
        }
    }

    /// <summary>Load runs, then fault scenarios: last, since they disturb what the idle measurements describe.</summary>
    private async Task RunLoadAndScenariosAsync(DockerClient client, StackRun run, StartupOutcome startup, CancellationToken cancellationToken)
    {
        if (_config.Load.Count == 0 && _config.Scenarios.Count == 0)
        {
            return;
        }
        if (!startup.Succeeded)
        {
            _failures.Add("load runs and scenarios were not run: the stack did not start");
            return;
        }
        var containers = _outcomes.Values.Where(outcome => outcome.ContainerId is not null).ToDictionary(outcome => outcome.Name, outcome => outcome.ContainerId!, StringComparer.Ordinal);
        var stack = new RunningStack(client, _project, run.ProjectName, containers);
        foreach (var load in _config.Load)
        {
            _progress.Stage($"load '{load.Name}' on {load.Service} for {Units.Format(load.Duration.TotalSeconds, Unit.Seconds)}");
            _phases.Begin(LogPhases.Load(load.Name));
            var faults = new FaultInjector(stack);
            LoadRunReport report;
            try
            {
                report = await LoadExecutor.RunAsync(stack, load, faults, null, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is EngineException or ScenarioStepException or DrydockException)
            {
                report = new LoadRunReport(load, null) { Failure = ex.Message };
            }
            var problems = await faults.RestoreAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            _loads.Add(problems.Count == 0 ? report : report with { Failure = string.Join("; ", [.. report.Failure is null ? [] : new[] { report.Failure }, .. problems]) });
            _measurements.AddRange(report.Measurements);
        }
        foreach (var scenario in _config.Scenarios)
        {
            var report = await ScenarioRunner.RunAsync(stack, scenario, _progress, _phases, cancellationToken).ConfigureAwait(false);
            _scenarios.Add(report);
            _measurements.AddRange(report.Measurements);
            _probes.AddRange(report.Probes);
            _loads.AddRange(report.Loads);
        }
    }

    private void MeasureTimeToHealthy()
    {
        foreach (var service in _project.Services)
        {
            var outcome = _outcomes[service.Name];
            var timeline = outcome.Timeline;
            if (timeline.Running is { } started && timeline.Healthy is { } healthy)
            {
                _measurements.Add(_targets.Service(Metrics.TimeToHealthy, service.Name, (healthy - started).TotalSeconds, "container started → healthy"));
            }
            else if (outcome.HasHealthcheck == false && timeline.Running is not null)
            {
                _measurements.Add(_targets.Service(Metrics.TimeToHealthy, service.Name, null, "no health check"));
            }
            else
            {
                _measurements.Add(_targets.Service(Metrics.TimeToHealthy, service.Name, null, outcome.Failure ?? "never healthy"));
            }
        }
    }

    /// <summary>
    /// <c>start_order: respected</c> and <c>ready_before:</c>, from the timeline the engine's events gave: each
    /// dependency ready (healthy, or running without a health check) before its dependent's container was created.
    /// One row per pair, under the dependent, in the probes table.
    /// </summary>
    private void CheckStartOrder()
    {
        var pairs = new List<(string Dependency, string Dependent)>();
        if (_config.StartOrderRespected)
        {
            pairs.AddRange(_project.Services.SelectMany(service => service.DependsOn.Select(dependency => (dependency.Service, service.Name))));
        }
        pairs.AddRange(_config.Services.SelectMany(service => service.ReadyBefore.Select(other => (service.Name, other.Service))));
        foreach (var (dependency, dependent) in pairs.Distinct())
        {
            var name = $"start order: {dependency} ready before {dependent} created";
            var ready = ReadyAt(_outcomes[dependency]);
            var created = _outcomes[dependent].Timeline.Created;
            var (status, detail) = (ready, created) switch
            {
                (null, _) => (ProbeStatus.Failed, $"{dependency} was never ready{(_outcomes[dependency].Failure is { } why ? $": {why}" : string.Empty)}"),
                (_, null) => (ProbeStatus.Failed, $"{dependent} was never created{(_outcomes[dependent].Failure is { } why ? $": {why}" : string.Empty)}"),
                var (r, c) when r <= c => (ProbeStatus.Passed, $"{dependency} ready {Units.Format((c!.Value - r!.Value).TotalSeconds, Unit.Seconds)} before {dependent} was created"),
                var (r, c) => (ProbeStatus.Failed, $"{dependent} was created {Units.Format((r!.Value - c!.Value).TotalSeconds, Unit.Seconds)} before {dependency} was ready"),
            };
            _probes.Add(new ProbeResult(dependent, name, status, 1, 0, detail));
        }
    }

    /// <summary>When a service became ready: healthy, or running when it has no health check.</summary>
    private static DateTimeOffset? ReadyAt(ServiceOutcome outcome) =>
        outcome.Timeline.Healthy ?? (outcome.HasHealthcheck == false ? outcome.Timeline.Running : null);

    private async Task ProbeServiceAsync(DockerClient client, ComposeService service, ContainerDetails? container, CancellationToken cancellationToken)
    {
        var outcome = _outcomes[service.Name];
        var configured = _config.FindService(service.Name)?.Probes;
        var ports = container is null ? new Dictionary<int, int>() : ProbeRunner.PublishedTcpPorts(container);
        // With a drydock.yml, its probes are the ones meant; without one, every published port gets GET /.
        IReadOnlyList<ProbeSpec> probes = _config.File is not null ? configured ?? [] : ZeroConfigProbes(service, ports);
        if (probes.Count == 0)
        {
            return;
        }
        if (container is null || outcome.Failed || container.State is not { Running: true })
        {
            // A file probe reads the container's file system through the archive API, which works on a stopped
            // container too: it can still say why a service failed (a missing model file). The rest need it running.
            // Nothing changes in a stopped container, so one attempt says all there is to say.
            var runnable = container is null ? [] : probes.OfType<FileProbeSpec>().Select(probe => (ProbeSpec)(probe with { Timeout = TimeSpan.FromSeconds(1) })).ToList();
            lock (_probes)
            {
                _probes.AddRange(probes.Where(probe => probe is not FileProbeSpec || container is null).Select(probe => new ProbeResult(service.Name, probe.Name, ProbeStatus.Skipped, 0, 0, $"not run: {outcome.Failure ?? "the service is not running"}")));
            }
            probes = runnable;
            if (probes.Count == 0)
            {
                return;
            }
        }
        _progress.Service(service.Name, "probing");
        var target = new ProbeTarget(service.Name, container!.Id, ports);
        var failed = 0;
        foreach (var probe in probes)
        {
            var result = await ProbeRunner.RunAsync(client, probe, target, cancellationToken).ConfigureAwait(false);
            failed += result.Result.Status == ProbeStatus.Failed ? 1 : 0;
            lock (_probes)
            {
                _probes.Add(result.Result);
                if (result.Latency is { } latency)
                {
                    _measurements.Add(latency);
                }
            }
        }
        _progress.Service(service.Name, failed == 0 ? $"{probes.Count} probe(s) passed" : $"{failed} of {probes.Count} probe(s) failed");
    }

    /// <summary>With no probes configured: <c>GET /</c> on each published TCP port; any HTTP answer shows the port serves.</summary>
    private static IReadOnlyList<ProbeSpec> ZeroConfigProbes(ComposeService service, IReadOnlyDictionary<int, int> ports) =>
        ports.Keys.Order().Select(port => (ProbeSpec)new HttpProbeSpec(service.Name, $"http GET / on {port}", service.Span)
        {
            Port = port,
            Timeout = TimeSpan.FromSeconds(10),
            Expect = new HttpExpectations { AnyStatus = true },
        }).ToList();

    private async Task CheckImagesAsync(DockerClient client, StackRun run, CancellationToken cancellationToken)
    {
        foreach (var service in _project.Services)
        {
            if (_config.FindService(service.Name)?.Image is not { } expectations)
            {
                continue;
            }
            _progress.Service(service.Name, "inspecting its image");
            var image = run.ImageOf(service);
            try
            {
                var analysis = await Images.Analysis.ImageInspector.AnalyzeEngineImageAsync(client, image, cancellationToken).ConfigureAwait(false);
                _probes.AddRange(ImageExpectationCheck.Check(service.Name, analysis, expectations));
            }
            catch (EngineException ex)
            {
                _probes.Add(new ProbeResult(service.Name, "image", ProbeStatus.Failed, 1, 0, $"could not read {image}: {ex.Message}"));
            }
        }
    }

    // ---- teardown and helpers -----------------------------------------------------------------------------------

    private async Task RemoveBuiltImagesAsync(DockerClient client, StackRun run)
    {
        using var budget = new CancellationTokenSource(TearDownBudget);
        foreach (var service in _project.Services.Where(service => service.Build is not null))
        {
            try
            {
                await client.RemoveImageAsync(run.ImageOf(service), force: false, budget.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is EngineException or OperationCanceledException)
            {
                _failures.Add($"could not remove the image of {service.Name}: {ex.Message}");
            }
        }
    }

    private static string KeepHint(StackRun run)
    {
        var files = string.Join(' ', run.Project.ComposeFiles.Append(run.OverrideFile).Select(file => $"-f '{file}'"));
        var directory = System.IO.Path.GetDirectoryName(run.OverrideFile)!;
        // The override file lives in the run's temporary directory; the command removes that too once the stack is down.
        return $"The stack is still running (--keep). Remove it with: {run.Tool.Program}{string.Concat(run.Tool.PrefixArguments.Select(a => " " + a))} -p {run.ProjectName} {files} down --volumes --remove-orphans && rm -rf '{directory}'";
    }

    /// <summary>
    /// What Compose must see as we saw it: the shell values of the project's variables and the engine endpoint, taken
    /// from the environment this run was given (the process environment, except in tests and embedding hosts).
    /// </summary>
    private Dictionary<string, string?> ComposeEnvironment()
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var variable in _project.Variables.Where(variable => variable.Source == VariableSource.Shell))
        {
            environment[variable.Name] = variable.Value;
        }
        foreach (var name in new[] { "DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH", "DOCKER_CONFIG", "COMPOSE_PROFILES" })
        {
            if (_options.GetEnvironmentVariable(name) is { } value)
            {
                environment[name] = value;
            }
        }
        return environment;
    }

    private static string? FileVersion(ComposeProject project) =>
        project.SourceDocuments.Select(document => document.Root["version"]).OfType<Yaml.YamlScalar>().Select(scalar => scalar.Value).FirstOrDefault();

    private static string LastMeaningfulLine(ProcessResult result)
    {
        var lines = (result.StandardError + "\n" + result.StandardOutput).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // Compose ends with a generic summary ("Encountered errors while bringing up the project.") and status lines
        // ("Creating app ... error"); the daemon's own sentence before them says what went wrong.
        var line = lines.LastOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)
                && !l.Contains("Encountered errors", StringComparison.Ordinal)
                && !l.EndsWith("... error", StringComparison.Ordinal))
            ?? lines.LastOrDefault() ?? "no output";
        return line.Length > 300 ? line[..300] + "…" : line;
    }

    /// <summary>
    /// cpu_limit and memory_limit rows, from the running container's HostConfig, for the services a target applies to:
    /// without a target these facts are already in the report's posture, and a row for every service would be noise.
    /// </summary>
    private void AddLimitRows(string service, RuntimePostureModel posture)
    {
        if (_targets.ForService(Metrics.CpuLimit, service) is not null)
        {
            _measurements.Add(_targets.Service(Metrics.CpuLimit, service, posture.CpuLimit, posture.CpuLimit is null ? "no CPU limit set" : "from the running container"));
        }
        if (_targets.ForService(Metrics.MemoryLimit, service) is not null)
        {
            _measurements.Add(_targets.Service(Metrics.MemoryLimit, service, posture.MemoryLimitBytes, posture.MemoryLimitBytes is null ? "no memory limit set" : "from the running container"));
        }
    }
}
