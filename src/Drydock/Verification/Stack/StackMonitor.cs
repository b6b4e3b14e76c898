using System.Threading.Channels;
using Drydock.Engine;
using Drydock.Processes;

namespace Drydock.Verification.Stack;

/// <summary>Where a service stands during start-up.</summary>
public enum ServiceStatus
{
    /// <summary>No container yet.</summary>
    Pending,
    Created,
    /// <summary>Running, health check not passed yet.</summary>
    Starting,
    /// <summary>Running, with no health check.</summary>
    Running,
    Healthy,
    /// <summary>Exited 0 and is not meant to be restarted: a one-shot job that did its work.</summary>
    Completed,
    Unhealthy,
    Exited,
}

/// <summary>When a service's container reached each state (engine event times).</summary>
public sealed record ServiceTimeline(DateTimeOffset? Created, DateTimeOffset? Running, DateTimeOffset? Healthy, DateTimeOffset? Exited);

/// <summary>What the run knows about one service, updated from the engine's events.</summary>
public sealed class ServiceState(string name, bool optional, bool restartsOnExit)
{
    public string Name { get; } = name;

    public bool Optional { get; } = optional;

    public bool RestartsOnExit { get; } = restartsOnExit;

    public string? ContainerId { get; internal set; }

    public ServiceStatus Status { get; internal set; } = ServiceStatus.Pending;

    /// <summary>Null until the container has started once; then whether it has a health check.</summary>
    public bool? HasHealthcheck { get; internal set; }

    public DateTimeOffset? Created { get; internal set; }

    public DateTimeOffset? Started { get; internal set; }

    public DateTimeOffset? Healthy { get; internal set; }

    public DateTimeOffset? Exited { get; internal set; }

    public int? ExitCode { get; internal set; }

    public int Starts { get; internal set; }

    /// <summary>One sentence: why the service failed to start; null while it has not failed.</summary>
    public string? Failure { get; internal set; }

    public bool IsReady => Status is ServiceStatus.Healthy or ServiceStatus.Running or ServiceStatus.Completed;

    public bool HasFailed => Failure is not null;

    /// <summary>When it became ready: healthy, running without a health check, or completed.</summary>
    public DateTimeOffset? ReadyAt => Status switch
    {
        ServiceStatus.Healthy => Healthy,
        ServiceStatus.Running => Started,
        ServiceStatus.Completed => Exited,
        _ => null,
    };

    public ServiceTimeline Timeline => new(Created, Started, Healthy, Exited);
}

/// <summary>How start-up ended.</summary>
public sealed record StartupOutcome(DateTimeOffset UpStarted, ProcessResult? Up, bool TimedOut, IReadOnlyList<ServiceState> Services)
{
    public bool Succeeded => !TimedOut && Up is { Succeeded: true } && Services.All(service => service.IsReady || service.Optional);

    /// <summary><c>up</c> → the last required service ready; null when start-up did not succeed.</summary>
    public TimeSpan? StartupTime => Succeeded && Services.Where(s => s.IsReady).Select(s => s.ReadyAt).Max() is { } last ? last - UpStarted : null;
}

/// <summary>
/// Follows a run's containers through the engine's event stream (subscribed before <c>up</c>, so nothing is missed):
/// created, started, healthy or unhealthy, died. Start-up is awaited on these events, not by polling.
/// </summary>
public sealed class StackMonitor : IAsyncDisposable
{
    private readonly DockerClient _client;
    private readonly EngineEventStream _events;
    private readonly Dictionary<string, ServiceState> _services;
    private readonly Channel<bool> _changes = Channel.CreateUnbounded<bool>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;
    private readonly bool _drivesHealthChecks;
    private readonly List<Task> _healthDrivers = [];
    private readonly HashSet<string> _drivenContainers = new(StringComparer.Ordinal);

    private StackMonitor(DockerClient client, EngineEventStream events, IReadOnlyList<ServiceState> services, bool drivesHealthChecks)
    {
        _client = client;
        _events = events;
        _drivesHealthChecks = drivesHealthChecks;
        _services = services.ToDictionary(service => service.Name, StringComparer.Ordinal);
        _reader = Task.Run(ReadAsync);
    }

