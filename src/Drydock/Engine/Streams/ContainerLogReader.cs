using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace Drydock.Engine;

/// <summary>One line of container output.</summary>
/// <param name="Stream">Standard output or standard error (always standard output for a TTY).</param>
/// <param name="Timestamp">The engine's time for the line, when timestamps were asked for.</param>
/// <param name="Text">The line without its line break (and without a TTY's trailing carriage return).</param>
/// <param name="Truncated">True when the line was longer than the reader's limit and its tail was dropped.</param>
public sealed record ContainerLogLine(DockerStreamKind Stream, DateTimeOffset? Timestamp, string Text, bool Truncated);

/// <summary>
/// Splits container output into lines, per stream, in bounded memory: one read buffer plus at most
/// <c>maxLineBytes</c> per stream, whatever the length of the log. With timestamps, the engine prefixes every
/// message (every frame, without a TTY) with an RFC 3339 time and a space; it is taken off the text.
/// </summary>
internal static class ContainerLogReader
{
    private const int ReadBufferBytes = 16 * 1024;

    /// <summary>The longest timestamp prefix the engine writes: RFC3339Nano plus a space.</summary>
    private const int MaxTimestampPrefix = 40;

    public static async IAsyncEnumerable<ContainerLogLine> ReadLinesAsync(
        MultiplexedStreamReader reader,
        bool timestamps,
        int maxLineBytes,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferBytes);
        var lines = new PendingLine?[4];
        try
        {
            while (true)
            {
                var chunk = await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (chunk.Count == 0)
                {
                    break;
                }
                var line = lines[(int)chunk.Kind] ??= new PendingLine(maxLineBytes);
                var start = 0;
                if (timestamps && chunk.StartsFrame)
                {
                    start = TakeTimestamp(buffer.AsSpan(0, chunk.Count), out line.FrameTimestamp);
                }
                while (start < chunk.Count)
                {
                    var newline = buffer.AsSpan(start, chunk.Count - start).IndexOf((byte)'\n');
                    if (newline < 0)
                    {
                        line.Append(buffer.AsSpan(start, chunk.Count - start));
                        break;
                    }
                    line.Append(buffer.AsSpan(start, newline));
                    start += newline + 1;
                    yield return line.Take(chunk.Kind, timestamps && !reader.Multiplexed);
                }
            }
            for (var kind = 0; kind < lines.Length; kind++)
            {
                if (lines[kind] is { HasContent: true } rest)
                {
                    yield return rest.Take((DockerStreamKind)kind, timestamps && !reader.Multiplexed);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Parses a leading "TIME " and returns how many bytes it took (0 when there is none).</summary>
    internal static int TakeTimestamp(ReadOnlySpan<byte> data, out DateTimeOffset? timestamp)
    {
        timestamp = null;
        var space = data[..Math.Min(data.Length, MaxTimestampPrefix)].IndexOf((byte)' ');
        if (space < 20)
        {
            return 0;
        }
        Span<char> text = stackalloc char[space];
        for (var i = 0; i < space; i++)
        {
            text[i] = (char)data[i];
        }
        if (!DockerTime.TryParse(text, out var parsed))
        {
            return 0;
        }
        timestamp = parsed;
        return space + 1;
    }

    private sealed class PendingLine(int maxBytes)
    {
        private byte[] _bytes = new byte[Math.Min(maxBytes, 256)];
        private int _length;
        private bool _truncated;
        private bool _started;
        private DateTimeOffset? _timestamp;

        /// <summary>The timestamp of the frame being read, given to lines that start inside it.</summary>
        public DateTimeOffset? FrameTimestamp;

        public bool HasContent => _length > 0 || _truncated;

        public void Append(ReadOnlySpan<byte> data)
        {
            if (!_started)
            {
                _started = true;
                _timestamp = FrameTimestamp;
            }
            var room = maxBytes - _length;
            if (data.Length > room)
            {
                data = data[..room];
                _truncated = true;
            }
            if (_length + data.Length > _bytes.Length)
            {
                Array.Resize(ref _bytes, Math.Min(maxBytes, Math.Max(_bytes.Length * 2, _length + data.Length)));
            }
            data.CopyTo(_bytes.AsSpan(_length));
            _length += data.Length;
        }

        public ContainerLogLine Take(DockerStreamKind kind, bool timestampInLine)
        {
            var bytes = _bytes.AsSpan(0, _length);
            var timestamp = _started ? _timestamp : FrameTimestamp;
            if (timestampInLine)
            {
                var taken = TakeTimestamp(bytes, out var parsed);
                if (taken > 0)
                {
                    bytes = bytes[taken..];
                    timestamp = parsed;
                }
            }
            if (bytes.Length > 0 && bytes[^1] == (byte)'\r')
            {
                bytes = bytes[..^1];
            }
            var line = new ContainerLogLine(kind, timestamp, Encoding.UTF8.GetString(bytes), _truncated);
            _length = 0;
            _truncated = false;
            _started = false;
            return line;
        }
    }
}

/// <summary>What <see cref="DockerClient.ReadContainerLogsAsync"/> reads.</summary>
public sealed record ContainerLogOptions
{
    public bool StandardOutput { get; init; } = true;

    public bool StandardError { get; init; } = true;

    /// <summary>Keep reading as the container writes, until it stops or the token is cancelled.</summary>
    public bool Follow { get; init; }

    /// <summary>Ask the engine for each line's time (<see cref="ContainerLogLine.Timestamp"/>).</summary>
    public bool Timestamps { get; init; }

    public DateTimeOffset? Since { get; init; }

    public DateTimeOffset? Until { get; init; }

    /// <summary>Only the last N lines, counted over both streams before either is left out; null for all.</summary>
    public int? Tail { get; init; }

    /// <summary>Longer lines are cut here (and marked <see cref="ContainerLogLine.Truncated"/>), so memory stays bounded.</summary>
    public int MaxLineBytes { get; init; } = 64 * 1024;
}
