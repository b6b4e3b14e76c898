using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Drydock.Files;

namespace Drydock.Engine;

/// <summary>
/// Builds the HTTP handlers for an endpoint: unix socket or TCP, with TLS when the endpoint has it. Every
/// connection is opened by our own callback, which records its socket on the request that opened it, so a
/// hijacked exec stream can half-close its input (shutdown(SHUT_WR)) as the docker CLI does.
/// </summary>
internal static class EngineTransport
{
    /// <summary>The socket of the connection a request opened (only set on the request that opened it).</summary>
    public static readonly HttpRequestOptionsKey<Socket> ConnectionSocket = new("drydock.engine.socket");

    public static Uri BaseAddress(DockerEndpoint endpoint) => endpoint.Kind switch
    {
        // The host name is ignored by the engine on a unix socket, but HTTP needs one.
        EndpointKind.Unix => new Uri("http://docker/"),
        _ => new Uri($"{(endpoint.Tls is null ? "http" : "https")}://{endpoint.Address}/"),
    };

    /// <param name="endpoint">The engine to connect to.</param>
    /// <param name="pooled">False for hijacked requests: each gets a fresh connection, so its socket is known.</param>
    public static SocketsHttpHandler CreateHandler(DockerEndpoint endpoint, bool pooled)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionLifetime = pooled ? Timeout.InfiniteTimeSpan : TimeSpan.Zero,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
            ConnectCallback = (context, cancellationToken) => ConnectAsync(endpoint, context, cancellationToken),
        };
        if (endpoint.Kind == EndpointKind.Tcp && endpoint.Tls is { } tls)
        {
            handler.SslOptions = ClientTlsOptions(tls);
        }
        return handler;
    }

    private static async ValueTask<Stream> ConnectAsync(DockerEndpoint endpoint, SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        Socket socket;
        EndPoint target;
        if (endpoint.Kind == EndpointKind.Unix)
        {
            socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            target = new UnixDomainSocketEndPoint(endpoint.Address);
        }
        else
        {
            // Dual-mode: connects to IPv4 and IPv6 addresses alike.
            socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            target = context.DnsEndPoint;
        }
        try
        {
            await socket.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
            context.InitialRequestMessage.Options.Set(ConnectionSocket, socket);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static SslClientAuthenticationOptions ClientTlsOptions(EndpointTls tls)
    {
        var options = new SslClientAuthenticationOptions();
        if (tls.CertificateFile is { } certificateFile && tls.KeyFile is { } keyFile)
        {
            var clientCertificate = LoadClientCertificate(certificateFile, keyFile, tls.Origin);
            options.ClientCertificates = [clientCertificate];
            // Offer our certificate whatever issuers the engine lists, as Go's client does.
            options.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate;
        }
        if (!tls.VerifyServer)
        {
            options.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (tls.CaFile is { } caFile)
        {
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(LoadCertificates(caFile, tls.Origin));
            options.CertificateChainPolicy = policy;
        }
        return options;
    }

    private static X509Certificate2Collection LoadCertificates(string caFile, string origin)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(caFile);
        }
        catch (CryptographicException ex)
        {
            throw new DrydockException($"{caFile} ({origin}) is not a PEM certificate: {ex.Message}", null, "Replace it with the PEM-encoded CA certificate that signed the engine's certificate.", ex);
        }
        if (certificates.Count == 0)
        {
            throw new DrydockException($"{caFile} ({origin}) holds no certificate.", null, "Replace it with the PEM-encoded CA certificate that signed the engine's certificate.");
        }
        return certificates;
    }

    private static X509Certificate2 LoadClientCertificate(string certificateFile, string keyFile, string origin)
    {
        string keyText;
        try
        {
            keyText = UserFiles.ReadAllText(keyFile);
        }
        catch (IOException ex)
        {
            throw new DrydockException($"{keyFile} ({origin}) cannot be read: {ex.Message}", null, "Check the file's permissions.", ex);
        }
        if (keyText.Contains("ENCRYPTED", StringComparison.Ordinal))
        {
            throw new DrydockException($"{keyFile} ({origin}) is encrypted with a passphrase.", null, $"Decrypt it once (`openssl pkey -in {keyFile} -out {keyFile}`), as the docker CLI also needs.");
        }
        try
        {
            return X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        }
        catch (CryptographicException ex)
        {
            throw new DrydockException($"{certificateFile} and {keyFile} ({origin}) are not a matching PEM certificate and key: {ex.Message}", null, "Use the cert.pem and key.pem issued together for this client.", ex);
        }
    }
}
