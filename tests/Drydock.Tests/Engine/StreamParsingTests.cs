using System.Text;
using Drydock.Engine;
using Drydock.Tests.Engine.Support;

namespace Drydock.Tests.Engine;

/// <summary>The engine's stream formats, parsed from crafted bytes: frames, log lines, JSON lines.</summary>
public sealed class StreamParsingTests
{
    [Fact]
    public void A_frame_header_is_the_stream_three_zero_bytes_and_a_big_endian_length()
    {
        byte[] header = [2, 0, 0, 0, 0x00, 0x01, 0x02, 0x03];
        MultiplexedStreamReader.TryParseHeader(header, out var kind, out var length).ShouldBeTrue();
        (kind, length).ShouldBe((DockerStreamKind.StandardError, 0x010203u));

        var written = new byte[8];
        MultiplexedStreamReader.WriteHeader(written, DockerStreamKind.StandardOutput, 0xFFFFFFFF);
        written.ShouldBe(new byte[] { 1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF });
    }

    [Theory]
    [InlineData(new byte[] { 4, 0, 0, 0, 0, 0, 0, 1 })]
    [InlineData(new byte[] { 1, 0, 1, 0, 0, 0, 0, 1 })]
    [InlineData(new byte[] { (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o', 0, 0, 1 })]
    [InlineData(new byte[] { 1, 0, 0, 0, 0, 0, 0 })]
    public void Anything_else_is_not_a_header(byte[] bytes) =>
        MultiplexedStreamReader.TryParseHeader(bytes, out _, out _).ShouldBeFalse();

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(1000)]
    public async Task Frames_are_read_whatever_the_network_chunking_and_split_to_the_buffer_size(int chunk)
    {
        var data = Frames((DockerStreamKind.StandardOutput, "hello "), (DockerStreamKind.StandardError, "oops\n"), (DockerStreamKind.StandardOutput, ""), (DockerStreamKind.StandardOutput, "world\n"));
        var reader = new MultiplexedStreamReader(new TrickleStream(data, chunk, chunk + 2), multiplexed: true);
        var buffer = new byte[4];
        var pieces = new List<(DockerStreamKind, string, bool)>();
        while (await reader.ReadAsync(buffer, CancellationToken.None) is { Count: > 0 } piece)
        {
            pieces.Add((piece.Kind, Encoding.UTF8.GetString(buffer, 0, piece.Count), piece.StartsFrame));
        }
        string.Concat(pieces.Where(p => p.Item1 == DockerStreamKind.StandardOutput).Select(p => p.Item2)).ShouldBe("hello world\n");
        string.Concat(pieces.Where(p => p.Item1 == DockerStreamKind.StandardError).Select(p => p.Item2)).ShouldBe("oops\n");
        pieces.Count(p => p.Item3).ShouldBe(3, "three non-empty frames start");
        pieces.ShouldAllBe(p => p.Item2.Length <= 4);
    }

    [Fact]
    public async Task A_raw_tty_stream_is_all_standard_output()
    {
        var reader = new MultiplexedStreamReader(new TrickleStream("\u0001\0\0\0 raw"u8.ToArray()), multiplexed: false);
        var buffer = new byte[64];
        var piece = await reader.ReadAsync(buffer, CancellationToken.None);
        (piece.Kind, Encoding.UTF8.GetString(buffer, 0, piece.Count)).ShouldBe((DockerStreamKind.StandardOutput, "\u0001\0\0\0 raw"));
        (await reader.ReadAsync(buffer, CancellationToken.None)).Count.ShouldBe(0);
    }

    [Fact]
    public async Task A_stream_cut_inside_a_frame_or_a_header_is_an_error_and_garbage_is_explained()
    {
        var cutFrame = Frames((DockerStreamKind.StandardOutput, "complete"))[..10];
        var error = await Should.ThrowAsync<EngineException>(() => ReadAllAsync(new MultiplexedStreamReader(new MemoryStream(cutFrame), true)));
        error.Message.ShouldContain("ended inside a frame (6 bytes missing)");

        var cutHeader = new byte[] { 1, 0, 0 };
        (await Should.ThrowAsync<EngineException>(() => ReadAllAsync(new MultiplexedStreamReader(new MemoryStream(cutHeader), true)))).Message.ShouldContain("inside a frame header (3 of 8 bytes)");

        var garbage = "plain text, not frames"u8.ToArray();
        var notFrames = await Should.ThrowAsync<EngineException>(() => ReadAllAsync(new MultiplexedStreamReader(new MemoryStream(garbage), true)));
        notFrames.Message.ShouldContain("not a multiplexed stream");
        notFrames.Fix.ShouldNotBeNull();
    }

    [Fact]
    public async Task Log_lines_are_assembled_per_stream_across_frames()
    {
        var data = Frames(
            (DockerStreamKind.StandardOutput, "first "),
            (DockerStreamKind.StandardError, "warn"),
            (DockerStreamKind.StandardOutput, "line\nsecond line\n"),
            (DockerStreamKind.StandardError, "ing\r\n"),
            (DockerStreamKind.StandardOutput, "no newline at the end"));
        var lines = await LinesAsync(new MultiplexedStreamReader(new TrickleStream(data, 5), true), timestamps: false, maxLineBytes: 1000);
        lines.Select(l => (l.Stream, l.Text, l.Truncated)).ShouldBe(
        [
            (DockerStreamKind.StandardOutput, "first line", false),
            (DockerStreamKind.StandardOutput, "second line", false),
            (DockerStreamKind.StandardError, "warning", false),
            (DockerStreamKind.StandardOutput, "no newline at the end", false),
        ]);
    }

    [Fact]
    public async Task Timestamps_are_taken_off_each_frame_and_each_tty_line()
    {
        var data = Frames(
            (DockerStreamKind.StandardOutput, "2024-05-07T21:09:36.123456789Z one\n"),
            (DockerStreamKind.StandardError, "2024-05-07T21:09:37Z two\n"),
            // A long message the engine stored in two parts: each part has its own timestamp, the line keeps the first.
            (DockerStreamKind.StandardOutput, "2024-05-07T21:09:38.5Z part one, "),
            (DockerStreamKind.StandardOutput, "2024-05-07T21:09:38.6Z part two\n"));
        var lines = await LinesAsync(new MultiplexedStreamReader(new MemoryStream(data), true), timestamps: true, maxLineBytes: 1000);
        lines.Select(l => l.Text).ShouldBe(["one", "part one, part two", "two"], ignoreOrder: true);
        lines.Single(l => l.Text == "one").Timestamp.ShouldBe(new DateTimeOffset(2024, 5, 7, 21, 9, 36, TimeSpan.Zero).AddTicks(1234567));
        lines.Single(l => l.Text == "two").Timestamp.ShouldBe(new DateTimeOffset(2024, 5, 7, 21, 9, 37, TimeSpan.Zero));
        lines.Single(l => l.Text.StartsWith("part", StringComparison.Ordinal)).Timestamp.ShouldBe(new DateTimeOffset(2024, 5, 7, 21, 9, 38, 500, TimeSpan.Zero));

        var tty = "2024-05-07T21:09:36Z one\r\n2024-05-07T21:09:37Z two\r\n"u8.ToArray();
        var ttyLines = await LinesAsync(new MultiplexedStreamReader(new TrickleStream(tty, 3), false), timestamps: true, maxLineBytes: 1000);
        ttyLines.Select(l => (l.Text, l.Timestamp!.Value.Second)).ShouldBe([("one", 36), ("two", 37)]);
    }

    [Fact]
    public async Task A_line_longer_than_the_limit_is_cut_and_marked()
    {
        var data = Frames((DockerStreamKind.StandardOutput, new string('a', 50) + "\nshort\n" + new string('b', 30)));
        var lines = await LinesAsync(new MultiplexedStreamReader(new MemoryStream(data), true), timestamps: false, maxLineBytes: 20);
        lines.Select(l => (l.Text, l.Truncated)).ShouldBe([(new string('a', 20), true), ("short", false), (new string('b', 20), true)]);
    }

    [Fact]
    public async Task Memory_stays_bounded_for_a_quarter_gigabyte_line()
    {
        // 256 MiB of 'x' as one raw (TTY) line produced on the fly: held, it would be a 256 MiB buffer.
        const long size = 256L * 1024 * 1024;
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var peak = 0L;
        var lines = new List<ContainerLogLine>();
        await foreach (var line in ReadLinesAsync(new MultiplexedStreamReader(new RepeatingStream((byte)'x', size), false), false, 64 * 1024))
        {
            peak = Math.Max(peak, GC.GetTotalMemory(false) - before);
            lines.Add(line);
        }
        var only = lines.ShouldHaveSingleItem();
        (only.Text.Length, only.Truncated).ShouldBe((64 * 1024, true));
        peak.ShouldBeLessThan(64L * 1024 * 1024, "far below the line's 256 MiB (other tests allocate too)");
    }

    [Fact]
    public async Task Json_lines_are_read_one_document_at_a_time_across_chunks()
    {
        var text = "{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\"abc\",\"Attributes\":{\"name\":\"web\"}},\"time\":1700000000,\"timeNano\":1700000000123456789}\n"
            + "\n"
            + "{\"Type\":\"container\",\"Action\":\"health_status: healthy\",\"Actor\":{\"ID\":\"abc\"},\"time\":1700000001}\r\n"
            + "{\"Type\":\"container\",\"Action\":\"die\",\"Actor\":{\"ID\":\"abc\",\"Attributes\":{\"exitCode\":\"137\"}},\"time\":1700000002}";
        var events = new List<EngineEvent>();
        await foreach (var item in JsonLinesReader.ReadAsync(new TrickleStream(Encoding.UTF8.GetBytes(text), 7, 1, 30), EngineJsonContext.Default.EngineEvent, 1024 * 1024, CancellationToken.None))
        {
            events.Add(item);
        }
        events.Select(e => e.ActionName).ShouldBe(["start", "health_status", "die"]);
        events[0].Actor!.Attributes!["name"].ShouldBe("web");
        events[0].Timestamp.ShouldBe(DateTimeOffset.FromUnixTimeSeconds(1700000000).AddTicks(1234567));
        events[0].HealthStatus.ShouldBeNull();
        events[1].HealthStatus.ShouldBe("healthy");
        events[1].Timestamp.ShouldBe(DateTimeOffset.FromUnixTimeSeconds(1700000001));
        events[2].ExitCode.ShouldBe(137);
    }

    [Fact]
    public async Task A_json_line_beyond_the_limit_or_not_json_is_an_error()
    {
        var endless = new RepeatingStream((byte)' ', 10_000);
        (await Should.ThrowAsync<EngineException>(async () =>
        {
            await foreach (var _ in JsonLinesReader.ReadAsync(endless, EngineJsonContext.Default.EngineEvent, 4096, CancellationToken.None))
            {
            }
        })).Message.ShouldContain("longer than 4096 bytes");

        (await Should.ThrowAsync<EngineException>(async () =>
        {
            await foreach (var _ in JsonLinesReader.ReadAsync(new MemoryStream("{not json}\n"u8.ToArray()), EngineJsonContext.Default.EngineEvent, 4096, CancellationToken.None))
            {
            }
        })).Message.ShouldContain("not the expected JSON");
    }

    private static byte[] Frames(params (DockerStreamKind Kind, string Text)[] frames)
    {
        var output = new MemoryStream();
        foreach (var (kind, text) in frames)
        {
            var payload = Encoding.UTF8.GetBytes(text);
            var header = new byte[MultiplexedStreamReader.HeaderLength];
            MultiplexedStreamReader.WriteHeader(header, kind, (uint)payload.Length);
            output.Write(header);
            output.Write(payload);
        }
        return output.ToArray();
    }

    private static async Task ReadAllAsync(MultiplexedStreamReader reader)
    {
        var buffer = new byte[16];
        while ((await reader.ReadAsync(buffer, CancellationToken.None)).Count > 0)
        {
        }
    }

    private static IAsyncEnumerable<ContainerLogLine> ReadLinesAsync(MultiplexedStreamReader reader, bool timestamps, int maxLineBytes) =>
        ContainerLogReader.ReadLinesAsync(reader, timestamps, maxLineBytes, CancellationToken.None);

    private static async Task<List<ContainerLogLine>> LinesAsync(MultiplexedStreamReader reader, bool timestamps, int maxLineBytes)
    {
        var lines = new List<ContainerLogLine>();
        await foreach (var line in ReadLinesAsync(reader, timestamps, maxLineBytes))
        {
            lines.Add(line);
        }
        return lines;
    }
}
