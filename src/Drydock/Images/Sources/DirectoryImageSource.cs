using Drydock.Files;
using Drydock.Images.Layers;

namespace Drydock.Images.Sources;

/// <summary>
/// An OCI image-layout directory (<c>oci-layout</c>, <c>index.json</c>, <c>blobs/</c>), or the extracted content of a
/// <c>docker save</c> archive (<c>manifest.json</c> and <c>ID/layer.tar</c>). Layers are opened one at a time.
/// </summary>
public sealed class DirectoryImageSource(string path) : IImageSource
{
    private const long JsonLimit = 16 << 20;

    public string Name { get; } = path;

    public ImageSourceKind Kind => ImageSourceKind.Directory;

    public Task<ImageContent> ReadAsync(LayerScanOptions options, CancellationToken cancellationToken) =>
        Task.Run(() => Read(options, cancellationToken), cancellationToken);

    private ImageContent Read(LayerScanOptions options, CancellationToken cancellationToken)
    {
        var layout = ImageLayoutResolver.Resolve(ReadJson, Name);
        var configJson = ReadJson(layout.ConfigPath) ?? throw new DrydockException($"{Name} is missing the image configuration {layout.ConfigPath}.");
        var config = ImageLayoutResolver.Parse(configJson, ImageJsonContext.Default.ImageConfigFile, Name, layout.ConfigPath)!;
        var blobs = new List<ImageLayerBlob>();
        foreach (var layer in layout.Layers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = Resolve(layer.Path);
            if (!File.Exists(file))
            {
                throw new DrydockException($"{Name} is missing the layer {layer.Path}.");
            }
            using var stream = Open(file);
            var index = LayerScanner.Scan(stream, $"layer {layer.Path} of {Name}", options, cancellationToken);
            blobs.Add(new ImageLayerBlob(layer.Digest, layer.MediaType, stream.Length, index));
        }
        return new ImageContent(Name, Kind, config, blobs)
        {
            ImageId = layout.ConfigDigest,
            ManifestDigest = layout.ManifestDigest,
            RepoTags = layout.RepoTags,
        };
    }

    private byte[]? ReadJson(string relative)
    {
        var file = Resolve(relative);
        if (!File.Exists(file))
        {
            return null;
        }
        try
        {
            return UserFiles.ReadAllBytes(file, JsonLimit);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DrydockException($"cannot read {file}: {ex.Message} (an image manifest or configuration).", Text.SourceSpan.WholeFile(file), null, ex);
        }
    }

    private static FileStream Open(string file)
    {
        try
        {
            return UserFiles.Open(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DrydockException($"cannot read {file}: {ex.Message}", Text.SourceSpan.WholeFile(file), null, ex);
        }
    }

    /// <summary>A file of the layout; neither "../" nor a symbolic link may lead outside it (a blob linked to /etc/passwd).</summary>
    private string Resolve(string relative)
    {
        var full = Path.GetFullPath(Path.Combine(Name, relative));
        var root = Path.GetFullPath(Name).TrimEnd('/') + "/";
        if (!full.StartsWith(root, StringComparison.Ordinal))
        {
            throw new DrydockException($"{Name}: the path {relative} points outside the layout.");
        }
        if (FileKinds.RealPath(full) is { } real && FileKinds.RealPath(root) is { } realRoot && !real.StartsWith(realRoot.TrimEnd('/') + "/", StringComparison.Ordinal))
        {
            throw new DrydockException($"{Name}: {relative} is a symbolic link to {real}, outside the layout; Drydock reads only files inside an image layout.");
        }
        return full;
    }
}
