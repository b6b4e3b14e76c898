namespace Drydock.Engine;

/// <summary>Networks and volumes: list, create/remove (networks), and connecting containers for fault scenarios.</summary>
public sealed partial class DockerClient
{
    public Task<NetworkSummary[]> ListNetworksAsync(IEnumerable<string> labels, CancellationToken cancellationToken) =>
        GetJsonAsync(
            new EngineQuery("networks").Add("filters", EngineQuery.Filters(("label", labels))).ToString(),
            EngineJsonContext.Default.NetworkSummaryArray,
            cancellationToken);

    public async Task<VolumeSummary[]> ListVolumesAsync(IEnumerable<string> labels, CancellationToken cancellationToken) =>
        (await GetJsonAsync(
            new EngineQuery("volumes").Add("filters", EngineQuery.Filters(("label", labels))).ToString(),
            EngineJsonContext.Default.VolumeList,
            cancellationToken).ConfigureAwait(false)).Volumes ?? [];

    /// <summary>Creates a network (bridge unless said otherwise) and returns its id. Label what you create.</summary>
    public async Task<string> CreateNetworkAsync(NetworkCreateRequest request, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, "networks/create", JsonBody(request, EngineJsonContext.Default.NetworkCreateRequest), cancellationToken).ConfigureAwait(false);
        return (await ReadJsonAsync(response, "networks/create", EngineJsonContext.Default.CreateResponse, cancellationToken).ConfigureAwait(false)).Id;
    }

    public async Task RemoveNetworkAsync(string idOrName, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"networks/{EngineQuery.Segment(idOrName)}", null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes a volume; <paramref name="force"/> also when the engine still counts a reference to it.</summary>
    public async Task RemoveVolumeAsync(string name, bool force, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"volumes/{EngineQuery.Segment(name)}{(force ? "?force=true" : string.Empty)}", null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Attaches a (running or created) container to a network, optionally under extra DNS aliases.</summary>
    public async Task ConnectNetworkAsync(string network, string container, IReadOnlyList<string>? aliases, CancellationToken cancellationToken)
    {
        var body = new NetworkConnectRequest
        {
            Container = container,
            EndpointConfig = aliases is { Count: > 0 } ? new NetworkEndpointConfig { Aliases = [.. aliases] } : null,
        };
        using var response = await SendAsync(HttpMethod.Post, $"networks/{EngineQuery.Segment(network)}/connect", JsonBody(body, EngineJsonContext.Default.NetworkConnectRequest), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Detaches a container from a network; <paramref name="force"/> also when the container is not running.</summary>
    public async Task DisconnectNetworkAsync(string network, string container, bool force, CancellationToken cancellationToken)
    {
        var body = new NetworkDisconnectRequest { Container = container, Force = force };
        using var response = await SendAsync(HttpMethod.Post, $"networks/{EngineQuery.Segment(network)}/disconnect", JsonBody(body, EngineJsonContext.Default.NetworkDisconnectRequest), cancellationToken).ConfigureAwait(false);
    }
}
