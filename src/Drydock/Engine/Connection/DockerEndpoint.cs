namespace Drydock.Engine;

public enum EndpointKind
{
    Unix,
    Tcp,
}

/// <summary>
/// Where the engine listens, how to secure the connection, and where that came from (DOCKER_HOST, a docker
/// context, or the default socket). <see cref="Resolve"/> follows the docker CLI's precedence.
/// </summary>
public sealed record DockerEndpoint(EndpointKind Kind, string Address, string Source)
{
    public const string DefaultSocket = "/var/run/docker.sock";

    /// <summary>The docker CLI's default when TLS is on and DOCKER_HOST is unset.</summary>
    public const string DefaultTlsHost = "tcp://localhost:2376";

    /// <summary>For <see cref="EndpointKind.Unix"/>: the socket path. For TCP: <c>host:port</c>.</summary>
    public string Address { get; } = Address;

    /// <summary>TLS material for a TCP endpoint; null for plain HTTP (and always for unix sockets).</summary>
    public EndpointTls? Tls { get; init; }

    /// <summary>The docker context this endpoint came from, or null for DOCKER_HOST and the default.</summary>
    public string? ContextName { get; init; }

    public string Uri => Kind == EndpointKind.Unix ? $"unix://{Address}" : $"tcp://{Address}";

    /// <summary>
    /// The endpoint the docker CLI would use: DOCKER_HOST, else DOCKER_CONTEXT, else config.json's
    /// <c>currentContext</c>, else the default socket (or <see cref="DefaultTlsHost"/> when DOCKER_TLS_VERIFY is set).
    /// </summary>
    public static DockerEndpoint Resolve(Func<string, string?> getEnvironmentVariable) => EndpointResolver.Resolve(getEnvironmentVariable);

    public static DockerEndpoint Parse(string value, string source)
    {
        if (value.StartsWith("unix://", StringComparison.OrdinalIgnoreCase))
        {
            var path = value["unix://".Length..];
            if (path.Length == 0)
            {
                throw new DrydockException($"{source}={value} names no socket path.", null, "Use the form unix:///var/run/docker.sock.");
            }
            return new DockerEndpoint(EndpointKind.Unix, path, source);
        }
        if (value.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var rest = value[(value.IndexOf("://", StringComparison.Ordinal) + 3)..].TrimEnd('/');
            if (rest.Length == 0)
            {
                throw new DrydockException($"{source}={value} names no host.", null, "Use the form tcp://127.0.0.1:2375.");
            }
            // The docker CLI defaults the port to 2375 whether or not TLS is on.
            if (!rest.Contains(':', StringComparison.Ordinal) || rest.EndsWith(']'))
            {
                rest += ":2375";
            }
            return new DockerEndpoint(EndpointKind.Tcp, rest, source);
        }
        if (value.StartsWith('/'))
        {
            return new DockerEndpoint(EndpointKind.Unix, value, source);
        }
        var scheme = value.Contains("://", StringComparison.Ordinal) ? value[..value.IndexOf("://", StringComparison.Ordinal)] : value;
        throw new DrydockException($"{source}={value} uses an unsupported scheme '{scheme}'.", null, "Drydock speaks to engines over unix:// sockets and tcp:// addresses.");
    }
}

/// <summary>
/// TLS settings for a TCP endpoint, as PEM files: the CA that signs the engine's certificate and the client
/// certificate and key the engine asks for. Any may be absent (the system trust store, no client certificate).
/// </summary>
public sealed record EndpointTls(string? CaFile, string? CertificateFile, string? KeyFile, bool VerifyServer)
{
    /// <summary>Where these files came from, for error messages (e.g. "DOCKER_CERT_PATH=/certs").</summary>
    public string Origin { get; init; } = "DOCKER_CERT_PATH";
}
