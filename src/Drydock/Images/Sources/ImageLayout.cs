using System.Runtime.InteropServices;
using System.Text.Json;

namespace Drydock.Images.Sources;

/// <summary>Where one layer lives inside an archive or layout directory.</summary>
public sealed record LayoutLayer(string Path, string? Digest, string? MediaType, long Size);

/// <summary>An image found in a <c>docker save</c> archive or an OCI layout: its config and layers by path.</summary>
public sealed record ImageLayout(string ConfigPath, string? ConfigDigest, IReadOnlyList<LayoutLayer> Layers, IReadOnlyList<string> RepoTags)
{
    public string? ManifestDigest { get; init; }
}

/// <summary>
/// Finds the image in a <c>docker save</c> archive or an OCI image layout from its small JSON files:
/// <c>manifest.json</c> (every <c>docker save</c>, also the OCI-layout ones of Docker 25+) or else
/// <c>index.json</c> (an OCI layout: <c>index.json</c> → manifest → config and layers under <c>blobs/</c>).
/// </summary>
public static class ImageLayoutResolver
{
    public static ImageLayout Resolve(Func<string, byte[]?> readJson, string sourceName)
    {
        if (readJson("manifest.json") is { } saveManifest)
        {
            return FromSaveManifest(saveManifest, sourceName);
        }
        if (readJson("index.json") is { } index)
        {
            return FromOciIndex(index, readJson, sourceName);
        }
        throw new DrydockException(
            $"{sourceName} is neither a `docker save` archive nor an OCI image layout: it has no manifest.json or index.json.",
            null,
            "Create the archive with `docker save IMAGE -o image.tar`, or pass an OCI layout directory.");
    }

    /// <summary>
    /// What a manifest may claim before anything is allocated for it: far above real images (Docker's overlay2 stops at
    /// 128 layers), far below what a small hostile archive could list (a million layers in 31 KB of gzip).
    /// </summary>
    public const int MaxLayers = 4096;

