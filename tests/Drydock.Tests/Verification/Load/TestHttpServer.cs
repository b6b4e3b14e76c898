using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Drydock.Tests.Verification.Load;

/// <summary>How the test server answers one request.</summary>
internal sealed record Reply(int Status = 200, string Body = "ok", TimeSpan Delay = default)
{
    public bool Chunked { get; init; }

    /// <summary>Sends <c>Connection: close</c> and closes after the answer.</summary>
    public bool Close { get; init; }

    /// <summary>Closes after the answer without saying so (an idle keep-alive timeout, as servers do).</summary>
    public bool SilentClose { get; init; }

    /// <summary>No Content-Length, no chunks: the body ends when the connection closes.</summary>
    public bool UntilClose { get; init; }

    /// <summary>Writes the answer a few bytes at a time, so every delimiter can straddle two reads.</summary>
    public bool Trickle { get; init; }

    /// <summary>Never answers; the connection stays open.</summary>
    public bool Hang { get; init; }

    /// <summary>Awaited after the request is read and before the answer is written: a test's own barrier or condition.</summary>
    public Func<Task>? Hold { get; init; }

    public string Version { get; init; } = "HTTP/1.1";

    /// <summary>Extra header lines, e.g. <c>Content-Type</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>
    /// A body that never ends (server-sent events): after the head (no length), each part is written after its delay,
    /// then the connection stays open until the server stops. <see cref="Body"/> is ignored.
    /// </summary>
    public IReadOnlyList<(TimeSpan Delay, string Text)>? Stream { get; init; }
}

/// <summary>
/// A small HTTP/1.1 server on 127.0.0.1 built on a raw listener, so each test controls every byte, delay and close.
/// <see cref="Respond"/> receives the 1-based number of the request across all connections.
/// </summary>
internal sealed class TestHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<TcpClient> _clients = [];
    private readonly ConcurrentBag<long> _arrivals = [];
    private readonly Task _acceptLoop;
    private long _requests;
    private long _connections;
    private long _pipelined;

    public TestHttpServer(Func<long, Reply>? respond = null)
    {
        Respond = respond ?? (_ => new Reply());
        _listener.Start(1024);
        _acceptLoop = AcceptAsync();
    }

    public Func<long, Reply> Respond { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Uri Url => new($"http://127.0.0.1:{Port}");

    public long Requests => Interlocked.Read(ref _requests);

    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>
    /// Requests whose connection already carried bytes of the next request before their answer was written: a client
    /// that does not wait for each answer (pipelining) shows here.
    /// </summary>
    public long PipelinedRequests => Interlocked.Read(ref _pipelined);

    /// <summary>When the first and the last request arrived.</summary>
    public DateTime? FirstArrival { get; private set; }

    public DateTime? LastArrival { get; private set; }

    /// <summary>When each request had arrived whole (<see cref="Stopwatch"/> timestamps, in no particular order).</summary>
    public IReadOnlyList<long> Arrivals => [.. _arrivals];

    /// <summary>The head and body of the first request, as received.</summary>
    public string? FirstRequest { get; private set; }

    /// <summary>A port on 127.0.0.1 where nothing listens.</summary>
    public static int UnusedPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        try
        {
            await _acceptLoop;
        }
        catch (Exception error) when (error is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            client.NoDelay = true;
            _clients.Add(client);
            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        var stream = client.GetStream();
        var buffer = new byte[64 * 1024];
        int start = 0, end = 0;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                int headEnd;
                while ((headEnd = buffer.AsSpan(start, end - start).IndexOf("\r\n\r\n"u8)) < 0)
                {
                    if (start > 0)
                    {
                        Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                        end -= start;
                        start = 0;
                    }
                    var read = await stream.ReadAsync(buffer.AsMemory(end), _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }
                    end += read;
                }
                headEnd += start + 4;
                var head = Encoding.Latin1.GetString(buffer, start, headEnd - start);
                var contentLength = 0;
                foreach (var line in head.Split("\r\n"))
                {
                    if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    {
                        contentLength = int.Parse(line["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
                    }
                }
                while (end - headEnd < contentLength)
                {
                    var read = await stream.ReadAsync(buffer.AsMemory(end), _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }
                    end += read;
                }
                _arrivals.Add(Stopwatch.GetTimestamp());
                var number = Interlocked.Increment(ref _requests);
                LastArrival = DateTime.UtcNow;
                if (number == 1)
                {
                    FirstArrival = LastArrival;
                    FirstRequest = head + Encoding.Latin1.GetString(buffer, headEnd, contentLength);
                }
                start = headEnd + contentLength;
                if (start == end)
                {
                    start = end = 0;
                }

                var reply = Respond(number);
                if (reply.Hang)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }
                if (reply.Hold is { } hold)
                {
                    await hold().WaitAsync(_stop.Token);
                }
                if (reply.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(reply.Delay, _stop.Token);
                }
                if (start < end || client.Available > 0)
                {
                    Interlocked.Increment(ref _pipelined);
                }
                var answer = Encode(reply, head.StartsWith("HEAD ", StringComparison.Ordinal));
                if (reply.Stream is { } parts)
                {
                    await stream.WriteAsync(Encode(reply with { Body = "", UntilClose = true }, head: false), _stop.Token);
                    foreach (var (delay, text) in parts)
                    {
                        await Task.Delay(delay, _stop.Token);
                        await stream.WriteAsync(Encoding.UTF8.GetBytes(text), _stop.Token);
                        await stream.FlushAsync(_stop.Token);
                    }
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }
                if (reply.Trickle)
                {
                    for (var offset = 0; offset < answer.Length; offset += 3)
                    {
                        await stream.WriteAsync(answer.AsMemory(offset, Math.Min(3, answer.Length - offset)), _stop.Token);
                        await stream.FlushAsync(_stop.Token);
                        await Task.Delay(1, _stop.Token);
                    }
                }
                else
                {
                    await stream.WriteAsync(answer, _stop.Token);
                }
                if (reply.Close || reply.SilentClose || reply.UntilClose)
                {
                    return;
                }
            }
        }
        catch (Exception error) when (error is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The client went away or the server stopped.
        }
        finally
        {
            client.Dispose();
        }
    }

    private static byte[] Encode(Reply reply, bool head)
    {
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"{reply.Version} {reply.Status} Status\r\nServer: test\r\n");
        foreach (var (name, value) in reply.Headers)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }
        if (reply.Close)
        {
            builder.Append("Connection: close\r\n");
        }
        if (reply.Chunked)
        {
            builder.Append("Transfer-Encoding: chunked\r\n\r\n");
            // Two chunks (one with an extension), then trailers.
            var half = reply.Body.Length / 2;
            foreach (var chunk in new[] { reply.Body[..half], reply.Body[half..] })
            {
                if (chunk.Length > 0)
                {
                    builder.Append(CultureInfo.InvariantCulture, $"{chunk.Length:x};ext=1\r\n{chunk}\r\n");
                }
            }
            builder.Append("0\r\nX-Trailer: yes\r\n\r\n");
        }
        else if (reply.UntilClose)
        {
            builder.Append("\r\n").Append(reply.Body);
        }
        else
        {
            builder.Append(CultureInfo.InvariantCulture, $"Content-Length: {Encoding.UTF8.GetByteCount(reply.Body)}\r\n\r\n");
            if (!head)
            {
                builder.Append(reply.Body);
            }
        }
        return Encoding.UTF8.GetBytes(builder.ToString());
    }
}
