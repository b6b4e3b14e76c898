using System.IO.Compression;

namespace Drydock.Images.Layers;

/// <summary>
/// Recognizes how a layer blob is compressed from its first bytes (media types lie: Docker 25 labels uncompressed
/// layers <c>tar</c>, some registries serve <c>tar.gzip</c> for either) and opens the matching decompressor.
/// </summary>
public static class LayerDecompression
{
    public static LayerCompression Detect(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 2 && head[0] == 0x1f && head[1] == 0x8b)
        {
            return LayerCompression.Gzip;
        }
        if (head.Length >= 4 && head[0] == 0x28 && head[1] == 0xb5 && head[2] == 0x2f && head[3] == 0xfd)
        {
            return LayerCompression.Zstd;
        }
        return LayerCompression.None;
    }

    /// <summary>The name of a compression Drydock cannot read, from the magic bytes; null when it is not one of them.</summary>
    public static string? UnsupportedCompression(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == (byte)'B' && head[1] == (byte)'Z' && head[2] == (byte)'h')
        {
            return "bzip2";
        }
        if (head.Length >= 6 && head[0] == 0xfd && head[1] == (byte)'7' && head[2] == (byte)'z' && head[3] == (byte)'X' && head[4] == (byte)'Z' && head[5] == 0)
        {
            return "xz";
        }
        return null;
    }

    /// <summary>Wraps <paramref name="raw"/> in the decompressor its first bytes call for; the caller disposes the result.</summary>
    internal static Stream Open(PeekStream raw, string description, out LayerCompression compression)
    {
        var head = raw.Peek(6);
        if (UnsupportedCompression(head) is { } name)
        {
            throw new DrydockException($"{description} is {name}-compressed; image layers are tar, gzip or zstd.", null, "Rebuild or re-push the image with a standard layer compression.");
        }
        compression = Detect(head);
        return compression switch
        {
            LayerCompression.Gzip => new GZipStream(raw, CompressionMode.Decompress, leaveOpen: true),
            LayerCompression.Zstd => new ZstdDecompressionStream(raw),
            _ => raw,
        };
    }
}
