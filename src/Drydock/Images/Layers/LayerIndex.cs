namespace Drydock.Images.Layers;

/// <summary>How a layer blob was stored.</summary>
public enum LayerCompression
{
    None,
    Gzip,
    Zstd,
}

/// <summary>
/// Everything Drydock keeps of one layer after streaming it once: its entries (metadata only, never content) and the
/// few small files it captured on request (<c>/etc/passwd</c>, <c>/etc/group</c>). Memory grows with the number of
/// entries, not with the bytes of the layer.
/// </summary>
public sealed class LayerIndex
{
    public LayerIndex(IReadOnlyList<LayerEntry> entries, LayerCompression compression, long tarBytes, IReadOnlyDictionary<string, byte[]> capturedFiles)
    {
        Entries = entries;
        Compression = compression;
        TarBytes = tarBytes;
        CapturedFiles = capturedFiles;
        long size = 0;
        foreach (var entry in entries)
        {
            size += entry.DiskSize;
        }
        Size = size;
    }

    public IReadOnlyList<LayerEntry> Entries { get; }

    public LayerCompression Compression { get; }

    /// <summary>Bytes of the uncompressed tar stream (headers and padding included).</summary>
    public long TarBytes { get; }

    /// <summary>Bytes the layer's files take, counted as the engine counts a layer's size (files plus symlink targets).</summary>
    public long Size { get; }

    /// <summary>Content of the small files the scan was asked to keep, by absolute path.</summary>
    public IReadOnlyDictionary<string, byte[]> CapturedFiles { get; }

    /// <summary>Entries that are files, links or devices: what <c>files</c> counts per layer (no directories, no whiteout markers).</summary>
    public int FileCount => Entries.Count(entry => !entry.IsDirectory && !entry.IsMarker);

    public static LayerIndex Empty { get; } = new([], LayerCompression.None, 0, new Dictionary<string, byte[]>());
}
