using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

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
    private readonly IPEndPoint _endPoint;
    private readonly ResponseReader _reader = new();
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
        _reader.Clear();
        await socket.ConnectAsync(_endPoint).ConfigureAwait(false);
        Connects++;
    }

    private void Close()
    {
        Interlocked.Exchange(ref _socket, null)?.Dispose();
        _reader.Clear();
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
        _reader.Begin(isHead);
        while (!_reader.Advance())
        {
            var read = await _socket!.ReceiveAsync(_reader.FreeSpace(), SocketFlags.None).ConfigureAwait(false);
            if (read == 0)
            {
                _reader.EndOfStream(nothingReceived: _received == 0);
                break;
            }
            if (_received == 0)
            {
                _firstByteAt = Stopwatch.GetTimestamp();
            }
            _received += read;
            _reader.Commit(read);
        }
        return (_reader.Status, _reader.KeepAlive);
    }
}
