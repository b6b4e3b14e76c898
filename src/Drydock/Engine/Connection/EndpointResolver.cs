using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Drydock.Text;
using Drydock.Files;

namespace Drydock.Engine;

/// <summary>
/// Finds the engine the way the docker CLI (28.x) does, so Drydock talks to the engine <c>docker</c> talks to:
/// <list type="number">
/// <item>DOCKER_HOST set: the "default" context at that host, TLS from DOCKER_TLS_VERIFY / DOCKER_TLS / DOCKER_CERT_PATH;</item>
/// <item>else DOCKER_CONTEXT;</item>
/// <item>else <c>currentContext</c> in config.json (DOCKER_CONFIG, or ~/.docker);</item>
/// <item>else the default context: /var/run/docker.sock, or tcp://localhost:2376 when TLS is on.</item>
/// </list>
/// A named context is read from <c>contexts/meta/&lt;sha256 of name&gt;/meta.json</c>, its TLS material from
/// <c>contexts/tls/&lt;sha256 of name&gt;/docker/{ca,cert,key}.pem</c>. The name "default" always means the environment.
/// </summary>
internal static class EndpointResolver
{
    public const string DefaultContextName = "default";

    public static DockerEndpoint Resolve(Func<string, string?> getEnvironmentVariable)
    {
        var configDirectory = ConfigDirectory(getEnvironmentVariable);
        if (NonEmpty(getEnvironmentVariable("DOCKER_HOST")) is { } host)
        {
            return DefaultContext(getEnvironmentVariable, configDirectory, host, "DOCKER_HOST");
        }
        string? contextName;
        string contextSource;
        if (NonEmpty(getEnvironmentVariable("DOCKER_CONTEXT")) is { } fromEnvironment)
        {
            contextName = fromEnvironment;
            contextSource = "DOCKER_CONTEXT";
        }
        else
        {
            var configFile = configDirectory is null ? null : Path.Combine(configDirectory, "config.json");
            contextName = configFile is null ? null : ReadCurrentContext(configFile);
            contextSource = $"currentContext in {configFile}";
        }
        if (contextName is null || contextName == DefaultContextName)
        {
            return DefaultContext(getEnvironmentVariable, configDirectory, null, "default");
        }
        return LoadContext(configDirectory, contextName, contextSource);
    }

    /// <summary>DOCKER_CONFIG, else $HOME/.docker; null when neither is known.</summary>
    public static string? ConfigDirectory(Func<string, string?> getEnvironmentVariable) =>
        NonEmpty(getEnvironmentVariable("DOCKER_CONFIG"))
        ?? (NonEmpty(getEnvironmentVariable("HOME")) is { } home ? Path.Combine(home, ".docker") : null);

