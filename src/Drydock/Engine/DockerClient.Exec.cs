using System.Buffers;
using System.Diagnostics;
using System.Net.Sockets;

namespace Drydock.Engine;

/// <summary>Running commands in containers: create, start on a hijacked connection, read, inspect the exit code.</summary>
public sealed partial class DockerClient
{
    /// <summary>
    /// Runs a command in a running container and collects its output and exit code, within
    /// <see cref="ExecOptions.Timeout"/>. A timeout is a result (<see cref="ExecResult.TimedOut"/>), not an
    /// exception; cancellation of <paramref name="cancellationToken"/> is an exception.
    /// A container that is not running is a <see cref="EngineErrorKind.Conflict"/>.
    /// </summary>
    public async Task<ExecResult> ExecAsync(string containerIdOrName, ExecOptions options, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(options.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var standardOutput = new CappedOutput(options.MaxOutputBytes);
        var standardError = new CappedOutput(options.MaxOutputBytes);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            var execId = await CreateExecAsync(containerIdOrName, options, linked.Token).ConfigureAwait(false);
            await using var session = await StartExecAsync(execId, options.Tty, linked.Token).ConfigureAwait(false);
            var input = options.StandardInput is { } data ? WriteInputAsync(session, data, linked.Token) : Task.CompletedTask;
            while (true)
            {
                var chunk = await session.ReadAsync(buffer, linked.Token).ConfigureAwait(false);
                if (chunk.Count == 0)
                {
                    break;
                }
                (chunk.Kind == DockerStreamKind.StandardOutput ? standardOutput : standardError).Append(buffer.AsSpan(0, chunk.Count));
            }
            await input.ConfigureAwait(false);
            var exitCode = await WaitForExecExitAsync(execId, linked.Token).ConfigureAwait(false);
            return new ExecResult(exitCode, standardOutput.Text(), standardError.Text(), false, standardOutput.Truncated || standardError.Truncated, stopwatch.Elapsed);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new ExecResult(null, standardOutput.Text(), standardError.Text(), true, standardOutput.Truncated || standardError.Truncated, stopwatch.Elapsed);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Creates an exec instance (not started) and returns its id.</summary>
    public async Task<string> CreateExecAsync(string containerIdOrName, ExecOptions options, CancellationToken cancellationToken)
    {
        var request = new ExecCreateRequest
        {
            AttachStdin = options.StandardInput is not null,
            AttachStdout = true,
            AttachStderr = true,
            Tty = options.Tty,
            Cmd = [.. options.Command],
            Env = options.Environment is { Count: > 0 } environment ? [.. environment] : null,
            User = options.User,
            WorkingDir = options.WorkingDirectory,
        };
        var path = $"containers/{EngineQuery.Segment(containerIdOrName)}/exec";
        using var response = await SendAsync(HttpMethod.Post, path, JsonBody(request, EngineJsonContext.Default.ExecCreateRequest), cancellationToken).ConfigureAwait(false);
        return (await ReadJsonAsync(response, path, EngineJsonContext.Default.CreateResponse, cancellationToken).ConfigureAwait(false)).Id;
    }

    /// <summary>
    /// Starts an exec instance on a hijacked connection (HTTP upgrade): the session reads its output, demultiplexed
    /// unless <paramref name="tty"/>, and writes its input. Dispose it to close the connection.
    /// </summary>
    public async Task<ExecSession> StartExecAsync(string execId, bool tty, CancellationToken cancellationToken)
    {
        var body = JsonBody(new ExecStartRequest { Detach = false, Tty = tty }, EngineJsonContext.Default.ExecStartRequest);
        var response = await SendStreamingAsync(HttpMethod.Post, $"exec/{EngineQuery.Segment(execId)}/start", body, cancellationToken, upgrade: true).ConfigureAwait(false);
        try
        {
            var connection = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            Socket? socket = null;
            response.RequestMessage?.Options.TryGetValue(EngineTransport.ConnectionSocket, out socket);
            return new ExecSession(execId, response, connection, socket, tty);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Whether the command still runs, and its exit code once it has stopped.</summary>
    public Task<ExecDetails> InspectExecAsync(string execId, CancellationToken cancellationToken) =>
        GetJsonAsync($"exec/{EngineQuery.Segment(execId)}/json", EngineJsonContext.Default.ExecDetails, cancellationToken);

    /// <summary>The output ends a moment before the engine records the exit; ask until it has.</summary>
    private async Task<int?> WaitForExecExitAsync(string execId, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            var details = await InspectExecAsync(execId, cancellationToken).ConfigureAwait(false);
            if (!details.Running)
            {
                return details.ExitCode;
            }
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMilliseconds(100).Ticks));
        }
    }

    private static async Task WriteInputAsync(ExecSession session, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        try
        {
            await session.WriteInputAsync(data, cancellationToken).ConfigureAwait(false);
            session.CloseInput();
        }
        catch (IOException)
        {
            // The command exited without reading all of its input: its output and exit code say what happened.
        }
    }

    /// <summary>Keeps the first bytes of a stream and counts the rest.</summary>
    private sealed class CappedOutput(int limit)
    {
        private readonly ArrayBufferWriter<byte> _bytes = new();

        public bool Truncated { get; private set; }

        public void Append(ReadOnlySpan<byte> data)
        {
            var room = limit - _bytes.WrittenCount;
            if (data.Length > room)
            {
                data = data[..Math.Max(room, 0)];
                Truncated = true;
            }
            _bytes.Write(data);
        }

        public string Text() => System.Text.Encoding.UTF8.GetString(_bytes.WrittenSpan);
    }
}

/// <summary>
/// A started exec instance on its hijacked connection: output (demultiplexed unless it has a TTY) and input.
/// Dispose it to close the connection; the command itself keeps running until it ends on its own.
/// </summary>
public sealed class ExecSession : IAsyncDisposable, IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly Stream _connection;
    private readonly Socket? _socket;
    private readonly MultiplexedStreamReader _reader;

    internal ExecSession(string execId, HttpResponseMessage response, Stream connection, Socket? socket, bool tty)
    {
        ExecId = execId;
        _response = response;
        _connection = connection;
        _socket = socket;
        _reader = new MultiplexedStreamReader(connection, multiplexed: !tty);
    }

    public string ExecId { get; }

    /// <summary>Reads the next piece of output; a count of 0 means the command closed its output (it has usually exited).</summary>
    public ValueTask<OutputChunk> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        _reader.ReadAsync(buffer, cancellationToken);

    /// <summary>Writes to the command's standard input (the exec must have been created with input attached).</summary>
    public async ValueTask WriteInputAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await _connection.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        await _connection.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes standard input (half-closes the connection), so the command reads end-of-file; output keeps flowing.</summary>
    public void CloseInput()
    {
        if (_socket is null)
        {
            throw new InvalidOperationException("The connection under this exec session is not known, so its input cannot be closed.");
        }
        _socket.Shutdown(SocketShutdown.Send);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        _connection.Dispose();
        _response.Dispose();
    }
}
