using Drydock.Engine;
using Drydock.Images.Layers;

namespace Drydock.Images.Sources;

/// <summary>
/// An image in the Docker engine, read from the export stream (<c>GET /images/{name}/get</c>, what <c>docker save</c>
/// reads) and scanned as it arrives: nothing is written to disk.
/// </summary>
public sealed class EngineImageSource(DockerClient client, string reference) : IImageSource
{
    public string Name { get; } = reference;

    public ImageSourceKind Kind => ImageSourceKind.Engine;

    public async Task<ImageContent> ReadAsync(LayerScanOptions options, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await client.SendStreamingAsync(HttpMethod.Get, $"images/{EscapeName(Name)}/get", null, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineException ex) when (ex.IsNotFound)
        {
            throw new DrydockException(
                $"The image '{Name}' is not in the engine at {client.Endpoint.Uri}.",
                null,
                "Build or pull it first, or pass a `docker save` archive, an OCI layout directory, or registry://REFERENCE.",
                ex);
        }
        using (response)
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                // The scan reads synchronously; cancelling disposes the body, which ends a blocked read.
                using var abort = cancellationToken.Register(() => body.Dispose());
                try
                {
                    return await Task.Run(() => ArchiveImageReader.Read(body, Name, Kind, options, cancellationToken), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is ObjectDisposedException or IOException or HttpRequestException)
                {
                    throw new OperationCanceledException(cancellationToken);
                }
                catch (IOException ex)
                {
                    throw new EngineException(EngineErrorKind.ApiError, $"The engine's export of '{Name}' broke off: {ex.Message}", "Check the engine's log; try `docker save` to see the engine's own error.", 0, ex);
                }
            }
        }
    }

    /// <summary>Escapes each path segment of a reference, keeping its slashes (the engine's route takes them as part of the name).</summary>
    public static string EscapeName(string reference) =>
        string.Join('/', reference.Split('/').Select(Uri.EscapeDataString));
}
