using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Drydock.Verification.Load;

/// <summary>What went wrong with one request, if anything. Status codes are judged by the caller.</summary>
public enum TransportError
{
    None,
    /// <summary>The TCP connection could not be opened (refused, unreachable).</summary>
    Connect,
    /// <summary>The request could not be written (the peer reset or closed the connection).</summary>
    Write,
    /// <summary>The answer could not be read: reset, closed early, or not valid HTTP/1.x.</summary>
    Read,
    /// <summary>No complete answer within the request timeout.</summary>
    Timeout,
}

/// <summary>The outcome of one request on an <see cref="HttpConnection"/>; timestamps are <see cref="Stopwatch"/> ticks.</summary>
internal readonly record struct Exchange(
    int Status,
    TransportError Error,
    long SentAt,
    long FirstByteAt,
    long CompletedAt,
    long BytesSent,
    long BytesReceived,
    string? ErrorDetail);

/// <summary>
/// One HTTP/1.1 keep-alive client connection on a raw socket: writes a prebuilt request, reads the answer's status
/// and framing (Content-Length, chunked, or until close) and discards the body, with no per-request allocation.
/// One request at a time. A reused connection the server had already closed is reopened and the request sent once
/// more, as browsers and HTTP clients do, so idle-timeout closes are not counted as errors.
/// </summary>
internal sealed class HttpConnection : IDisposable
{
    private const int InitialBufferSize = 16 * 1024;
    private const int MaxHeaderBytes = 64 * 1024;
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] LineEnd = "\r\n"u8.ToArray();

    private readonly IPEndPoint _endPoint;
    private byte[] _buffer = new byte[InitialBufferSize];
    private int _readStart;
    private int _readEnd;
    private Socket? _socket;
    private long _deadline;
    private int _timedOut;
    private long _received;
    private long _firstByteAt;
    private bool _disposed;

    public HttpConnection(IPEndPoint endPoint) => _endPoint = endPoint;

    /// <summary>Connections (re)opened successfully, including the first.</summary>
    public int Connects { get; private set; }

    /// <summary>
    /// Closes the socket if the request in flight is past its deadline (called by the run's watchdog thread);
    /// the pending read or write then fails and the request is counted as a timeout.
    /// </summary>
    public void ExpireIfOverdue(long now)
    {
        var deadline = Volatile.Read(ref _deadline);
        if (deadline != 0 && now > deadline && Interlocked.CompareExchange(ref _deadline, 0, deadline) == deadline)
        {
            Volatile.Write(ref _timedOut, 1);
            Volatile.Read(ref _socket)?.Dispose();
        }
    }

    /// <summary>Aborts whatever is in flight (cancellation): the pending operation fails at once.</summary>
    public void Abort()
    {
        _disposed = true;
        Volatile.Read(ref _socket)?.Dispose();
    }

    public void Dispose() => Abort();

    public async ValueTask<Exchange> SendAsync(LoadTarget target, long timeoutTicks)
    {
        var sentAt = Stopwatch.GetTimestamp();
        _received = 0;
        _firstByteAt = 0;
        Volatile.Write(ref _timedOut, 0);
        Volatile.Write(ref _deadline, sentAt + timeoutTicks);
        var request = target.RequestBytes;
        for (var attempt = 0; ; attempt++)
        {
            var fresh = false;
            try
            {
                if (_socket is null)
                {
                    if (_disposed)
                    {
                        return Failed(TransportError.Connect, sentAt, "the run was stopped");
                    }
                    fresh = true;
                    await ConnectAsync().ConfigureAwait(false);
                }
            }
            catch (Exception error) when (error is SocketException or ObjectDisposedException)
            {
                Close();
                return Failed(TimedOut ? TransportError.Timeout : TransportError.Connect, sentAt, Describe(error));
            }

            try
            {
                var sent = 0;
                while (sent < request.Length)
                {
                    sent += await _socket!.SendAsync(request[sent..], SocketFlags.None).ConfigureAwait(false);
                }
            }
            catch (Exception error) when (error is SocketException or ObjectDisposedException)
            {
                Close();
                if (!fresh && attempt == 0 && !TimedOut && !_disposed)
                {
                    continue;
                }
                return Failed(TimedOut ? TransportError.Timeout : TransportError.Write, sentAt, Describe(error));
            }

            try
            {
                var (status, keepAlive) = await ReadResponseAsync(target.IsHead).ConfigureAwait(false);
                var completedAt = Stopwatch.GetTimestamp();
                if (Interlocked.Exchange(ref _deadline, 0) == 0 && TimedOut)
                {
                    Close();
                    return Failed(TransportError.Timeout, sentAt, "no complete answer within the request timeout");
                }
                if (!keepAlive)
                {
                    Close();
                }
                return new Exchange(status, TransportError.None, sentAt, _firstByteAt, completedAt, request.Length, _received, null);
            }
            catch (Exception error) when ((error is StaleConnectionException || (error is SocketException && _received == 0))
                                          && !fresh && attempt == 0 && !TimedOut && !_disposed)
            {
                // A kept-alive connection the server had closed or reset before this request: reopen it once.
                Close();
            }
            catch (Exception error) when (error is SocketException or ObjectDisposedException or StaleConnectionException or InvalidResponseException)
            {
                Close();
                return Failed(TimedOut ? TransportError.Timeout : TransportError.Read, sentAt, Describe(error));
            }
        }
    }

    /// <summary>
    /// Opens the connection ahead of the first request, so the measured window does not pay for it (as wrk and k6
    /// keep connecting out of the request's duration). A failure is left for the first request to meet and count.
    /// </summary>
    public async Task PreconnectAsync(TimeSpan timeout)
    {
        if (_socket is not null || _disposed)
        {
            return;
        }
        try
        {
            await ConnectAsync().WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException or TimeoutException)
        {
            Close();
        }
    }

    private bool TimedOut => Volatile.Read(ref _timedOut) == 1;

    private async Task ConnectAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Volatile.Write(ref _socket, socket);
        _readStart = _readEnd = 0;
        await socket.ConnectAsync(_endPoint).ConfigureAwait(false);
        Connects++;
    }

    private void Close()
    {
        Interlocked.Exchange(ref _socket, null)?.Dispose();
        _readStart = _readEnd = 0;
    }

    private Exchange Failed(TransportError error, long sentAt, string detail)
    {
        Volatile.Write(ref _deadline, 0);
        return new Exchange(0, error, sentAt, _firstByteAt, Stopwatch.GetTimestamp(), 0, _received, detail);
    }

    private string Describe(Exception error) => TimedOut ? "no complete answer within the request timeout" : error switch
    {
        SocketException socket => $"{socket.SocketErrorCode}: {socket.Message}",
        ObjectDisposedException => "the connection was closed",
        _ => error.Message,
    };

    /// <summary>Reads one whole answer (skipping 1xx interim ones); returns its status and whether the connection stays open.</summary>
    private async ValueTask<(int Status, bool KeepAlive)> ReadResponseAsync(bool isHead)
    {
        while (true)
        {
            var headerEnd = await ReadHeadAsync().ConfigureAwait(false);
            var head = ParseHead(_buffer.AsSpan(_readStart, headerEnd - _readStart));
            _readStart = headerEnd;
            if (head.Status is >= 100 and < 200 && head.Status != 101)
            {
                continue;
            }
            if (isHead || head.Status is 204 or 304 || head.Status < 200)
            {
                return (head.Status, head.KeepAlive);
            }
            if (head.Chunked)
            {
                await SkipChunkedBodyAsync().ConfigureAwait(false);
                return (head.Status, head.KeepAlive);
            }
            if (head.ContentLength is { } length)
            {
                await SkipAsync(length).ConfigureAwait(false);
                return (head.Status, head.KeepAlive);
            }
            // Neither length nor chunks: the body runs until the server closes the connection.
            while (await FillAsync(allowEndOfStream: true).ConfigureAwait(false))
            {
                _readStart = _readEnd;
            }
            return (head.Status, false);
        }
    }

    /// <summary>Reads until the buffer holds a whole header block; returns the index just past its blank line.</summary>
    private ValueTask<int> ReadHeadAsync() => ReadThroughAsync(HeaderEnd, "the connection closed in the middle of the header");

    /// <summary>Reads until <paramref name="delimiter"/> is in the unread bytes; returns the index just past it.</summary>
    private async ValueTask<int> ReadThroughAsync(byte[] delimiter, string closedEarly)
    {
        var searchFrom = _readStart;
        while (true)
        {
            var index = _buffer.AsSpan(searchFrom, _readEnd - searchFrom).IndexOf(delimiter);
            if (index >= 0)
            {
                return searchFrom + index + delimiter.Length;
            }
            // The delimiter may straddle what was read and what comes next.
            searchFrom = Math.Max(_readStart, _readEnd - delimiter.Length + 1);
            var before = _readStart;
            if (!await FillAsync(allowEndOfStream: false).ConfigureAwait(false))
            {
                throw new InvalidResponseException(closedEarly);
            }
            searchFrom -= before - _readStart;
        }
    }

    private async ValueTask SkipAsync(long length)
    {
        while (true)
        {
            var available = _readEnd - _readStart;
            if (available >= length)
            {
                _readStart += (int)length;
                return;
            }
            length -= available;
            _readStart = _readEnd;
            if (!await FillAsync(allowEndOfStream: false).ConfigureAwait(false))
            {
                throw new InvalidResponseException("the connection closed in the middle of the body");
            }
        }
    }

    private async ValueTask SkipChunkedBodyAsync()
    {
        while (true)
        {
            var lineEnd = await ReadLineAsync().ConfigureAwait(false);
            var line = _buffer.AsSpan(_readStart, lineEnd - _readStart - 2);
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
            _readStart = lineEnd;
            if (size == 0)
            {
                // Trailer fields, then the blank line that ends the message.
                while (true)
                {
                    lineEnd = await ReadLineAsync().ConfigureAwait(false);
                    var empty = lineEnd - _readStart == 2;
                    _readStart = lineEnd;
                    if (empty)
                    {
                        return;
                    }
                }
            }
            await SkipAsync(size + 2).ConfigureAwait(false);
        }
    }

    private ValueTask<int> ReadLineAsync() => ReadThroughAsync(LineEnd, "the connection closed in the middle of a chunked body");

    /// <summary>Reads more bytes after <see cref="_readEnd"/>, compacting or growing the buffer; false at end of stream.</summary>
    private async ValueTask<bool> FillAsync(bool allowEndOfStream)
    {
        if (_readStart == _readEnd)
        {
            _readStart = _readEnd = 0;
        }
        else if (_readEnd == _buffer.Length)
        {
            var unread = _readEnd - _readStart;
            if (_readStart == 0)
            {
                if (_buffer.Length >= MaxHeaderBytes)
                {
                    throw new InvalidResponseException($"a header block or chunk line is longer than {MaxHeaderBytes / 1024} KiB");
                }
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
            else
            {
                Buffer.BlockCopy(_buffer, _readStart, _buffer, 0, unread);
                _readStart = 0;
                _readEnd = unread;
            }
        }
        var read = await _socket!.ReceiveAsync(_buffer.AsMemory(_readEnd), SocketFlags.None).ConfigureAwait(false);
        if (read == 0)
        {
            if (_received == 0 && !allowEndOfStream)
            {
                throw new StaleConnectionException();
            }
            return false;
        }
        if (_received == 0)
        {
            _firstByteAt = Stopwatch.GetTimestamp();
        }
        _received += read;
        _readEnd += read;
        return true;
    }

    private readonly record struct ResponseHead(int Status, long? ContentLength, bool Chunked, bool KeepAlive);

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

    /// <summary>The server closed a connection before answering (idle keep-alive timeout, restart).</summary>
    private sealed class StaleConnectionException : Exception
    {
        public StaleConnectionException()
            : base("the server closed the connection before answering")
        {
        }
    }

    private sealed class InvalidResponseException(string message) : Exception(message);
}
