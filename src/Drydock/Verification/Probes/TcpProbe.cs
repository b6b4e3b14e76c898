using System.Diagnostics;
using System.Net.Sockets;
using System.Net;
using Drydock.Measurements;
using Drydock.Verification.Config;

namespace Drydock.Verification.Probes;

/// <summary>A TCP connection to a container port through its published 127.0.0.1 port.</summary>
internal static class TcpProbe
{
    private static readonly TimeSpan MaxConnectTime = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long to watch a fresh connection for an immediate close. Docker's userland proxy accepts every connection
    /// to a published port, then closes it when nothing listens in the container: an accepted connection alone proves
    /// nothing.
    /// </summary>
    private static readonly TimeSpan CloseWatch = TimeSpan.FromMilliseconds(200);

    public static async Task<ProbeAttempt> AttemptAsync(TcpProbeSpec spec, ProbeTarget target, TimeSpan remaining, CancellationToken cancellationToken)
    {
        if (!ProbeText.TryPublishedPort(target, spec.Port, out var hostPort, out var containerPort, out var failure))
        {
            return failure!;
        }
        var endpoint = $"127.0.0.1:{hostPort} (container port {containerPort})";
        var connectTime = remaining < MaxConnectTime ? remaining : MaxConnectTime;
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(connectTime);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, hostPort), timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeAttempt.Fail($"expected {endpoint} to accept a connection, none within {Units.Format(connectTime.TotalSeconds, Unit.Seconds)}");
        }
        catch (SocketException ex)
        {
            return ProbeAttempt.Fail($"expected {endpoint} to accept a connection, got: {ex.Message}");
        }
        var connectedMs = stopwatch.Elapsed.TotalMilliseconds;
        if (await ClosedAtOnceAsync(socket, cancellationToken).ConfigureAwait(false))
        {
            return ProbeAttempt.Fail($"expected {endpoint} to accept a connection, but it was closed at once (nothing listens on container port {containerPort})");
        }
        return ProbeAttempt.Pass($"connected to {endpoint} in {ProbeText.Milliseconds(connectedMs)}");
    }

    /// <summary>True when the peer closes (or resets) the connection within <see cref="CloseWatch"/> without sending anything.</summary>
    private static async Task<bool> ClosedAtOnceAsync(Socket socket, CancellationToken cancellationToken)
    {
        using var watch = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        watch.CancelAfter(CloseWatch);
        var buffer = new byte[1];
        try
        {
            // Data (a greeting) means a server answered; silence means one waits for the client; end of stream means nobody is there.
            return await socket.ReceiveAsync(buffer, SocketFlags.None, watch.Token).ConfigureAwait(false) == 0;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }
}
