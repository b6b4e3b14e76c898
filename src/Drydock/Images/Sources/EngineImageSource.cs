using Drydock.Engine;
using Drydock.Images.Layers;

namespace Drydock.Images.Sources;

/// <summary>
/// An image in the Docker engine, read from the export stream (<see cref="DockerClient.ExportImageAsync"/>, what
/// <c>docker save</c> reads) and scanned as it arrives: nothing is written to disk.
/// </summary>
public sealed class EngineImageSource(DockerClient client, string reference) : IImageSource
{
    public string Name { get; } = reference;

    public ImageSourceKind Kind => ImageSourceKind.Engine;

    public async Task<ImageContent> ReadAsync(LayerScanOptions options, CancellationToken cancellationToken)
    {
        Stream export;
        try
        {
            export = await client.ExportImageAsync(Name, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineException ex) when (ex.IsNotFound)
        {
            throw new DrydockException(
                $"The image '{Name}' is not in the engine at {client.Endpoint.Uri}.",
                null,
                "Build or pull it first, or pass a `docker save` archive, an OCI layout directory, or registry://REFERENCE.",
                ex);
        }
        await using (export.ConfigureAwait(false))
        {
            // The scan reads synchronously; cancelling disposes the stream, which ends a blocked read.
            using var abort = cancellationToken.Register(export.Dispose);
            try
            {
                return await Task.Run(() => ArchiveImageReader.Read(export, Name, Kind, options, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is ObjectDisposedException or IOException or HttpRequestException)
            {
                throw new OperationCanceledException(cancellationToken);
            }
            catch (IOException ex)
            {
                throw new EngineException(EngineErrorKind.ApiError, $"The engine's export of '{Name}' broke off: {ex.Message}", "Check the engine's log; `docker save` shows the engine's own error.", 0, ex);
            }
        }
    }
}
