namespace Drydock.Engine;

/// <summary>Processes: what runs inside a container, listed by the engine without a shell in the image.</summary>
public sealed partial class DockerClient
{
    /// <summary>
    /// The container's processes (<c>GET /containers/{id}/top</c>). <paramref name="psArgs"/> are the host ps's
    /// arguments (<c>-ef</c> when null), e.g. <c>-o pid,uid,comm</c>. A conflict when the container is not running.
    /// </summary>
    public Task<ContainerTop> TopContainerAsync(string idOrName, string? psArgs, CancellationToken cancellationToken) =>
        GetJsonAsync(
            new EngineQuery($"containers/{EngineQuery.Segment(idOrName)}/top").Add("ps_args", psArgs).ToString(),
            EngineJsonContext.Default.ContainerTop,
            cancellationToken);
}
