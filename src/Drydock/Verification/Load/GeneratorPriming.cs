using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Drydock.Verification.Load;

/// <summary>
/// Compiles the generator's hot path before the first measured request. A cold process pays 100 ms or more of JIT
/// and socket-engine start-up on its first requests, which would show as a latency spike in the service's numbers.
/// So, once per process, the generator talks to a throwaway in-process server on 127.0.0.1 (never to the target):
/// each answer framing once, recorded into a throwaway recorder.
/// </summary>
internal static class GeneratorPriming
{
    private static readonly byte[][] Answers =
    [
        Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"),
        Encoding.ASCII.GetBytes("HTTP/1.1 500 Oops\r\nTransfer-Encoding: chunked\r\n\r\n2;x=1\r\nok\r\n0\r\n\r\n"),
        Encoding.ASCII.GetBytes("HTTP/1.1 404 Missing\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n"),
    ];

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static bool s_primed;

    public static async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref s_primed))
        {
            return;
        }
        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!s_primed)
            {
                await PrimeAsync(cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref s_primed, true);
            }
        }
        catch (Exception error) when (error is SocketException or IOException or TimeoutException)
        {
            // Priming only saves start-up time; a machine where it cannot listen still runs load.
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task PrimeAsync(CancellationToken cancellationToken)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var endPoint = (IPEndPoint)listener.LocalEndPoint!;
        var server = ServeAsync(listener, cancellationToken);

        var target = LoadTarget.Create(new LoadOptions { Target = new Uri($"http://127.0.0.1:{endPoint.Port}/") });
        var recorder = new LoadRecorder(Stopwatch.GetTimestamp());
        using (var connection = new HttpConnection(endPoint))
        {
            await connection.PreconnectAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            foreach (var _ in Answers)
            {
                recorder.CountSent();
                var exchange = await connection.SendAsync(target, Stopwatch.Frequency * 5).ConfigureAwait(false);
                recorder.Record(exchange, exchange.SentAt);
            }
        }
        recorder.Finish(Stopwatch.GetTimestamp());
        await server.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
    }

    private static async Task ServeAsync(Socket listener, CancellationToken cancellationToken)
    {
        using var peer = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[4096];
        foreach (var answer in Answers)
        {
            // Each request is one small head; wait for its end before answering.
            var received = 0;
            while (buffer.AsSpan(0, received).IndexOf("\r\n\r\n"u8) < 0)
            {
                var read = await peer.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }
                received += read;
            }
            await peer.SendAsync(answer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
    }
}
