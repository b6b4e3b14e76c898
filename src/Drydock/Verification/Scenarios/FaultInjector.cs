using Drydock.Engine;
using Drydock.Verification.Config;

namespace Drydock.Verification.Scenarios;

/// <summary>
/// Applies faults through the Engine API and remembers what it changed, so <see cref="RestoreAsync"/> can put every
/// stopped, paused or disconnected service back when the scenario ends.
/// </summary>
public sealed class FaultInjector(RunningStack stack)
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    private readonly HashSet<string> _stopped = new(StringComparer.Ordinal);
    private readonly HashSet<string> _paused = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Service, string Network), IReadOnlyList<string>> _disconnected = [];

    /// <summary>Services a fault touched and that must be ready again at the end.</summary>
    public IReadOnlyCollection<string> Touched => _touched;

    private readonly HashSet<string> _touched = new(StringComparer.Ordinal);

    private readonly HashSet<string> _downBefore = new(StringComparer.Ordinal);

    public async Task ApplyAsync(FaultStep fault, CancellationToken cancellationToken)
    {
        var id = stack.RequireContainer(fault.Service);
        var client = stack.Client;
        if (_touched.Add(fault.Service) && (await client.InspectContainerAsync(id, cancellationToken).ConfigureAwait(false)).State is not { Running: true })
        {
            // Already down before the scenario touched it (an optional service that failed): nothing to put back.
            _downBefore.Add(fault.Service);
        }
        switch (fault.Kind)
        {
            case FaultKind.Restart:
                await client.RestartContainerAsync(id, StopGrace, cancellationToken).ConfigureAwait(false);
                _stopped.Remove(fault.Service);
                break;
            case FaultKind.Stop:
                await client.StopContainerAsync(id, StopGrace, cancellationToken).ConfigureAwait(false);
                _stopped.Add(fault.Service);
                break;
            case FaultKind.Kill:
                await client.KillContainerAsync(id, fault.Signal ?? "SIGKILL", cancellationToken).ConfigureAwait(false);
                _stopped.Add(fault.Service);
                break;
            case FaultKind.Start:
                await client.StartContainerAsync(id, cancellationToken).ConfigureAwait(false);
                _stopped.Remove(fault.Service);
                break;
            case FaultKind.Pause:
                await client.PauseContainerAsync(id, cancellationToken).ConfigureAwait(false);
                _paused.Add(fault.Service);
                break;
            case FaultKind.Unpause:
                await client.UnpauseContainerAsync(id, cancellationToken).ConfigureAwait(false);
                _paused.Remove(fault.Service);
                break;
            case FaultKind.Disconnect:
            {
                var (network, aliases) = await stack.NetworkAsync(fault.Service, fault.Network, cancellationToken).ConfigureAwait(false);
                await client.DisconnectNetworkAsync(network, id, force: true, cancellationToken).ConfigureAwait(false);
                _disconnected[(fault.Service, network)] = aliases;
                break;
            }
            case FaultKind.Connect:
            {
                var (network, aliases) = await ReconnectTargetAsync(fault, cancellationToken).ConfigureAwait(false);
                await client.ConnectNetworkAsync(network, id, aliases, cancellationToken).ConfigureAwait(false);
                _disconnected.Remove((fault.Service, network));
                break;
            }
            default:
                throw new ScenarioStepException($"fault '{fault.Kind}' is not supported");
        }
    }

    // A disconnected container no longer lists the network; the one this injector took it from is the one to give back.
    private async Task<(string Network, IReadOnlyList<string> Aliases)> ReconnectTargetAsync(FaultStep fault, CancellationToken cancellationToken)
    {
        foreach (var ((service, network), aliases) in _disconnected)
        {
            if (service == fault.Service && (fault.Network is null || network.EndsWith("_" + fault.Network, StringComparison.Ordinal) || network == fault.Network))
            {
                return (network, aliases);
            }
        }
        return await stack.NetworkAsync(fault.Service, fault.Network, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Unpauses, reconnects and starts what the scenario left down, then waits for every touched service to be ready.</summary>
    public async Task<IReadOnlyList<string>> RestoreAsync(TimeSpan readyTimeout, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var client = stack.Client;
        foreach (var service in _paused.ToList())
        {
            await Attempt(service, "unpause", id => client.UnpauseContainerAsync(id, cancellationToken)).ConfigureAwait(false);
        }
        foreach (var ((service, network), aliases) in _disconnected.ToList())
        {
            await Attempt(service, $"reconnect to {network}", id => client.ConnectNetworkAsync(network, id, aliases, cancellationToken)).ConfigureAwait(false);
        }
        foreach (var service in _stopped.Except(_downBefore).ToList())
        {
            await Attempt(service, "start", id => client.StartContainerAsync(id, cancellationToken)).ConfigureAwait(false);
        }
        _paused.Clear();
        _disconnected.Clear();
        _stopped.Clear();
        foreach (var service in _touched.Except(_downBefore))
        {
            if (!await stack.WaitReadyAsync(service, readyTimeout, cancellationToken).ConfigureAwait(false))
            {
                problems.Add($"{service} was not ready again within {readyTimeout.TotalSeconds:0} s after the scenario");
            }
        }
        _touched.Clear();
        _downBefore.Clear();
        return problems;

        async Task Attempt(string service, string what, Func<string, Task> action)
        {
            try
            {
                await action(stack.RequireContainer(service)).ConfigureAwait(false);
            }
            catch (EngineException ex)
            {
                problems.Add($"could not {what} {service}: {ex.Message}");
            }
        }
    }
}
