namespace Drydock.Engine;

/// <summary>
/// What differs when Podman's Docker-compatible service answers (<c>podman system service</c>): it is recognised by
/// its <c>Libpod-Api-Version</c> header, and the one libpod call Drydock makes is running a health check, which
/// Podman leaves to systemd timers (absent in containers and on CI machines without systemd).
/// </summary>
public sealed partial class DockerClient
{
    private EnginePing? _productPing;

    /// <summary>Whether Podman answers rather than dockerd (one <c>/_ping</c>, remembered).</summary>
    public async Task<bool> IsPodmanAsync(CancellationToken cancellationToken)
    {
        _productPing ??= await PingAsync(cancellationToken).ConfigureAwait(false);
        return _productPing.IsPodman;
    }

    /// <summary>
    /// Runs a container's health check once, now (libpod <c>GET /libpod/containers/{id}/healthcheck</c>), and returns
    /// the container's health after it: Podman records the result and its status as <c>docker inspect</c> shows it.
    /// </summary>
    public async Task<ContainerHealth> RunPodmanHealthCheckAsync(string id, CancellationToken cancellationToken)
    {
        _productPing ??= await PingAsync(cancellationToken).ConfigureAwait(false);
        var libpodVersion = _productPing.LibpodApiVersion
            ?? throw new EngineException(EngineErrorKind.ApiError, $"The engine at {Endpoint.Uri} is not Podman; it runs health checks itself.", null);
        var path = $"libpod/containers/{Uri.EscapeDataString(id)}/healthcheck";
        using var response = await SendRawAsync(HttpMethod.Get, $"v{libpodVersion}/{path}", null, HttpCompletionOption.ResponseContentRead, DefaultRequestTimeout, upgrade: false, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, path, upgrade: false, cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync(response, path, EngineJsonContext.Default.ContainerHealth, cancellationToken).ConfigureAwait(false);
    }
}
