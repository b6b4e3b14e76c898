using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Drydock.Images.Layers;
using Drydock.Images.Sources;

namespace Drydock.Tests.Images;

/// <summary>A tar entry to write into a synthetic layer.</summary>
public sealed record TarItem(string Name, TarEntryType Type, byte[]? Content = null, string? Link = null, int Mode = 0b110_100_100, int Uid = 0, int Gid = 0)
{
    public static TarItem File(string name, int size, int mode = 0b110_100_100, int uid = 0) => new(name, TarEntryType.RegularFile, Fill(size), Mode: mode, Uid: uid, Gid: uid);

    public static TarItem Text(string name, string content, int mode = 0b110_100_100) => new(name, TarEntryType.RegularFile, Encoding.UTF8.GetBytes(content), Mode: mode);

    public static TarItem Dir(string name, int mode = 0b111_101_101) => new(name, TarEntryType.Directory, Mode: mode);

    public static TarItem Symlink(string name, string target) => new(name, TarEntryType.SymbolicLink, Link: target, Mode: 0b111_111_111);

    public static TarItem HardLink(string name, string target) => new(name, TarEntryType.HardLink, Link: target);

    /// <summary>A whiteout for <paramref name="path"/> (<c>dir/.wh.name</c>).</summary>
    public static TarItem Whiteout(string path)
    {
        var slash = path.LastIndexOf('/');
        return new(slash < 0 ? ".wh." + path : path[..(slash + 1)] + ".wh." + path[(slash + 1)..], TarEntryType.RegularFile, []);
    }

    public static TarItem Opaque(string directory) => new(directory.TrimEnd('/') + "/.wh..wh..opq", TarEntryType.RegularFile, []);

    /// <summary>Deterministic, poorly compressible bytes.</summary>
    public static byte[] Fill(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        return bytes;
    }
}

/// <summary>Builds layer tars and image archives in memory, for tests that need exact, hand-computable content.</summary>
public static class LayerTars
{
    public static byte[] Tar(params TarItem[] items)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var item in items)
            {
                // ustar, not PAX: PAX headers record the current atime/ctime, and fixture tars must be byte-identical
                // from run to run (the fixture images are cached by a hash of their inputs).
                var entry = new UstarTarEntry(item.Type, item.Name)
                {
                    Mode = (UnixFileMode)item.Mode,
                    Uid = item.Uid,
                    Gid = item.Gid,
                    ModificationTime = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
                };
                if (item.Link is not null)
                {
                    entry.LinkName = item.Link;
                }
                if (item.Content is not null && item.Type == TarEntryType.RegularFile)
                {
                    entry.DataStream = new MemoryStream(item.Content);
                }
                writer.WriteEntry(entry);
            }
        }
        return buffer.ToArray();
    }

    public static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }
        return buffer.ToArray();
    }

    /// <summary>zstd through the zstd CLI (Debian's zstd package), so the decompressor is checked against the reference encoder.</summary>
    public static async Task<byte[]> ZstdAsync(byte[] data)
    {
        var input = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(input, data);
            var result = await Drydock.Processes.ProcessRunner.RunAsync("zstd", ["-q", "-f", "-3", input, "-o", input + ".zst"]);
            result.ExitCode.ShouldBe(0, result.StandardError);
            return await File.ReadAllBytesAsync(input + ".zst");
        }
        finally
        {
            File.Delete(input);
            File.Delete(input + ".zst");
        }
    }

    public static LayerIndex Scan(byte[] blob, LayerScanOptions? options = null, bool seekable = false) =>
        LayerScanner.Scan(seekable ? new MemoryStream(blob) : new ForwardOnlyStream(new MemoryStream(blob)), "test layer", options);

    /// <summary>An image config with the given history; each non-empty step made one layer.</summary>
    public static ImageConfigFile Config(ContainerConfig? container = null, params (string CreatedBy, bool Empty)[] history) => new()
    {
        Architecture = "amd64",
        Os = "linux",
        Config = container ?? new ContainerConfig(),
        History = history.Select(step => new HistoryEntry { CreatedBy = step.CreatedBy, EmptyLayer = step.Empty }).ToArray(),
    };

    public static ImageContent Content(ImageConfigFile config, params byte[][] layers) =>
        new("test-image", ImageSourceKind.Archive, config, layers.Select((layer, i) => new ImageLayerBlob($"sha256:{i:x64}", null, layer.Length, Scan(layer))).ToList());
}

/// <summary>A stream that cannot seek, like an HTTP body.</summary>
internal sealed class ForwardOnlyStream(Stream inner) : ReadOnlyForwardStream
{
    public override int Read(Span<byte> buffer) => inner.Read(buffer);
}
