using System.Formats.Tar;
using Drydock.Images.Layers;

namespace Drydock.Images.Sources;

/// <summary>
/// Reads a <c>docker save</c> stream in one pass, front to back, whatever order its entries come in: the legacy layout
/// (<c>manifest.json</c>, <c>CONFIG.json</c>, <c>ID/layer.tar</c>, duplicate layers as symlinks) and the OCI layout of
/// Docker 25+ (<c>index.json</c>, <c>blobs/sha256/…</c>). Small JSON files are kept; every layer blob is scanned as it
/// passes (its order only matters later, once the manifest, usually last, has been read). Nothing touches the disk.
/// </summary>
public static class ArchiveImageReader
{
    private const int JsonLimit = 16 << 20;
    private const int SniffBytes = 512;

    public static ImageContent Read(Stream archive, string name, ImageSourceKind kind, LayerScanOptions options, CancellationToken cancellationToken)
    {
        var json = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var layers = new Dictionary<string, (LayerIndex Index, long Size)>(StringComparer.Ordinal);
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var reader = new TarReader(archive, leaveOpen: true);
            while (reader.GetNextEntry(copyData: false) is { } entry)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var path = Relative(entry.Name);
                switch (entry.EntryType)
                {
                    case TarEntryType.SymbolicLink:
                        var directory = path.Contains('/', StringComparison.Ordinal) ? path[..path.LastIndexOf('/')] + "/" : string.Empty;
                        links[path] = Relative(entry.LinkName.StartsWith('/') ? entry.LinkName : directory + entry.LinkName);
                        continue;
                    case TarEntryType.HardLink:
                        links[path] = Relative(entry.LinkName);
                        continue;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                        break;
                    default:
                        continue;
                }
                var data = entry.DataStream;
                if (data is null || entry.Length == 0)
                {
                    if (IsLayerName(path))
                    {
                        layers[path] = (LayerIndex.Empty, 0);
                    }
                    continue;
                }
                Stream blob = data.CanSeek ? data : new PeekStream(data);
                switch (Sniff(blob))
                {
                    case BlobKind.Json when entry.Length <= JsonLimit:
                        var content = new byte[entry.Length];
                        blob.ReadExactly(content);
                        json[path] = content;
                        break;
                    case BlobKind.Layer:
                        layers[path] = (LayerScanner.Scan(blob, $"layer {path} of {name}", options, cancellationToken), entry.Length);
                        break;
                }
            }
        }
        // A truncated or forged archive: the tar and decompression readers throw these (a PAX size that overflows, a
        // header past the end); each becomes one sentence naming the archive.
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException or OverflowException or ArgumentException or IOException
            && ex is not DrydockException)
        {
            throw new DrydockException($"{name} is not a readable image archive: {ex.Message}", null, "Create it with `docker save IMAGE -o image.tar` and check that it is complete.", ex);
        }

        var layout = ImageLayoutResolver.Resolve(path => json.GetValueOrDefault(path), name);
        var configJson = json.GetValueOrDefault(layout.ConfigPath)
            ?? throw new DrydockException($"{name} is missing the image configuration {layout.ConfigPath}.");
        var config = ImageLayoutResolver.Parse(configJson, ImageJsonContext.Default.ImageConfigFile, name, layout.ConfigPath)!;
        var blobs = new List<ImageLayerBlob>();
        foreach (var layer in layout.Layers)
        {
            var path = Follow(layer.Path, links);
            if (!layers.TryGetValue(path, out var scanned))
            {
                throw new DrydockException($"{name} is missing the layer {layer.Path}, or it is not a tar stream.");
            }
            blobs.Add(new ImageLayerBlob(layer.Digest, layer.MediaType, scanned.Size, scanned.Index));
        }
        return new ImageContent(name, kind, config, blobs)
        {
            ImageId = layout.ConfigDigest,
            ManifestDigest = layout.ManifestDigest,
            RepoTags = layout.RepoTags,
        };
    }

    internal enum BlobKind
    {
        Other,
        Json,
        Layer,
    }

    /// <summary>Tells a layer from a JSON document by content (OCI blobs have no names to go by).</summary>
    internal static BlobKind Sniff(Stream blob)
    {
        Span<byte> head = stackalloc byte[SniffBytes];
        int read;
        if (blob is PeekStream peek)
        {
            var peeked = peek.Peek(SniffBytes);
            peeked.CopyTo(head);
            read = peeked.Length;
        }
        else
        {
            var start = blob.Position;
            read = blob.ReadAtLeast(head, SniffBytes, throwOnEndOfStream: false);
            blob.Position = start;
        }
        return Classify(head[..read]);
    }

    internal static BlobKind Classify(ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty || LayerDecompression.Detect(head) != LayerCompression.None || LayerDecompression.UnsupportedCompression(head) is not null)
        {
            return BlobKind.Layer;
        }
        if (head.Length >= 262 && head.Slice(257, 5).SequenceEqual("ustar"u8))
        {
            return BlobKind.Layer;
        }
        if (head.Length == SniffBytes && !head.ContainsAnyExcept((byte)0))
        {
            return BlobKind.Layer;
        }
        var text = head.TrimStart(" \t\r\n"u8);
        return !text.IsEmpty && (text[0] == (byte)'{' || text[0] == (byte)'[') ? BlobKind.Json : BlobKind.Other;
    }

    private static bool IsLayerName(string path) => path.EndsWith("/layer.tar", StringComparison.Ordinal) || path.StartsWith("blobs/", StringComparison.Ordinal);

    private static string Relative(string name) => LayerScanner.NormalizePath(name).TrimStart('/');

    private static string Follow(string path, Dictionary<string, string> links)
    {
        path = Relative(path);
        for (var hops = 0; hops < 16 && links.TryGetValue(path, out var target); hops++)
        {
            path = target;
        }
        return path;
    }
}
