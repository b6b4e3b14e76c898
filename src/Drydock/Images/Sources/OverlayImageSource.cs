using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Drydock.Engine;
using Drydock.Images.Layers;

namespace Drydock.Images.Sources;

/// <summary>
/// The engine fast path: an image of a local engine whose overlay2 storage this process can read is read in place
/// instead of exported. The export (<c>docker save</c>) is reassembled by the engine from each layer's tar-split record
/// (the layer tar's exact headers and padding, <c>layerdb/…/tar-split.json.gz</c>) and the files of the layer's
/// <c>diff</c> directory; this source builds the same byte stream as a seekable view over those two, so the scanner
/// reads the very headers the export would carry (whiteouts and opaque markers included) and seeks over file content,
/// reading from the <c>diff</c> directory only the few files it keeps. Anything unexpected (another storage driver, a
/// remote engine, a missing or unreadable record) falls back to the export.
/// </summary>
public sealed class OverlayImageSource(DockerClient client, string reference) : IImageSource
{
    /// <summary>Set to <c>1</c> to always read through the export (for comparison, or when the fast path misbehaves).</summary>
    public const string DisableVariable = "DRYDOCK_INSPECT_EXPORT";

    public string Name { get; } = reference;

    public ImageSourceKind Kind => ImageSourceKind.Engine;

    /// <summary>Why the last <see cref="ReadAsync"/> used the export, or null when it read the storage in place.</summary>
    public string? FallbackReason { get; private set; }

    public async Task<ImageContent> ReadAsync(LayerScanOptions options, CancellationToken cancellationToken)
    {
        var direct = await TryReadAsync(options, cancellationToken).ConfigureAwait(false);
        return direct ?? await new EngineImageSource(client, Name).ReadAsync(options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The image read in place, or null (with <see cref="FallbackReason"/>) when only the export can read it.</summary>
    public async Task<ImageContent?> TryReadAsync(LayerScanOptions options, CancellationToken cancellationToken)
    {
        if (client.Endpoint.Kind != EndpointKind.Unix)
        {
            return Fallback("the engine is not local");
        }
        OverlayImageJson details;
        try
        {
            details = await client.GetJsonAsync($"images/{EngineQuery.ImageReference(Name)}/json", OverlayJsonContext.Default.OverlayImageJson, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineException ex) when (ex.IsNotFound)
        {
            return Fallback("not found by inspect"); // the export says so in its own words
        }
        if (details.GraphDriver is not { Name: "overlay2", Data: { } data } || data.GetValueOrDefault("UpperDir") is not { Length: > 0 } upper)
        {
            return Fallback($"storage driver {details.GraphDriver?.Name ?? "unknown"}");
        }
        var diffIds = details.RootFS?.Layers ?? [];
        string[] lowers = data.GetValueOrDefault("LowerDir") is { Length: > 0 } lower ? lower.Split(':') : [];
        var directories = lowers.Reverse().Append(upper).ToList();
        if (directories.Count != diffIds.Length || !details.Id.StartsWith("sha256:", StringComparison.Ordinal))
        {
            return Fallback("the layer directories do not match the image's layers");
        }
        if (RepoTags(details) is not { } repoTags)
        {
            return Fallback("the reference names a repository, not one tag");
        }
        // UpperDir is ROOT/overlay2/ID/diff; the image and layer records are under ROOT/image/overlay2.
        var storageRoot = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(upper)));
        if (storageRoot is null)
        {
            return Fallback("unexpected layer directory");
        }
        var records = Path.Combine(storageRoot, "image", "overlay2");
        try
        {
            var configPath = Path.Combine(records, "imagedb", "content", "sha256", details.Id["sha256:".Length..]);
            var configJson = await File.ReadAllBytesAsync(configPath, cancellationToken).ConfigureAwait(false);
            var config = ImageLayoutResolver.Parse(configJson, ImageJsonContext.Default.ImageConfigFile, Name, configPath)!;
            var blobs = new List<ImageLayerBlob>(diffIds.Length);
            var chain = string.Empty;
            for (var i = 0; i < diffIds.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                chain = i == 0 ? diffIds[0] : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes($"{chain} {diffIds[i]}")));
                var tarSplit = Path.Combine(records, "layerdb", "sha256", chain["sha256:".Length..], "tar-split.json.gz");
                using var stream = LayerTarStream.Open(tarSplit, directories[i]);
                var index = LayerScanner.Scan(stream, $"layer {i} of {Name} ({directories[i]})", options, cancellationToken);
                blobs.Add(new ImageLayerBlob(null, null, stream.Length, index));
            }
            FallbackReason = null;
            return new ImageContent(Name, Kind, config, blobs) { ImageId = details.Id, RepoTags = repoTags };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or JsonException or FormatException)
        {
            return Fallback(ex.Message);
        }
    }

    private ImageContent? Fallback(string reason)
    {
        FallbackReason = reason;
        return null;
    }

    /// <summary>
    /// The tags <c>docker save REFERENCE</c> writes into its manifest: the reference itself when it is one of the
    /// image's tags, none when it is the image id; null otherwise (a bare repository saves all its tags: export).
    /// </summary>
    private IReadOnlyList<string>? RepoTags(OverlayImageJson details)
    {
        var tags = details.RepoTags ?? [];
        if (tags.Contains(Name, StringComparer.Ordinal))
        {
            return [Name];
        }
        var hex = details.Id["sha256:".Length..];
        var id = Name.StartsWith("sha256:", StringComparison.Ordinal) ? Name["sha256:".Length..] : Name;
        return id.Length >= 4 && hex.StartsWith(id, StringComparison.Ordinal) && id.All(char.IsAsciiHexDigitLower) ? [] : null;
    }
}

