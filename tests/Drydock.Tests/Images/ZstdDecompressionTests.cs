using Drydock.Images.Layers;

namespace Drydock.Tests.Images;

/// <summary>The zstd decoder (libzstd; bench/zstd measured the managed port slower) on what the zstd tool writes: whole, in two frames, truncated, corrupt.</summary>
public sealed class ZstdDecompressionTests
{
    private static byte[] Decode(byte[] compressed)
    {
        using var stream = new ZstdDecompressionStream(new ForwardOnlyStream(new MemoryStream(compressed)));
        using var output = new MemoryStream();
        stream.CopyTo(output, 4096);
        return output.ToArray();
    }

    [Fact]
    public async Task Decodes_what_the_zstd_tool_writes_including_concatenated_frames()
    {
        var first = TarItem.Fill(300_000);
        var second = TarItem.Fill(70_001);
        Decode(await LayerTars.ZstdAsync(first)).ShouldBe(first);
        Decode([.. await LayerTars.ZstdAsync(first), .. await LayerTars.ZstdAsync(second)]).ShouldBe([.. first, .. second]);
    }

    [Fact]
    public async Task A_truncated_or_corrupt_stream_is_invalid_data()
    {
        var compressed = await LayerTars.ZstdAsync(TarItem.Fill(200_000));
        Should.Throw<InvalidDataException>(() => Decode(compressed[..(compressed.Length / 2)])).Message.ShouldContain("middle of a frame");
        var corrupt = compressed.ToArray();
        for (var i = 16; i < corrupt.Length; i += 7)
        {
            corrupt[i] ^= 0x5a;
        }
        Should.Throw<InvalidDataException>(() => Decode(corrupt)); // a bad block or the content checksum
    }
}
