using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;

namespace Drydock.Verification.Load;

/// <summary>
/// Reads HTTP/1.x answers incrementally from the bytes a connection received: the status, the framing
/// (Content-Length, chunked, or until close) and whether the connection stays open; bodies are skipped, never kept.
/// It owns the receive buffer, so callers only hand it bytes (<see cref="FreeSpace"/>, <see cref="Commit"/>) and ask
/// whether the answer is complete (<see cref="Advance"/>). Both the asynchronous connection (open model) and the
/// event loop (closed model) use it, so both frame answers identically. No allocation per answer.
/// </summary>
internal sealed class ResponseReader
{
    private const int InitialBufferSize = 16 * 1024;
    private const int MaxHeaderBytes = 64 * 1024;
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] LineEnd = "\r\n"u8.ToArray();

    private enum Stage
    {
        Head,
        Body,
        ChunkSize,
        ChunkData,
        Trailer,
        UntilClose,
        Done,
    }

    private byte[] _buffer = new byte[InitialBufferSize];
    private int _start;
    private int _end;
    // How far past _start a delimiter search has already looked; survives compaction because it is relative.
    private int _scanned;
    private Stage _stage = Stage.Done;
    private long _remaining;
    private bool _isHead;

    /// <summary>The status of the answer read last (valid once <see cref="Advance"/> returned true).</summary>
    public int Status { get; private set; }

    /// <summary>Whether the connection stays open after the answer read last.</summary>
    public bool KeepAlive { get; private set; }

    /// <summary>Starts on the answer to a new request; bytes already buffered count toward it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Begin(bool isHead)
    {
        _isHead = isHead;
        _stage = Stage.Head;
        _scanned = 0;
    }

    /// <summary>Forgets every buffered byte: the connection was closed or replaced.</summary>
    public void Clear()
    {
        _start = _end = _scanned = 0;
        _stage = Stage.Done;
    }

    /// <summary>Room for the next receive, after compacting or growing the buffer.</summary>
    /// <exception cref="InvalidResponseException">A header block or chunk line outgrew the limit.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Memory<byte> FreeSpace()
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_end == _buffer.Length)
        {
            var unread = _end - _start;
            if (_start == 0)
            {
                if (_buffer.Length >= MaxHeaderBytes)
                {
                    throw new InvalidResponseException($"a header block or chunk line is longer than {MaxHeaderBytes / 1024} KiB");
                }
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
            else
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, unread);
                _start = 0;
                _end = unread;
            }
        }
        return _buffer.AsMemory(_end);
    }

    /// <summary>Adds <paramref name="count"/> bytes just received into <see cref="FreeSpace"/>.</summary>
    public void Commit(int count) => _end += count;

    /// <summary>Parses what has arrived; true once the whole answer is in (skipping 1xx interim answers).</summary>
    /// <exception cref="InvalidResponseException">The bytes are not a valid HTTP/1.x answer.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Advance()
    {
        while (true)
        {
            switch (_stage)
            {
                case Stage.Head:
                    if (FindThrough(HeaderEnd) is not { } headerEnd)
                    {
                        return false;
                    }
                    var head = ParseHead(_buffer.AsSpan(_start, headerEnd - _start));
                    _start = headerEnd;
                    Status = head.Status;
                    KeepAlive = head.KeepAlive;
                    if (head.Status is >= 100 and < 200 && head.Status != 101)
                    {
                        continue;
                    }
                    if (_isHead || head.Status is 204 or 304 || head.Status < 200)
                    {
                        _stage = Stage.Done;
                    }
                    else if (head.Chunked)
                    {
                        _stage = Stage.ChunkSize;
                    }
                    else if (head.ContentLength is { } length)
                    {
                        _remaining = length;
                        _stage = Stage.Body;
                    }
                    else
                    {
                        // Neither length nor chunks: the body runs until the server closes the connection.
                        KeepAlive = false;
                        _stage = Stage.UntilClose;
                    }
                    break;
                case Stage.Body:
                case Stage.ChunkData:
                    var take = (int)Math.Min(_remaining, _end - _start);
                    _start += take;
                    _remaining -= take;
                    if (_remaining > 0)
                    {
                        return false;
                    }
                    _stage = _stage == Stage.Body ? Stage.Done : Stage.ChunkSize;
                    break;
                case Stage.ChunkSize:
                    if (FindThrough(LineEnd) is not { } sizeEnd)
                    {
                        return false;
                    }
                    var size = ParseChunkSize(_buffer.AsSpan(_start, sizeEnd - _start - 2));
                    _start = sizeEnd;
                    if (size == 0)
                    {
                        _stage = Stage.Trailer;
                    }
                    else
                    {
                        _remaining = size + 2;
                        _stage = Stage.ChunkData;
                    }
                    break;
                case Stage.Trailer:
                    // Trailer fields, then the blank line that ends the message.
                    if (FindThrough(LineEnd) is not { } lineEnd)
                    {
                        return false;
                    }
                    var empty = lineEnd - _start == 2;
                    _start = lineEnd;
                    if (empty)
                    {
                        _stage = Stage.Done;
                    }
                    break;
                case Stage.UntilClose:
                    _start = _end;
                    return false;
                default:
                    return true;
            }
        }
    }

    /// <summary>
    /// The peer closed the connection: completes an answer that runs until close; otherwise throws, telling a
    /// connection closed before any byte of the answer (<paramref name="nothingReceived"/>) from a truncated answer.
    /// </summary>
    /// <exception cref="StaleConnectionException">Closed before the answer began.</exception>
    /// <exception cref="InvalidResponseException">Closed in the middle of the answer.</exception>
    public void EndOfStream(bool nothingReceived)
    {
        if (_stage == Stage.UntilClose)
        {
            _stage = Stage.Done;
            return;
        }
        if (nothingReceived)
        {
            throw new StaleConnectionException();
        }
        throw new InvalidResponseException(_stage switch
        {
            Stage.Head => "the connection closed in the middle of the header",
            Stage.Body => "the connection closed in the middle of the body",
            _ => "the connection closed in the middle of a chunked body",
        });
    }

    /// <summary>Finds <paramref name="delimiter"/> in the unread bytes; the index just past it, or null for now.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int? FindThrough(byte[] delimiter)
    {
        var index = _buffer.AsSpan(_start + _scanned, _end - _start - _scanned).IndexOf(delimiter);
        if (index < 0)
        {
            // The delimiter may straddle what was read and what comes next.
            _scanned = Math.Max(0, _end - _start - delimiter.Length + 1);
            return null;
        }
        var through = _start + _scanned + index + delimiter.Length;
        _scanned = 0;
        return through;
    }

    private static long ParseChunkSize(ReadOnlySpan<byte> line)
    {
        var extension = line.IndexOf((byte)';');
        if (extension >= 0)
        {
            line = line[..extension];
        }
        line = line.Trim((byte)' ');
        if (!Utf8Parser.TryParse(line, out long size, out var consumed, 'x') || consumed != line.Length || size < 0)
        {
            throw new InvalidResponseException("a chunk size is not hexadecimal");
        }
        return size;
    }

    private readonly record struct ResponseHead(int Status, long? ContentLength, bool Chunked, bool KeepAlive);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ResponseHead ParseHead(ReadOnlySpan<byte> head)
    {
        var lineEnd = head.IndexOf("\r\n"u8);
        var statusLine = head[..lineEnd];
        // "HTTP/1.1 200 OK": the version, one space, three digits.
        if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8) || statusLine[8] != (byte)' '
            || !Utf8Parser.TryParse(statusLine.Slice(9, 3), out int status, out var consumed) || consumed != 3
            || (statusLine.Length > 12 && statusLine[12] != (byte)' '))
        {
            throw new InvalidResponseException($"not an HTTP/1.x status line: '{Printable(statusLine)}'");
        }
        var http10 = statusLine[7] == (byte)'0';
        var keepAlive = !http10;
        long? contentLength = null;
        var chunked = false;
        var rest = head[(lineEnd + 2)..];
        while (true)
        {
            var end = rest.IndexOf("\r\n"u8);
            if (end <= 0)
            {
                break;
            }
            var line = rest[..end];
            rest = rest[(end + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                throw new InvalidResponseException($"not a header line: '{Printable(line)}'");
            }
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ').Trim((byte)'\t');
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                if (!Utf8Parser.TryParse(value, out long length, out var used) || used != value.Length || length < 0)
                {
                    throw new InvalidResponseException($"Content-Length '{Printable(value)}' is not a number");
                }
                contentLength = length;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                chunked = ContainsToken(value, "chunked"u8);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                if (ContainsToken(value, "close"u8))
                {
                    keepAlive = false;
                }
                else if (ContainsToken(value, "keep-alive"u8))
                {
                    keepAlive = true;
                }
            }
        }
        return new ResponseHead(status, contentLength, chunked, keepAlive);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ContainsToken(ReadOnlySpan<byte> value, ReadOnlySpan<byte> token)
    {
        foreach (var range in value.Split((byte)','))
        {
            if (Ascii.EqualsIgnoreCase(value[range].Trim((byte)' '), token))
            {
                return true;
            }
        }
        return false;
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, 80)]);
        return new string(text.Select(c => c < ' ' || c >= 0x7f ? '?' : c).ToArray());
    }
}

/// <summary>The server closed a connection before answering (idle keep-alive timeout, restart).</summary>
internal sealed class StaleConnectionException : Exception
{
    public StaleConnectionException()
        : base("the server closed the connection before answering")
    {
    }
}

internal sealed class InvalidResponseException(string message) : Exception(message);
