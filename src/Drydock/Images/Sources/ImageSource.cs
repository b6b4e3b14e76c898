using Drydock.Images.Layers;

namespace Drydock.Images.Sources;

public enum ImageSourceKind
{
    /// <summary>An image in the Docker engine, exported as a stream (<c>GET /images/{name}/get</c>).</summary>
    Engine,
    /// <summary>A <c>docker save</c> archive (legacy layout or OCI layout), optionally gzip-compressed.</summary>
    Archive,
    /// <summary>An OCI image-layout directory (or an extracted <c>docker save</c>).</summary>
    Directory,
    /// <summary>A registry, over the distribution v2 API.</summary>
    Registry,
}

public static class ImageSourceKinds
{
    public static string Name(this ImageSourceKind kind) => kind switch
    {
        ImageSourceKind.Engine => "engine",
        ImageSourceKind.Archive => "archive",
        ImageSourceKind.Directory => "oci-layout",
        _ => "registry",
    };
}

/// <summary>One layer blob as the source stores it, already scanned.</summary>
public sealed record ImageLayerBlob(string? Digest, string? MediaType, long CompressedSize, LayerIndex Index);

/// <summary>What every source yields: the configuration and the scanned layers, lowest first.</summary>
public sealed record ImageContent(string Name, ImageSourceKind Kind, ImageConfigFile Config, IReadOnlyList<ImageLayerBlob> Layers)
{
    /// <summary>The image id: the digest of the configuration blob, when the source tells it.</summary>
    public string? ImageId { get; init; }

    /// <summary>The manifest digest, for registry and OCI sources.</summary>
    public string? ManifestDigest { get; init; }

    public IReadOnlyList<string> RepoTags { get; init; } = [];
}

/// <summary>Somewhere an image can be read from. Every source streams: nothing is extracted to disk.</summary>
public interface IImageSource
{
    /// <summary>How the user named it (a reference or a path).</summary>
    string Name { get; }

    ImageSourceKind Kind { get; }

    Task<ImageContent> ReadAsync(LayerScanOptions options, CancellationToken cancellationToken);
}