/// <summary>
/// A layer tar as the engine exports it, seekable, over its tar-split record and its <c>diff</c> directory: header and
/// padding bytes from the record, file content read from the directory only when asked for.
/// </summary>
internal sealed class LayerTarStream : Stream
{
    private readonly List<Segment> _segments;
    private readonly string _directory;
    private long _position;
    private FileStream? _open;
    private int _openSegment = -1;

    private LayerTarStream(List<Segment> segments, string directory, long length)
    {
        _segments = segments;
        _directory = directory;
        Length = length;
    }

    /// <summary>A run of the tar: bytes from the record, or <see cref="Size"/> bytes of the file <see cref="File"/>.</summary>
    private sealed record Segment(long Offset, byte[]? Bytes, string? File, long Size);

    public static LayerTarStream Open(string tarSplitPath, string diffDirectory)
    {
        if (!Directory.Exists(diffDirectory))
        {
            throw new IOException($"{diffDirectory} does not exist");
        }
        var segments = new List<Segment>();
        long offset = 0;
        using var gzip = new GZipStream(File.OpenRead(tarSplitPath), CompressionMode.Decompress);
        using var lines = new StreamReader(gzip, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        while (lines.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }
            using var entry = JsonDocument.Parse(line);
            var root = entry.RootElement;
            switch (root.GetProperty("type").GetInt32())
            {
                case 1: // a file entry: its content (size bytes, no padding) comes from the directory
                    var size = root.TryGetProperty("size", out var sizeElement) ? sizeElement.GetInt64() : 0;
                    if (size > 0)
                    {
                        var name = root.TryGetProperty("name_raw", out var raw) && raw.ValueKind == JsonValueKind.String
                            ? Encoding.UTF8.GetString(raw.GetBytesFromBase64())
                            : root.GetProperty("name").GetString()!;
                        segments.Add(new Segment(offset, null, name, size));
                        offset += size;
                    }
                    break;
                case 2: // raw tar bytes: headers, padding, the end-of-archive blocks
                    var bytes = root.GetProperty("payload").GetBytesFromBase64();
                    if (bytes.Length > 0)
                    {
                        segments.Add(new Segment(offset, bytes, null, bytes.Length));
                        offset += bytes.Length;
                    }
                    break;
                default:
                    throw new InvalidDataException($"{tarSplitPath}: unknown entry type");
            }
        }
        return new LayerTarStream(segments, diffDirectory, offset);
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length { get; }

    public override long Position
    {
        get => _position;
        set => _position = value is >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= Length || buffer.Length == 0)
        {
            return 0;
        }
        var index = FindSegment(_position);
        var segment = _segments[index];
        var within = _position - segment.Offset;
        var count = (int)Math.Min(buffer.Length, segment.Size - within);
        if (segment.Bytes is { } bytes)
        {
            bytes.AsSpan((int)within, count).CopyTo(buffer);
        }
        else
        {
            var file = OpenFile(index, segment.File!);
            file.Position = within;
            file.ReadExactly(buffer[..count]);
        }
        _position += count;
        return count;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => Length + offset,
        };
        return _position;
    }

    private int FindSegment(long position)
    {
        int low = 0, high = _segments.Count - 1;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (_segments[middle].Offset <= position)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }
        return low;
    }

    private FileStream OpenFile(int index, string name)
    {
        if (_openSegment != index)
        {
            _open?.Dispose();
            // Tar names are relative ("usr/bin/env", "./usr/bin/env"); the file is the same path under diff/.
            var path = Path.Combine(_directory, name.TrimStart('/'));
            _open = new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Options = FileOptions.SequentialScan, BufferSize = 0 });
            _openSegment = index;
        }
        return _open!;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _open?.Dispose();
        }
        base.Dispose(disposing);
    }
}

internal sealed record OverlayImageJson
{
    public string Id { get; init; } = string.Empty;

    public string[]? RepoTags { get; init; }

    public OverlayGraphDriver? GraphDriver { get; init; }

    public OverlayRootFs? RootFS { get; init; }
}

internal sealed record OverlayGraphDriver
{
    public string? Name { get; init; }

    public Dictionary<string, string>? Data { get; init; }
}

internal sealed record OverlayRootFs
{
    public string[]? Layers { get; init; }
}

[JsonSerializable(typeof(OverlayImageJson))]
internal sealed partial class OverlayJsonContext : JsonSerializerContext;
