using Drydock.Compose.Model;
using Drydock.Engine;
using Drydock.Verification.Probes;

namespace Drydock.Verification.Scenarios;

/// <summary>The started stack as load runs and scenarios see it: each service's container, ports and networks.</summary>
public sealed class RunningStack(DockerClient client, ComposeProject project, string composeProjectName, IReadOnlyDictionary<string, string> containers)
{
    private static readonly TimeSpan ReadyPoll = TimeSpan.FromMilliseconds(250);

    public DockerClient Client { get; } = client;

    public ComposeProject Project { get; } = project;

    public string ComposeProjectName { get; } = composeProjectName;

    public string? ContainerOf(string service) => containers.GetValueOrDefault(service);

    /// <summary>Every service's container (service → id), in the project's order: what load runs and scenarios sample.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Containers { get; } =
        [.. project.Services.Where(service => containers.ContainsKey(service.Name)).Select(service => KeyValuePair.Create(service.Name, containers[service.Name]))];

    public string RequireContainer(string service) =>
        ContainerOf(service) ?? throw new ScenarioStepException($"service '{service}' has no container in this run");

    public async Task<ProbeTarget> TargetAsync(string service, CancellationToken cancellationToken)
    {
        var id = RequireContainer(service);
        var details = await Client.InspectContainerAsync(id, cancellationToken).ConfigureAwait(false);
        return new ProbeTarget(service, id, ProbeRunner.PublishedTcpPorts(details));
    }

    /// <summary>The engine's name for a service's compose network (default: its first), as the container is attached.</summary>
    public async Task<(string Network, IReadOnlyList<string> Aliases)> NetworkAsync(string service, string? composeNetwork, CancellationToken cancellationToken)
    {
        var details = await Client.InspectContainerAsync(RequireContainer(service), cancellationToken).ConfigureAwait(false);
        var attached = details.NetworkSettings?.Networks?.Keys.ToList() ?? [];
        var key = composeNetwork ?? Project.FindService(service)?.Networks.FirstOrDefault()?.Name ?? "default";
        var declared = Project.Networks.FirstOrDefault(network => network.Key == key);
        var candidates = new[] { $"{ComposeProjectName}_{key}", declared?.Name }.Where(name => name is not null).Cast<string>();
        var engineName = candidates.FirstOrDefault(attached.Contains) ?? attached.FirstOrDefault(name => name.EndsWith("_" + key, StringComparison.Ordinal));
        if (engineName is null)
        {
            throw new ScenarioStepException($"service '{service}' is not attached to network '{key}' (attached: {(attached.Count == 0 ? "none" : string.Join(", ", attached))})");
        }
        return (engineName, [service]);
    }

    /// <summary>
    /// Polls the container (every 250 ms, bounded by <paramref name="timeout"/>) until it runs and, when it has a health
    /// check, is healthy. On Podman, which leaves health checks to systemd timers, the check is run here at its interval.
    /// </summary>
    public async Task<bool> WaitReadyAsync(string service, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var id = RequireContainer(service);
        var deadline = DateTime.UtcNow + timeout;
        var podman = await Client.IsPodmanAsync(cancellationToken).ConfigureAwait(false);
        DateTime? nextHealthCheck = null;
        while (DateTime.UtcNow < deadline)
        {
            var details = await Client.InspectContainerAsync(id, cancellationToken).ConfigureAwait(false);
            var state = details.State;
            if (state is { Running: true, Paused: false } && (state.Health is null || state.Health.Status == "healthy"))
            {
                return true;
            }
            if (podman && state is { Running: true, Paused: false, Health: not null })
            {
                var interval = details.Config?.Healthcheck?.Interval is { } set && set > TimeSpan.Zero ? set : TimeSpan.FromSeconds(30);
                nextHealthCheck ??= DateTime.UtcNow + interval;
                if (DateTime.UtcNow >= nextHealthCheck)
                {
                    nextHealthCheck = DateTime.UtcNow + interval;
                    if ((await Client.RunPodmanHealthCheckAsync(id, cancellationToken).ConfigureAwait(false)).Status == "healthy")
                    {
                        return true;
                    }
                }
            }
            await Task.Delay(ReadyPoll, cancellationToken).ConfigureAwait(false);
        }
        return false;
    }
}

/// <summary>A step that cannot run as written (no container, an unknown network); fails the step, not the run.</summary>
public sealed class ScenarioStepException(string message) : Exception(message);