    /// <summary>Called (on the monitor's thread) whenever a service changes state, for live progress.</summary>
    public event Action<ServiceState>? Changed;

    public IReadOnlyList<ServiceState> Services => [.. _services.Values];

    public static async Task<StackMonitor> StartAsync(DockerClient client, string runLabel, IReadOnlyList<ServiceState> services, CancellationToken cancellationToken)
    {
        // Podman schedules health checks with systemd timers, which machines without systemd lack, so a health check
        // would never run and `up` would wait forever for a dependency's health: the monitor runs them itself.
        var drivesHealthChecks = await client.IsPodmanAsync(cancellationToken).ConfigureAwait(false);
        var events = await client.OpenEventsAsync(new EventFilter { Types = ["container"], Labels = [runLabel] }, cancellationToken).ConfigureAwait(false);
        return new StackMonitor(client, events, services, drivesHealthChecks);
    }

    /// <summary>
    /// Waits until every service is ready, a required one has failed, <paramref name="up"/> failed (after a moment
    /// for its last events), or <paramref name="timeout"/> passes.
    /// </summary>
    public async Task<StartupOutcome> WaitForStartupAsync(DateTimeOffset upStarted, Task<ProcessResult> up, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        ProcessResult? upResult = null;
        var timedOut = false;
        try
        {
            while (true)
            {
                if (up.IsCompleted && upResult is null)
                {
                    upResult = await up.ConfigureAwait(false);
                    if (!upResult.Succeeded)
                    {
                        // Compose gave up (a port conflict, a dependency that never became healthy): take the events
                        // already on their way, then stop.
                        await Task.Delay(TimeSpan.FromSeconds(2), deadline.Token).ConfigureAwait(false);
                        break;
                    }
                }
                if (upResult is not null && Decided())
                {
                    break;
                }
                if (RequiredServiceFailed())
                {
                    break;
                }
                var changed = _changes.Reader.WaitToReadAsync(deadline.Token).AsTask();
                await Task.WhenAny(changed, upResult is null ? up : Task.Delay(Timeout.Infinite, deadline.Token)).ConfigureAwait(false);
                while (_changes.Reader.TryRead(out _))
                {
                }
                deadline.Token.ThrowIfCancellationRequested();
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            timedOut = true;
        }
        if (upResult is null && up.IsCompletedSuccessfully)
        {
            upResult = up.Result;
        }
        lock (_services)
        {
            return new StartupOutcome(upStarted, upResult, timedOut, [.. _services.Values]);
        }
    }

    private bool Decided()
    {
        lock (_services)
        {
            return _services.Values.All(service => service.IsReady || service.HasFailed);
        }
    }

    private bool RequiredServiceFailed()
    {
        lock (_services)
        {
            return _services.Values.Any(service => service.HasFailed && !service.Optional);
        }
    }

    private async Task ReadAsync()
    {
        try
        {
            await foreach (var engineEvent in _events.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                await ApplyAsync(engineEvent).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex) when (ex is EngineException or IOException or System.Text.Json.JsonException)
        {
            // The stream broke; start-up then ends at its timeout and says which services were not seen ready.
        }
        finally
        {
            _changes.Writer.TryComplete();
        }
    }

    private async Task ApplyAsync(EngineEvent engineEvent)
    {
        var attributes = engineEvent.Actor?.Attributes;
        if (attributes is null || !attributes.TryGetValue(RunLabels.ComposeService, out var name) || !_services.TryGetValue(name, out var service))
        {
            return;
        }
        var id = engineEvent.Actor?.ID;
        var at = engineEvent.Timestamp;
        ContainerDetails? details = null;
        if (engineEvent.ActionName is "start" || engineEvent.HealthStatus is "unhealthy")
        {
            details = await InspectAsync(id).ConfigureAwait(false);
        }
        lock (_services)
        {
            switch (engineEvent.ActionName)
            {
                case "create":
                    service.ContainerId = id;
                    service.Created ??= at;
                    if (service.Status == ServiceStatus.Pending)
                    {
                        service.Status = ServiceStatus.Created;
                    }
                    break;
                case "start":
                    service.ContainerId = id;
                    service.Starts++;
                    service.Started ??= at;
                    service.HasHealthcheck = details?.State?.Health is not null;
                    if (!service.HasFailed)
                    {
                        service.Status = service.HasHealthcheck == true ? ServiceStatus.Starting : ServiceStatus.Running;
                    }
                    if (_drivesHealthChecks && service.HasHealthcheck == true && id is not null && _drivenContainers.Add(id))
                    {
                        var interval = details?.Config?.Healthcheck?.Interval is { } set && set > TimeSpan.Zero ? set : DefaultHealthInterval;
                        _healthDrivers.Add(Task.Run(() => DriveHealthCheckAsync(service, id, interval)));
                    }
                    break;
                // Podman's health_status events carry the status from before the check (4.3), so on Podman the
                // results of the checks the monitor runs decide instead.
                case "health_status" when _drivesHealthChecks:
                    return;
                case "health_status" when engineEvent.HealthStatus == "healthy":
                    MarkHealthy(service, at);
                    break;
                case "health_status" when engineEvent.HealthStatus == "unhealthy":
                    MarkUnhealthy(service, details?.State?.Health);
                    break;
                case "die":
                    service.Exited ??= at;
                    service.ExitCode = engineEvent.ExitCode;
                    if (engineEvent.ExitCode == 0 && !service.RestartsOnExit && !service.HasFailed)
                    {
                        service.Status = ServiceStatus.Completed;
                    }
                    else if (!service.HasFailed)
                    {
                        service.Status = ServiceStatus.Exited;
                        service.Failure = $"its container exited with code {engineEvent.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}";
                    }
                    break;
                default:
                    return;
            }
        }
        Changed?.Invoke(service);
        _changes.Writer.TryWrite(true);
    }

    /// <summary>Docker's default health check interval, used when the container sets none.</summary>
    private static readonly TimeSpan DefaultHealthInterval = TimeSpan.FromSeconds(30);

    private static void MarkHealthy(ServiceState service, DateTimeOffset at)
    {
        service.Healthy ??= at;
        if (!service.HasFailed)
        {
            service.Status = ServiceStatus.Healthy;
        }
    }

    private static void MarkUnhealthy(ServiceState service, ContainerHealth? health)
    {
        if (!service.IsReady && !service.HasFailed)
        {
            service.Status = ServiceStatus.Unhealthy;
            var output = health?.Log is { Length: > 0 } log ? log[^1].Output?.Trim() : null;
            service.Failure = string.IsNullOrEmpty(output) ? "its health check failed" : $"its health check failed: {FirstLine(output)}";
        }
    }

    /// <summary>
    /// Runs a container's health check at its interval, as the engine would, until it is healthy or unhealthy (Podman
    /// counts retries and the start period itself), the container is gone, or the monitor stops after start-up.
    /// </summary>
    private async Task DriveHealthCheckAsync(ServiceState service, string id, TimeSpan interval)
    {
        try
        {
            while (true)
            {
                await Task.Delay(interval, _stop.Token).ConfigureAwait(false);
                var health = await _client.RunPodmanHealthCheckAsync(id, _stop.Token).ConfigureAwait(false);
                var at = DateTimeOffset.UtcNow;
                lock (_services)
                {
                    switch (health.Status)
                    {
                        case "healthy":
                            MarkHealthy(service, at);
                            break;
                        case "unhealthy":
                            MarkUnhealthy(service, health);
                            break;
                        default:
                            continue;
                    }
                }
                Changed?.Invoke(service);
                _changes.Writer.TryWrite(true);
                return;
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (EngineException)
        {
            // The container went away (or stopped): its die event says what happened.
        }
        finally
        {
            lock (_services)
            {
                _drivenContainers.Remove(id);
            }
        }
    }

    private async Task<ContainerDetails?> InspectAsync(string? id)
    {
        if (id is null)
        {
            return null;
        }
        try
        {
            return await _client.InspectContainerAsync(id, _stop.Token).ConfigureAwait(false);
        }
        catch (EngineException)
        {
            return null;
        }
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length > 200 ? line[..200] + "…" : line;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _events.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _reader.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        Task[] drivers;
        lock (_services)
        {
            drivers = [.. _healthDrivers];
        }
        await Task.WhenAll(drivers).ConfigureAwait(false);
        _stop.Dispose();
    }
}