    /// <summary>
    /// Counts the entries of every <c>Layers</c>/<c>layers</c> array with a reader that allocates nothing, and refuses
    /// a manifest that claims more than <see cref="MaxLayers"/> before it is deserialized (a 31 KB archive's 15 MB
    /// manifest listed 1.1 million layers). Malformed JSON is left to the deserializer, which says where.
    /// </summary>
    private static void RefuseClaimedLayers(byte[] json, string sourceName, string what)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
        var layerArrayDepth = -1;
        var count = 0;
        var lastProperty = false;
        try
        {
            while (reader.Read())
            {
                var isLayersName = reader.TokenType == JsonTokenType.PropertyName && (reader.ValueTextEquals("Layers"u8) || reader.ValueTextEquals("layers"u8));
                if (layerArrayDepth < 0)
                {
                    if (reader.TokenType == JsonTokenType.StartArray && lastProperty)
                    {
                        layerArrayDepth = reader.CurrentDepth;
                        count = 0;
                    }
                }
                else if (reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == layerArrayDepth)
                {
                    if (count > MaxLayers)
                    {
                        throw new DrydockException($"{sourceName}: {what} lists {count:N0} layers; Drydock reads images of at most {MaxLayers:N0} layers.");
                    }
                    layerArrayDepth = -1;
                }
                else if (reader.CurrentDepth == layerArrayDepth + 1 && reader.TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray or JsonTokenType.PropertyName))
                {
                    count++;
                }
                lastProperty = isLayersName;
            }
        }
        catch (JsonException)
        {
        }
    }

    private static void CheckLayerCount<T>(IReadOnlyCollection<T?> layers, string sourceName, string what)
    {
        if (layers.Count > MaxLayers)
        {
            throw new DrydockException($"{sourceName}: {what} lists {layers.Count:N0} layers; Drydock reads images of at most {MaxLayers:N0} layers.");
        }
        if (layers.Any(layer => layer is null))
        {
            throw new DrydockException($"{sourceName}: {what} lists a layer that is null.");
        }
    }

    public static string BlobPath(string digest)
    {
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || digest.AsSpan(colon + 1).ContainsAny("/\\") || digest.Contains("..", StringComparison.Ordinal))
        {
            throw new DrydockException($"'{digest}' is not a valid content digest.");
        }
        return $"blobs/{digest[..colon]}/{digest[(colon + 1)..]}";
    }

    private static ImageLayout FromSaveManifest(byte[] json, string sourceName)
    {
        RefuseClaimedLayers(json, sourceName, "manifest.json");
        var entries = Parse(json, ImageJsonContext.Default.SaveManifestEntryArray, sourceName, "manifest.json") ?? [];
        if (entries.Length == 0)
        {
            throw new DrydockException($"{sourceName}: manifest.json lists no image.");
        }
        if (entries.Length > 1)
        {
            var names = string.Join(", ", entries.Select(entry => entry.RepoTags?.FirstOrDefault() ?? entry.Config ?? "?"));
            throw new DrydockException($"{sourceName} holds {entries.Length} images ({names}); Drydock inspects one image at a time.", null, "Save the image on its own: `docker save IMAGE -o image.tar`.");
        }
        if (entries[0] is not { } entry)
        {
            throw new DrydockException($"{sourceName}: manifest.json lists an image that is null.");
        }
        if (entry.Config is not { Length: > 0 } config || entry.Layers is null)
        {
            throw new DrydockException($"{sourceName}: manifest.json names no Config or no Layers.");
        }
        CheckLayerCount(entry.Layers, sourceName, "manifest.json");
        var configDigest = config.StartsWith("blobs/", StringComparison.Ordinal)
            ? DigestFromBlobPath(config)
            : config.EndsWith(".json", StringComparison.Ordinal) ? "sha256:" + Path.GetFileNameWithoutExtension(config) : null;
        var layers = entry.Layers.Select(path => new LayoutLayer(path, path.StartsWith("blobs/", StringComparison.Ordinal) ? DigestFromBlobPath(path) : null, null, -1)).ToList();
        return new ImageLayout(config, configDigest, layers, entry.RepoTags ?? []);
    }

    private static ImageLayout FromOciIndex(byte[] json, Func<string, byte[]?> readJson, string sourceName)
    {
        var index = Parse(json, ImageJsonContext.Default.ManifestDocument, sourceName, "index.json")!;
        var tags = (index.Manifests ?? [])
            .Select(descriptor => descriptor.Annotations is { } annotations
                ? annotations.GetValueOrDefault("io.containerd.image.name") ?? annotations.GetValueOrDefault("org.opencontainers.image.ref.name")
                : null)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var descriptor = PlatformSelector.Choose(index.Manifests ?? [], sourceName);
        for (var depth = 0; depth < 4; depth++)
        {
            var path = BlobPath(descriptor.Digest!);
            var blob = readJson(path) ?? throw new DrydockException($"{sourceName} is missing {path}, which its index points to.");
            RefuseClaimedLayers(blob, sourceName, $"the manifest {descriptor.Digest}");
            var document = Parse(blob, ImageJsonContext.Default.ManifestDocument, sourceName, path)!;
            if (document.IsIndex || MediaTypes.IsIndex(document.MediaType ?? descriptor.MediaType))
            {
                descriptor = PlatformSelector.Choose(document.Manifests ?? [], sourceName);
                continue;
            }
            if (document.Config?.Digest is not { } configDigest || document.Layers is null)
            {
                throw new DrydockException($"{sourceName}: the manifest {descriptor.Digest} has no config or no layers.");
            }
            CheckLayerCount(document.Layers, sourceName, $"the manifest {descriptor.Digest}");
            if (document.Layers.Any(layer => layer.Digest is null))
            {
                throw new DrydockException($"{sourceName}: the manifest {descriptor.Digest} lists a layer without a digest.");
            }
            var layers = document.Layers.Select(layer => new LayoutLayer(BlobPath(layer.Digest!), layer.Digest, layer.MediaType, layer.Size)).ToList();
            return new ImageLayout(BlobPath(configDigest), configDigest, layers, tags) { ManifestDigest = descriptor.Digest };
        }
        throw new DrydockException($"{sourceName}: image indexes are nested too deeply.");
    }

    private static string DigestFromBlobPath(string path)
    {
        var parts = path.Split('/');
        return parts.Length == 3 ? $"{parts[1]}:{parts[2]}" : path;
    }

    internal static T? Parse<T>(byte[] json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string sourceName, string what)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type);
        }
        catch (JsonException ex)
        {
            throw new DrydockException($"{sourceName}: {what} is not valid JSON: {ex.Message}", null, null, ex);
        }
    }
}

/// <summary>Picks the manifest for this machine's platform from an index (skipping attestations).</summary>
public static class PlatformSelector
{
    public static string HostArchitecture => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        Architecture.Arm => "arm",
        Architecture.X86 => "386",
        Architecture.S390x => "s390x",
        Architecture.Ppc64le => "ppc64le",
        Architecture.RiscV64 => "riscv64",
        _ => RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
    };

    public static Descriptor Choose(IReadOnlyList<Descriptor> manifests, string sourceName)
    {
        var images = manifests
            .Where(manifest => manifest.Digest is not null)
            .Where(manifest => manifest.Annotations?.GetValueOrDefault("vnd.docker.reference.type") != "attestation-manifest")
            .Where(manifest => manifest.Platform is not { Os: "unknown" })
            .ToList();
        if (images.Count == 0)
        {
            throw new DrydockException($"{sourceName}: the image index lists no image manifest.");
        }
        if (images.Count == 1)
        {
            return images[0];
        }
        var host = images.FirstOrDefault(manifest => manifest.Platform is { Os: "linux" } platform && platform.Architecture == HostArchitecture);
        return host ?? throw new DrydockException(
            $"{sourceName} has no image for linux/{HostArchitecture}; it has {string.Join(", ", images.Select(manifest => manifest.Platform?.ToString() ?? manifest.Digest))}.");
    }
}
