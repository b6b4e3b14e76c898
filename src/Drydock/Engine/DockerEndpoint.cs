namespace Drydock.Engine;

public enum EndpointKind
{
    Unix,
    Tcp,
}

/// <summary>Where the engine listens, and where that came from (DOCKER_HOST or the default socket).</summary>
public sealed record DockerEndpoint(EndpointKind Kind, string Address, string Source)
{
    public const string DefaultSocket = "/var/run/docker.sock";

    /// <summary>For <see cref="EndpointKind.Unix"/>: the socket path. For TCP: <c>host:port</c>.</summary>
    public string Address { get; } = Address;

    public string Uri => Kind == EndpointKind.Unix ? $"unix://{Address}" : $"tcp://{Address}";

    public static DockerEndpoint Resolve(Func<string, string?> getEnvironmentVariable)
    {
        var dockerHost = getEnvironmentVariable("DOCKER_HOST");
        return string.IsNullOrWhiteSpace(dockerHost)
            ? new DockerEndpoint(EndpointKind.Unix, DefaultSocket, "default")
            : Parse(dockerHost.Trim(), "DOCKER_HOST");
    }

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
        if (value.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            var rest = value[(value.IndexOf("://", StringComparison.Ordinal) + 3)..].TrimEnd('/');
            if (rest.Length == 0)
            {
                throw new DrydockException($"{source}={value} names no host.", null, "Use the form tcp://127.0.0.1:2375.");
            }
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
