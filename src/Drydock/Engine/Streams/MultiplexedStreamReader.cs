using System.Buffers.Binary;

namespace Drydock.Engine;

/// <summary>Which stream a piece of container output belongs to (the first byte of a frame header).</summary>
public enum DockerStreamKind
{
    StandardInput = 0,
    StandardOutput = 1,
    StandardError = 2,

    /// <summary>An error the engine reports in-band (newer engines), e.g. an exec that could not start.</summary>
    SystemError = 3,
}

/// <summary>A piece of container output read from a (possibly multiplexed) stream.</summary>
/// <param name="Kind">The stream it belongs to; always standard output for a TTY.</param>
/// <param name="Count">Bytes written into the caller's buffer; 0 only at the end of the stream.</param>
/// <param name="StartsFrame">True when these bytes begin a frame (one engine write, e.g. one log message).</param>
public readonly record struct OutputChunk(DockerStreamKind Kind, int Count, bool StartsFrame);

/// <summary>
/// Reads the engine's container output. Without a TTY the engine multiplexes stdout and stderr into frames, each
/// an 8-byte header — <c>[stream, 0, 0, 0, size (uint32, big-endian)]</c> — then <c>size</c> bytes. With a TTY
/// the bytes are raw (all of it is standard output). Frames larger than the caller's buffer are read in pieces,
/// so memory is the caller's buffer (plus a fixed read-ahead) whatever the frame or stream size.
/// </summary>
public sealed class MultiplexedStreamReader
{
    public const int HeaderLength = 8;

    /// <summary>Frames are often tiny (one log line each): reading ahead saves a call into the HTTP stack per frame.</summary>
    private const int ReadAheadBytes = 32 * 1024;

    private readonly Stream _stream;
    private readonly byte[] _header = new byte[HeaderLength];
    private byte[]? _readAhead;
    private int _readAheadStart;
    private int _readAheadEnd;
    private DockerStreamKind _currentKind;
    private long _remainingInFrame;
    private bool _atFrameStart;

    /// <param name="stream">The body of an attach, logs or exec response.</param>
    /// <param name="multiplexed">False for a TTY: the stream is raw standard output.</param>
    public MultiplexedStreamReader(Stream stream, bool multiplexed)
    {
        _stream = stream;
        Multiplexed = multiplexed;
    }

    public bool Multiplexed { get; }

    /// <summary>Parses a frame header; false when the bytes are not one (an unknown stream or non-zero padding).</summary>
    public static bool TryParseHeader(ReadOnlySpan<byte> header, out DockerStreamKind kind, out uint length)
    {
        kind = default;
        length = 0;
        if (header.Length < HeaderLength || header[0] > (byte)DockerStreamKind.SystemError || header[1] != 0 || header[2] != 0 || header[3] != 0)
        {
            return false;
        }
        kind = (DockerStreamKind)header[0];
        length = BinaryPrimitives.ReadUInt32BigEndian(header[4..]);
        return true;
    }

    /// <summary>Writes a frame header (for tests and tools that produce the format).</summary>
    public static void WriteHeader(Span<byte> destination, DockerStreamKind kind, uint length)
    {
        destination[..4].Clear();
        destination[0] = (byte)kind;
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], length);
    }

    /// <summary>Reads the next piece of output into <paramref name="buffer"/>; a count of 0 means the stream ended.</summary>
    public async ValueTask<OutputChunk> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (buffer.IsEmpty)
        {
            throw new ArgumentException("The buffer must not be empty.", nameof(buffer));
        }
        if (!Multiplexed)
        {
            var count = await _stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            return new OutputChunk(DockerStreamKind.StandardOutput, count, false);
        }
        while (_remainingInFrame == 0)
        {
            if (!await ReadHeaderAsync(cancellationToken).ConfigureAwait(false))
            {
                return new OutputChunk(DockerStreamKind.StandardOutput, 0, false);
            }
        }
        var wanted = (int)Math.Min(buffer.Length, _remainingInFrame);
        var read = await ReadBufferedAsync(buffer[..wanted], cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            throw new EngineException(EngineErrorKind.ApiError, $"The engine's output stream ended inside a frame ({_remainingInFrame} bytes missing).");
        }
        _remainingInFrame -= read;
        var startsFrame = _atFrameStart;
        _atFrameStart = false;
        return new OutputChunk(_currentKind, read, startsFrame);
    }

    /// <summary>Reads from the read-ahead buffer, refilling it when empty; 0 only at the end of the stream.</summary>
    private async ValueTask<int> ReadBufferedAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        _readAhead ??= new byte[ReadAheadBytes];
        if (_readAheadStart == _readAheadEnd)
        {
            _readAheadStart = 0;
            _readAheadEnd = await _stream.ReadAsync(_readAhead, cancellationToken).ConfigureAwait(false);
        }
        var count = Math.Min(destination.Length, _readAheadEnd - _readAheadStart);
        _readAhead.AsMemory(_readAheadStart, count).CopyTo(destination);
        _readAheadStart += count;
        return count;
    }

    /// <summary>False at a clean end of stream (between frames).</summary>
    private async ValueTask<bool> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < HeaderLength)
        {
            var read = await ReadBufferedAsync(_header.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                if (filled == 0)
                {
                    return false;
                }
                throw new EngineException(EngineErrorKind.ApiError, $"The engine's output stream ended inside a frame header ({filled} of {HeaderLength} bytes).");
            }
            filled += read;
        }
        if (!TryParseHeader(_header, out _currentKind, out var length))
        {
            throw new EngineException(
                EngineErrorKind.ApiError,
                $"The engine's output is not a multiplexed stream (header {Convert.ToHexString(_header)}).",
                "This happens when a container has a TTY but was read as if it had none; report it with the engine version.");
        }
        _remainingInFrame = length;
        _atFrameStart = true;
        return true;
    }
}
