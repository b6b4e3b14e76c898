using System.Security.Cryptography;
using Drydock.Images.Layers;

namespace Drydock.Images.Sources;

/// <summary>
/// An image in a registry (distribution v2 API): the manifest (an index picks this machine's platform), the config,
/// then each layer streamed from the network into the scanner and checked against its digest on the way.
/// </summary>
public sealed class RegistryImageSource(ImageReference reference, RegistryCredentialStore credentials, HttpMessageHandler? handler = null) : IImageSource
{
    private const long ConfigLimit = 16 << 20;

    public ImageReference Reference { get; } = reference;

    public string Name => Reference.ToString();

    public ImageSourceKind Kind => ImageSourceKind.Registry;

    public async Task<ImageContent> ReadAsync(LayerScanOptions options, CancellationToken cancellationToken)
    {
        var credential = await credentials.FindAsync(Reference.Registry, cancellationToken).ConfigureAwait(false);
        using var client = new RegistryClient(Reference, credential, handler);
        var (manifest, digest, mediaType) = await client.GetManifestAsync(Reference.Reference, cancellationToken).ConfigureAwait(false);
        if (manifest.IsIndex || MediaTypes.IsIndex(mediaType))
        {
            var chosen = PlatformSelector.Choose(manifest.Manifests ?? [], Name);
            (manifest, digest, _) = await client.GetManifestAsync(chosen.Digest!, cancellationToken).ConfigureAwait(false);
        }
        if (manifest.Config?.Digest is not { } configDigest || manifest.Layers is null)
        {
            throw new DrydockException($"The manifest of {Name} has no config or no layers.");
        }
        var configJson = await client.GetSmallBlobAsync(configDigest, ConfigLimit, cancellationToken).ConfigureAwait(false);
        var config = ImageLayoutResolver.Parse(configJson, ImageJsonContext.Default.ImageConfigFile, Name, "the image configuration")!;
        var blobs = new List<ImageLayerBlob>();
        foreach (var layer in manifest.Layers)
        {
            if (layer.Digest is null)
            {
                throw new DrydockException($"The manifest of {Name} lists a layer without a digest.");
            }
            var index = await ScanLayerAsync(client, layer, options, cancellationToken).ConfigureAwait(false);
            blobs.Add(new ImageLayerBlob(layer.Digest, layer.MediaType, layer.Size, index));
        }
        return new ImageContent(Name, Kind, config, blobs)
        {
            ImageId = configDigest,
            ManifestDigest = digest,
            RepoTags = Reference.Tag is null ? [] : [Name],
        };
    }

    private async Task<LayerIndex> ScanLayerAsync(RegistryClient client, Descriptor layer, LayerScanOptions options, CancellationToken cancellationToken)
    {
        using var response = await client.GetBlobAsync(layer.Digest!, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            using var hashing = new HashingStream(body);
            using var abort = cancellationToken.Register(() => body.Dispose());
            LayerIndex index;
            try
            {
                index = await Task.Run(() => LayerScanner.Scan(hashing, $"layer {layer.Digest} of {Name}", options, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is ObjectDisposedException or IOException or HttpRequestException)
            {
                throw new OperationCanceledException(cancellationToken);
            }
            catch (IOException ex)
            {
                throw new DrydockException($"The download of layer {layer.Digest} of {Name} broke off: {ex.Message}", null, "Try again.", ex);
            }
            client.VerifyDigest(layer.Digest!, hashing.Finish());
            return index;
        }
    }

    /// <summary>Computes the SHA-256 of everything read through it.</summary>
    private sealed class HashingStream(Stream inner) : ReadOnlyForwardStream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public byte[] Finish()
        {
            // The scanner stops at the tar's end; hash whatever trails it too.
            var buffer = new byte[1 << 16];
            while (Read(buffer, 0, buffer.Length) > 0)
            {
            }
            return _hash.GetHashAndReset();
        }

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            _hash.AppendData(buffer[..read]);
            return read;
        }


        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _hash.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
