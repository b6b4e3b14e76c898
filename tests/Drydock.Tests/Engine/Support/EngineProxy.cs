using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Drydock.Engine;

namespace Drydock.Tests.Engine.Support;

/// <summary>
/// A listener on 127.0.0.1 that forwards every connection to the engine's unix socket, optionally behind TLS
/// with client-certificate authentication, as dockerd's own <c>--tlsverify</c> listener does. It lets the tests
/// drive the real engine over tcp:// and TLS without a second dockerd. Half-closes are forwarded, so hijacked
/// exec streams behave as they do against dockerd.
/// </summary>
public sealed class EngineProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly string _engineSocket;
    private readonly X509Certificate2? _serverCertificate;
    private readonly X509Certificate2Collection? _trustedClientCa;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private int _accepted;
    private int _authenticated;

    private EngineProxy(DockerEndpoint engine, X509Certificate2? serverCertificate, X509Certificate2Collection? trustedClientCa)
    {
        if (engine.Kind != EndpointKind.Unix)
        {
            throw new InvalidOperationException($"The test proxy forwards to a unix socket; the engine is at {engine.Uri}.");
        }
        _engineSocket = engine.Address;
        _serverCertificate = serverCertificate;
        _trustedClientCa = trustedClientCa;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections accepted (whether or not their handshake succeeded).</summary>
    public int AcceptedConnections => Volatile.Read(ref _accepted);

    /// <summary>Connections that passed the TLS handshake (all connections, without TLS).</summary>
    public int AuthenticatedConnections => Volatile.Read(ref _authenticated);

    /// <summary>Plain HTTP on tcp://127.0.0.1:port.</summary>
    public static EngineProxy StartPlain(DockerEndpoint engine) => new(engine, null, null);

    /// <summary>TLS with the given server certificate; client certificates must chain to <paramref name="clientCaFile"/>.</summary>
    public static EngineProxy StartTls(DockerEndpoint engine, string certificateFile, string keyFile, string clientCaFile)
    {
        var trusted = new X509Certificate2Collection();
        trusted.ImportFromPemFile(clientCaFile);
        return new EngineProxy(engine, X509Certificate2.CreateFromPemFile(certificateFile, keyFile), trusted);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }
        _serverCertificate?.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            Interlocked.Increment(ref _accepted);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var connection = client;
        Stream clientStream = client.GetStream();
        try
        {
            if (_serverCertificate is not null)
            {
                var tls = new SslStream(clientStream, leaveInnerStreamOpen: false);
                clientStream = tls;
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = _serverCertificate,
                    ClientCertificateRequired = true,
                    RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && IsTrustedClient(certificate),
                }, _stop.Token);
            }
            Interlocked.Increment(ref _authenticated);
            using var engine = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await engine.ConnectAsync(new UnixDomainSocketEndPoint(_engineSocket), _stop.Token);
            await using var engineStream = new NetworkStream(engine, ownsSocket: false);
            // The client's end of input becomes the engine's (a hijacked exec reads EOF on stdin); the engine's
            // end of output ends the connection.
            _ = PumpAsync(clientStream, engineStream, () => engine.Shutdown(SocketShutdown.Send));
            await PumpAsync(engineStream, clientStream, () => { });
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            // A refused handshake or a dropped connection ends this connection only.
        }
        finally
        {
            await clientStream.DisposeAsync();
        }
    }

    private bool IsTrustedClient(X509Certificate certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(_trustedClientCa!);
        using var client = new X509Certificate2(certificate);
        return chain.Build(client);
    }

    private async Task PumpAsync(Stream from, Stream to, Action atEnd)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                await to.FlushAsync(_stop.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
        {
        }
        finally
        {
            try
            {
                atEnd();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }
        }
    }
}
