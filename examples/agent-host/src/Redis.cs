using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Notes;

public sealed record RedisOptions(string Host, int Port, string? Password, TimeSpan Timeout)
{
    public static RedisOptions FromEnvironment() => new(
        Environment.GetEnvironmentVariable("REDIS_HOST") is { Length: > 0 } host ? host : "redis",
        int.TryParse(Environment.GetEnvironmentVariable("REDIS_PORT"), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : 6379,
        Environment.GetEnvironmentVariable("REDIS_PASSWORD") is { Length: > 0 } password ? password : null,
        TimeSpan.FromSeconds(2));
}

public sealed class RedisUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A reply in the RESP2 protocol: simple string, error, integer, bulk string or array (null when absent).</summary>
public sealed record RespValue(char Kind, string? Text, long Integer, IReadOnlyList<RespValue>? Items)
{
    public bool IsNull => Kind is '$' or '*' && Text is null && Items is null;
}

/// <summary>
/// One connection to Redis speaking RESP2, used one command at a time. It reconnects after a failure, so the
/// service recovers on its own when Redis restarts.
/// </summary>
public sealed class RedisConnection(RedisOptions options, ILogger<RedisConnection> logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TcpClient? _client;
    private NetworkStream? _socket;
    private BufferedStream? _reader;

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        var reply = await ExecuteAsync(cancellationToken, "PING");
        if (reply.Text != "PONG")
        {
            throw new RedisUnavailableException($"unexpected PING reply '{reply.Text}'");
        }
    }

    public async Task<RespValue> ExecuteAsync(CancellationToken cancellationToken, params string[] command)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // One retry on a fresh connection: a connection that died with a Redis restart fails once, then works.
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(options.Timeout);
                    var (writer, reader) = await ConnectAsync(timeout.Token);
                    await WriteCommandAsync(writer, command, timeout.Token);
                    var reply = await ReadReplyAsync(reader, timeout.Token);
                    if (reply.Kind == '-')
                    {
                        throw new InvalidOperationException($"Redis error: {reply.Text}");
                    }
                    return reply;
                }
                catch (Exception ex)
                {
                    // Whatever went wrong, the connection may hold half a reply: never reuse it.
                    Reset();
                    if (cancellationToken.IsCancellationRequested || ex is not (IOException or SocketException or OperationCanceledException))
                    {
                        throw;
                    }
                    if (attempt >= 1)
                    {
                        logger.LogWarning("Redis at {Host}:{Port} is unavailable: {Reason}", options.Host, options.Port, ex.Message);
                        throw new RedisUnavailableException($"redis unavailable: {ex.Message}", ex);
                    }
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Writes go straight to the socket; only reads are buffered (a BufferedStream cannot interleave both).</summary>
    private async Task<(NetworkStream Writer, BufferedStream Reader)> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_socket is not null && _reader is not null)
        {
            return (_socket, _reader);
        }
        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(options.Host, options.Port, cancellationToken);
        }
        catch
        {
            client.Dispose();
            throw;
        }
        _client = client;
        _socket = client.GetStream();
        _reader = new BufferedStream(_socket, 16 * 1024);
        if (options.Password is { } password)
        {
            await WriteCommandAsync(_socket, ["AUTH", password], cancellationToken);
            var reply = await ReadReplyAsync(_reader, cancellationToken);
            if (reply.Kind == '-')
            {
                Reset();
                throw new RedisUnavailableException("Redis refused the password");
            }
        }
        logger.LogInformation("Connected to Redis at {Host}:{Port}", options.Host, options.Port);
        return (_socket, _reader);
    }

    private void Reset()
    {
        _reader?.Dispose();
        _socket?.Dispose();
        _client?.Dispose();
        _reader = null;
        _socket = null;
        _client = null;
    }

    private static async Task WriteCommandAsync(Stream stream, string[] command, CancellationToken cancellationToken)
    {
        var builder = new StringBuilder();
        builder.Append('*').Append(command.Length).Append("\r\n");
        foreach (var part in command)
        {
            builder.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        }
        await stream.WriteAsync(Encoding.UTF8.GetBytes(builder.ToString()), cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    private static async Task<RespValue> ReadReplyAsync(Stream stream, CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(stream, cancellationToken);
        if (line.Length == 0)
        {
            throw new IOException("empty reply line");
        }
        var kind = line[0];
        var rest = line[1..];
        switch (kind)
        {
            case '+':
            case '-':
                return new RespValue(kind, rest, 0, null);
            case ':':
                return new RespValue(kind, rest, long.Parse(rest, CultureInfo.InvariantCulture), null);
            case '$':
            {
                var length = int.Parse(rest, CultureInfo.InvariantCulture);
                if (length < 0)
                {
                    return new RespValue(kind, null, 0, null);
                }
                var buffer = new byte[length + 2];
                await stream.ReadExactlyAsync(buffer, cancellationToken);
                return new RespValue(kind, Encoding.UTF8.GetString(buffer, 0, length), 0, null);
            }
            case '*':
            {
                var count = int.Parse(rest, CultureInfo.InvariantCulture);
                if (count < 0)
                {
                    return new RespValue(kind, null, 0, null);
                }
                var items = new RespValue[count];
                for (var i = 0; i < count; i++)
                {
                    items[i] = await ReadReplyAsync(stream, cancellationToken);
                }
                return new RespValue(kind, null, 0, items);
            }
            default:
                throw new IOException($"unexpected RESP type '{kind}'");
        }
    }

    private static async Task<string> ReadLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var bytes = new List<byte>(64);
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                throw new IOException("Redis closed the connection");
            }
            if (one[0] == '\n' && bytes.Count > 0 && bytes[^1] == '\r')
            {
                bytes.RemoveAt(bytes.Count - 1);
                return Encoding.UTF8.GetString(bytes.ToArray());
            }
            bytes.Add(one[0]);
        }
    }

    public ValueTask DisposeAsync()
    {
        Reset();
        _gate.Dispose();
        return ValueTask.CompletedTask;
    }
}
