using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Drydock.Tests.Images;

/// <summary>How a test OCI layout stores one layer.</summary>
public enum BlobCompression
{
    None,
    Gzip,
    Zstd,
}

/// <summary>
/// Writes image archives and OCI layouts from a config and layer tars, in the shapes engines and tools produce:
/// the legacy <c>docker save</c> layout, and the OCI layout (as Docker 25+ writes it inside <c>docker save</c>, with
/// a <c>manifest.json</c> beside <c>index.json</c>, or as a plain OCI layout with only <c>index.json</c>). Docker 20.10
/// here cannot write the OCI shapes, so the tests make them with this.
/// </summary>
public static class ImageArchives
{
    public static string Digest(byte[] data) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>The files of an OCI layout: path → content. <paramref name="withSaveManifest"/> adds Docker 25's manifest.json.</summary>
    public static async Task<List<(string Path, byte[] Content)>> OciLayoutAsync(byte[] config, IReadOnlyList<byte[]> layerTars, IReadOnlyList<BlobCompression> compressions, bool withSaveManifest, string? tag = null)
    {
        var files = new List<(string, byte[])>();
        var layers = new JsonArray();
        var blobPaths = new List<string>();
        for (var i = 0; i < layerTars.Count; i++)
        {
            var compression = compressions[i];
            var blob = compression switch
            {
                BlobCompression.Gzip => LayerTars.Gzip(layerTars[i]),
                BlobCompression.Zstd => await LayerTars.ZstdAsync(layerTars[i]),
                _ => layerTars[i],
            };
            var digest = Digest(blob);
            files.Add((BlobPath(digest), blob));
            blobPaths.Add(BlobPath(digest));
            layers.Add((JsonNode)new JsonObject
            {
                ["mediaType"] = compression switch
                {
                    BlobCompression.Gzip => "application/vnd.oci.image.layer.v1.tar+gzip",
                    BlobCompression.Zstd => "application/vnd.oci.image.layer.v1.tar+zstd",
                    _ => "application/vnd.oci.image.layer.v1.tar",
                },
                ["digest"] = digest,
                ["size"] = blob.Length,
            });
        }
        var configDigest = Digest(config);
        files.Add((BlobPath(configDigest), config));
        var manifest = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["config"] = new JsonObject { ["mediaType"] = "application/vnd.oci.image.config.v1+json", ["digest"] = configDigest, ["size"] = config.Length },
            ["layers"] = layers,
        }.ToJsonString());
        var manifestDigest = Digest(manifest);
        files.Add((BlobPath(manifestDigest), manifest));
        var descriptor = new JsonObject
        {
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["digest"] = manifestDigest,
            ["size"] = manifest.Length,
            ["platform"] = new JsonObject { ["architecture"] = "amd64", ["os"] = "linux" },
        };
        if (tag is not null)
        {
            descriptor["annotations"] = new JsonObject { ["io.containerd.image.name"] = tag, ["org.opencontainers.image.ref.name"] = tag.Split(':')[^1] };
        }
        var index = new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = "application/vnd.oci.image.index.v1+json", ["manifests"] = new JsonArray((JsonNode)descriptor) };
        files.Add(("index.json", Encoding.UTF8.GetBytes(index.ToJsonString())));
        files.Add(("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}"u8.ToArray()));
        if (withSaveManifest)
        {
            var save = new JsonArray((JsonNode)new JsonObject
            {
                ["Config"] = BlobPath(configDigest),
                ["RepoTags"] = tag is null ? new JsonArray() : new JsonArray((JsonNode)tag),
                ["Layers"] = new JsonArray([.. blobPaths.Select(path => (JsonNode)path)]),
            });
            files.Add(("manifest.json", Encoding.UTF8.GetBytes(save.ToJsonString())));
        }
        return files;
    }

    /// <summary>A legacy <c>docker save</c> archive; layers listed twice are stored once and linked, as Docker does.</summary>
    public static List<(string Path, byte[]? Content, string? Link)> LegacyLayout(byte[] config, IReadOnlyList<byte[]> layerTars, string tag)
    {
        var files = new List<(string, byte[]?, string?)>();
        var configHex = Digest(config)[7..];
        var layerPaths = new List<string>();
        var seen = new Dictionary<string, string>();
        for (var i = 0; i < layerTars.Count; i++)
        {
            var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"layer-{i}")));
            var digest = Digest(layerTars[i]);
            files.Add(($"{id}/VERSION", "1.0"u8.ToArray(), null));
            files.Add(($"{id}/json", Encoding.UTF8.GetBytes($"{{\"id\":\"{id}\"}}"), null));
            files.Add(seen.TryGetValue(digest, out var first)
                ? ($"{id}/layer.tar", null, $"../{first}/layer.tar")
                : ($"{id}/layer.tar", layerTars[i], null));
            seen.TryAdd(digest, id);
            layerPaths.Add($"{id}/layer.tar");
        }
        files.Add(($"{configHex}.json", config, null));
        var manifest = new JsonArray((JsonNode)new JsonObject
        {
            ["Config"] = $"{configHex}.json",
            ["RepoTags"] = new JsonArray((JsonNode)tag),
            ["Layers"] = new JsonArray([.. layerPaths.Select(path => (JsonNode)path)]),
        });
        files.Add(("manifest.json", Encoding.UTF8.GetBytes(manifest.ToJsonString()), null));
        return files;
    }

    public static byte[] Tar(IEnumerable<(string Path, byte[]? Content, string? Link)> files)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            var directories = new HashSet<string>();
            foreach (var (path, content, link) in files)
            {
                var slash = path.LastIndexOf('/');
                if (slash > 0 && directories.Add(path[..slash]) && !path.StartsWith("blobs/", StringComparison.Ordinal))
                {
                    writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, path[..slash] + "/"));
                }
                var entry = link is null
                    ? new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(content!) }
                    : new PaxTarEntry(TarEntryType.SymbolicLink, path) { LinkName = link };
                writer.WriteEntry(entry);
            }
        }
        return buffer.ToArray();
    }

    public static byte[] Tar(IEnumerable<(string Path, byte[] Content)> files) => Tar(files.Select(file => (file.Path, (byte[]?)file.Content, (string?)null)));

    public static void WriteDirectory(string directory, IEnumerable<(string Path, byte[] Content)> files)
    {
        foreach (var (path, content) in files)
        {
            var target = Path.Combine(directory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, content);
        }
    }

    private static string BlobPath(string digest) => "blobs/sha256/" + digest[7..];
}
