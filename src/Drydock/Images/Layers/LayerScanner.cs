using System.Buffers;
using System.Formats.Tar;

namespace Drydock.Images.Layers;

/// <summary>What to keep besides entry metadata while scanning a layer.</summary>
public sealed record LayerScanOptions
{
    /// <summary>Absolute paths whose content is kept (small files the analysis reads: <c>/etc/passwd</c>, <c>/etc/group</c>).</summary>
    public IReadOnlySet<string> CapturePaths { get; init; } = new HashSet<string>(StringComparer.Ordinal) { "/etc/passwd", "/etc/group" };

    /// <summary>Captured files larger than this are not kept.</summary>
    public int CaptureLimit { get; init; } = 1 << 20;

    public static LayerScanOptions Default { get; } = new();
}

/// <summary>
/// Streams one layer blob (tar, tar+gzip or tar+zstd) once, front to back, and records its entries. Content is never
/// written anywhere: it is skipped (seeked over when the stream allows it), except the first bytes of files whose
/// name suggests a private key and the small files named in <see cref="LayerScanOptions.CapturePaths"/>.
/// </summary>
public static class LayerScanner
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueMarker = ".wh..wh..opq";
    private const string MetadataPrefix = ".wh..wh.";
    private const int KeySniffBytes = 8192;
    private const int DrainBufferSize = 1 << 18;

    /// <summary>Scans <paramref name="blob"/> to its end. <paramref name="description"/> names the layer in errors.</summary>
    public static LayerIndex Scan(Stream blob, string description, LayerScanOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= LayerScanOptions.Default;
        var entries = new List<LayerEntry>();
        var captured = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var buffer = ArrayPool<byte>.Shared.Rent(DrainBufferSize);
        var compression = LayerCompression.None;
        long tarBytes;
        try
        {
            if (blob.CanSeek && IsPlainTar(blob))
            {
                // An uncompressed layer in a file: the tar reader seeks over file content instead of reading it.
                var start = blob.Position;
                ReadEntries(blob, options, entries, captured, buffer, cancellationToken);
                tarBytes = blob.Length - start;
            }
            else
            {
                var peek = new PeekStream(blob);
                if (peek.Peek(1).Length == 0)
                {
                    // A zero-byte blob: some tools write an empty layer that way.
                    return new LayerIndex(entries, compression, 0, captured);
                }
                // Inflate in large chunks: the tar reader asks for 512-byte headers and many small files.
                using var tarStream = new CountingStream(new BufferedStream(LayerDecompression.Open(peek, description, out compression), 1 << 16));
                ReadEntries(tarStream, options, entries, captured, buffer, cancellationToken);
                // Past the end-of-archive blocks: read to the end so a truncated or corrupt compressed stream is noticed.
                while (tarStream.Read(buffer, 0, buffer.Length) > 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
                tarBytes = tarStream.BytesRead;
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException or ArgumentException or OverflowException or IOException)
        {
            throw new DrydockException($"{description} is not a readable layer: {ex.Message}", null, "Check that the image or archive is complete (re-export it with `docker save`).", ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return new LayerIndex(entries, compression, tarBytes, captured);
    }

    /// <summary>Whether a seekable blob is an uncompressed tar (looked at, then rewound).</summary>
    private static bool IsPlainTar(Stream blob)
    {
        var start = blob.Position;
        Span<byte> head = stackalloc byte[6];
        var read = blob.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        blob.Position = start;
        var span = head[..read];
        return read > 0 && LayerDecompression.Detect(span) == LayerCompression.None && LayerDecompression.UnsupportedCompression(span) is null;
    }

    private static void ReadEntries(Stream tar, LayerScanOptions options, List<LayerEntry> entries, Dictionary<string, byte[]> captured, byte[] buffer, CancellationToken cancellationToken)
    {
        using var reader = new TarReader(tar, leaveOpen: true);
        while (reader.GetNextEntry(copyData: false) is { } entry)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ToEntry(entry, options, captured, buffer) is { } recorded)
            {
                entries.Add(recorded);
            }
            Drain(entry.DataStream, buffer);
        }
    }

    /// <summary>Normalizes a tar entry name to an absolute path: <c>./usr/bin/</c> → <c>/usr/bin</c>, <c>.</c> → <c>/</c>.</summary>
    public static string NormalizePath(string name)
    {
        if (IsSimple(name))
        {
            var trimmed = name.AsSpan().TrimEnd('/');
            return trimmed.Length == 0 ? "/" : string.Concat("/", trimmed);
        }
        var parts = new List<string>();
        foreach (var part in name.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                continue;
            }
            parts.Add(part);
        }
        return "/" + string.Join('/', parts);
    }

    private static bool IsSimple(string name)
    {
        if (name.Length == 0 || name[0] == '/' || name[0] == '.')
        {
            return false;
        }
        return !name.Contains("//", StringComparison.Ordinal) && !name.Contains("/./", StringComparison.Ordinal) && !name.Contains("/..", StringComparison.Ordinal);
    }

    private static LayerEntry? ToEntry(TarEntry entry, LayerScanOptions options, Dictionary<string, byte[]> captured, byte[] buffer)
    {
        var path = NormalizePath(entry.Name);
        var mode = (int)entry.Mode;
        var slash = path.LastIndexOf('/');
        var name = path[(slash + 1)..];
        if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
        {
            var parent = slash == 0 ? "/" : path[..slash];
            if (name == OpaqueMarker)
            {
                return new LayerEntry(parent, EntryKind.Opaque, 0, mode, entry.Uid, entry.Gid);
            }
            if (name.StartsWith(MetadataPrefix, StringComparison.Ordinal))
            {
                // aufs bookkeeping (.wh..wh.plnk, .wh..wh.aufs): not part of the image's file system.
                return null;
            }
            var deleted = name[WhiteoutPrefix.Length..];
            return new LayerEntry(parent == "/" ? "/" + deleted : parent + "/" + deleted, EntryKind.Whiteout, 0, mode, entry.Uid, entry.Gid);
        }
        var kind = entry.EntryType switch
        {
            TarEntryType.Directory => EntryKind.Directory,
            TarEntryType.SymbolicLink => EntryKind.Symlink,
            TarEntryType.HardLink => EntryKind.HardLink,
            TarEntryType.CharacterDevice => EntryKind.CharDevice,
            TarEntryType.BlockDevice => EntryKind.BlockDevice,
            TarEntryType.Fifo => EntryKind.Fifo,
            TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile or TarEntryType.SparseFile => EntryKind.File,
            _ => (EntryKind?)null,
        };
        if (kind is null)
        {
            return null;
        }
        var size = kind == EntryKind.File ? entry.Length : 0;
        var flags = EntryFlags.None;
        if (kind == EntryKind.File && entry.DataStream is { } data)
        {
            if (options.CapturePaths.Contains(path) && size <= options.CaptureLimit)
            {
                captured[path] = ReadAll(data, size);
            }
            else if (MayBePrivateKey(name) && size > 0)
            {
                var read = ReadUpTo(data, buffer, KeySniffBytes);
                if (LooksLikePrivateKey(buffer.AsSpan(0, read)))
                {
                    flags |= EntryFlags.PrivateKey;
                }
            }
        }
        var linkTarget = kind is EntryKind.Symlink or EntryKind.HardLink
            ? kind == EntryKind.HardLink ? NormalizePath(entry.LinkName) : entry.LinkName
            : null;
        return new LayerEntry(path, kind.Value, size, mode, entry.Uid, entry.Gid) { LinkTarget = linkTarget, Flags = flags };
    }

    /// <summary>Names under which private keys are usually kept: <c>*.pem</c>, <c>*.key</c>, <c>id_rsa</c>…</summary>
    public static bool MayBePrivateKey(string name) =>
        name.EndsWith(".pem", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith(".key", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith(".p8", StringComparison.OrdinalIgnoreCase)
        || (name.StartsWith("id_", StringComparison.Ordinal) && !name.EndsWith(".pub", StringComparison.Ordinal));

    public static bool LooksLikePrivateKey(ReadOnlySpan<byte> head) =>
        head.IndexOf("PRIVATE KEY-----"u8) >= 0 || head.IndexOf("PuTTY-User-Key-File"u8) >= 0;

    private static byte[] ReadAll(Stream data, long size)
    {
        var content = new byte[size];
        data.ReadExactly(content);
        return content;
    }

    private static int ReadUpTo(Stream data, byte[] buffer, int limit)
    {
        var total = 0;
        while (total < limit)
        {
            var read = data.Read(buffer, total, limit - total);
            if (read == 0)
            {
                break;
            }
            total += read;
        }
        return total;
    }

    /// <summary>Skips what is left of an entry's content: a seek when possible, otherwise large reads (the reader's own skip uses small ones).</summary>
    private static void Drain(Stream? data, byte[] buffer)
    {
        if (data is null || data.CanSeek)
        {
            return;
        }
        while (data.Read(buffer, 0, buffer.Length) > 0)
        {
        }
    }

}

/// <summary>Counts the bytes read through it.</summary>
internal sealed class CountingStream(Stream inner) : ReadOnlyForwardStream
{
    public long BytesRead { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        BytesRead += read;
        return read;
    }

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