    /// <summary>The directory name the docker CLI stores a context under: the hex SHA-256 of its name.</summary>
    public static string ContextDirectoryName(string contextName) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(contextName)));

    private static DockerEndpoint DefaultContext(Func<string, string?> getEnvironmentVariable, string? configDirectory, string? host, string source)
    {
        // Like the CLI: any non-empty value turns these on, even "0".
        var verify = NonEmpty(getEnvironmentVariable("DOCKER_TLS_VERIFY")) is not null;
        var tls = verify || NonEmpty(getEnvironmentVariable("DOCKER_TLS")) is not null;
        var endpoint = DockerEndpoint.Parse(host ?? (tls ? DockerEndpoint.DefaultTlsHost : $"unix://{DockerEndpoint.DefaultSocket}"), source);
        if (!tls || endpoint.Kind == EndpointKind.Unix)
        {
            return endpoint;
        }
        var certPath = NonEmpty(getEnvironmentVariable("DOCKER_CERT_PATH")) ?? configDirectory;
        var origin = NonEmpty(getEnvironmentVariable("DOCKER_CERT_PATH")) is null ? $"the docker config directory {certPath}" : $"DOCKER_CERT_PATH={certPath}";
        var switchName = verify ? "DOCKER_TLS_VERIFY" : "DOCKER_TLS";
        if (certPath is null)
        {
            throw new DrydockException($"{switchName} is set but no certificate directory is known (DOCKER_CERT_PATH and HOME are unset).", null, "Set DOCKER_CERT_PATH to the directory holding ca.pem, cert.pem and key.pem.");
        }
        var ca = Path.Combine(certPath, "ca.pem");
        if (!File.Exists(ca))
        {
            // The docker CLI refuses this too rather than silently trusting the system store.
            throw new DrydockException($"{switchName} is set but {ca} does not exist.", null, $"Point DOCKER_CERT_PATH at the directory holding the engine's ca.pem, cert.pem and key.pem, or unset {switchName}.");
        }
        var (cert, key) = ClientPair(certPath, origin);
        return endpoint with { Tls = new EndpointTls(ca, cert, key, verify) { Origin = origin } };
    }

    private static DockerEndpoint LoadContext(string? configDirectory, string name, string source)
    {
        if (configDirectory is null)
        {
            throw new DrydockException($"The docker context '{name}' ({source}) cannot be read: neither DOCKER_CONFIG nor HOME is set.", null, "Set HOME (or DOCKER_CONFIG), or unset DOCKER_CONTEXT.");
        }
        var hash = ContextDirectoryName(name);
        var metaFile = Path.Combine(configDirectory, "contexts", "meta", hash, "meta.json");
        if (!File.Exists(metaFile))
        {
            throw new DrydockException(
                $"The docker context '{name}' ({source}) does not exist: {metaFile} is missing.",
                null,
                "List the contexts with `docker context ls`, then fix the name or switch with `docker context use default`.");
        }
        var meta = ReadJson(metaFile, ContextJsonContext.Default.ContextMetadata);
        if (meta.Endpoints is null || !meta.Endpoints.TryGetValue("docker", out var docker) || NonEmpty(docker.Host) is not { } host)
        {
            throw new DrydockException($"The docker context '{name}' has no docker endpoint ({metaFile}).", SourceSpan.WholeFile(metaFile), $"Recreate it with `docker context create {name} --docker host=...`.");
        }
        var contextSource = $"context '{name}' from {source}";
        if (host.StartsWith("ssh://", StringComparison.OrdinalIgnoreCase))
        {
            throw new DrydockException(
                $"The docker context '{name}' uses {host}; Drydock does not tunnel over ssh.",
                null,
                "Forward the socket (`ssh -NL /tmp/docker.sock:/var/run/docker.sock HOST`) and set DOCKER_HOST=unix:///tmp/docker.sock.");
        }
        var endpoint = DockerEndpoint.Parse(host, contextSource) with { ContextName = name };
        if (endpoint.Kind == EndpointKind.Unix)
        {
            return endpoint;
        }
        var tlsDirectory = Path.Combine(configDirectory, "contexts", "tls", hash, "docker");
        var ca = Path.Combine(tlsDirectory, "ca.pem");
        var origin = $"the TLS material of context '{name}' ({tlsDirectory})";
        var (cert, key) = ClientPair(tlsDirectory, origin);
        var hasCa = File.Exists(ca);
        // As in the CLI: TLS when the context has TLS material or asks to skip verification.
        if (!hasCa && cert is null && !docker.SkipTLSVerify)
        {
            return endpoint;
        }
        return endpoint with { Tls = new EndpointTls(hasCa ? ca : null, cert, key, !docker.SkipTLSVerify) { Origin = origin } };
    }

    private static (string? Cert, string? Key) ClientPair(string directory, string origin)
    {
        var cert = Path.Combine(directory, "cert.pem");
        var key = Path.Combine(directory, "key.pem");
        return (File.Exists(cert), File.Exists(key)) switch
        {
            (true, true) => (cert, key),
            (false, false) => (null, null),
            (true, false) => throw new DrydockException($"{origin} has cert.pem but no key.pem.", null, $"Put the client key next to it as {key}, or remove {cert}."),
            (false, true) => throw new DrydockException($"{origin} has key.pem but no cert.pem.", null, $"Put the client certificate next to it as {cert}, or remove {key}."),
        };
    }

    /// <summary>config.json's <c>currentContext</c>; a file that is absent or lacks the key means none.</summary>
    private static string? ReadCurrentContext(string configFile)
    {
        if (!File.Exists(configFile))
        {
            return null;
        }
        return NonEmpty(ReadJson(configFile, ContextJsonContext.Default.DockerConfigFile).CurrentContext);
    }

    private static T ReadJson<T>(string file, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
        where T : class
    {
        try
        {
            var bytes = UserFiles.ReadAllBytes(file);
            return JsonSerializer.Deserialize(bytes, typeInfo) ?? throw new JsonException("The file holds null.", null, 0, 0);
        }
        catch (JsonException ex)
        {
            // The docker CLI warns and carries on; Drydock stops, since guessing could mean measuring the wrong engine.
            var span = ex.LineNumber is { } line ? SourceSpan.At(file, (int)line + 1, (int)(ex.BytePositionInLine ?? 0) + 1) : SourceSpan.WholeFile(file);
            throw new DrydockException($"{file} is not valid JSON: {FirstSentence(ex.Message)}", span, "Fix the file (or move it away) so the docker CLI and Drydock read the same settings.", ex);
        }
        catch (IOException ex)
        {
            throw new DrydockException($"{file} cannot be read: {ex.Message}", SourceSpan.WholeFile(file), "Check the file's permissions.", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new DrydockException($"{file} cannot be read: {ex.Message}", SourceSpan.WholeFile(file), "Check the file's permissions.", ex);
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>The part of ~/.docker/config.json Drydock reads.</summary>
internal sealed record DockerConfigFile
{
    public string? CurrentContext { get; init; }
}

/// <summary>A context's meta.json: <c>{"Name":…,"Endpoints":{"docker":{"Host":…,"SkipTLSVerify":…}}}</c>.</summary>
internal sealed record ContextMetadata
{
    public string? Name { get; init; }

    public Dictionary<string, ContextEndpointMetadata>? Endpoints { get; init; }
}

internal sealed record ContextEndpointMetadata
{
    public string? Host { get; init; }

    public bool SkipTLSVerify { get; init; }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(DockerConfigFile))]
[JsonSerializable(typeof(ContextMetadata))]
internal sealed partial class ContextJsonContext : JsonSerializerContext;
