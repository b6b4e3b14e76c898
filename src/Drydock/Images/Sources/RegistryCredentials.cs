using System.Text;
using System.Text.Json;
using Drydock.Processes;
using Drydock.Files;

namespace Drydock.Images.Sources;

/// <summary>A user name and password (or token) for one registry.</summary>
public sealed record RegistryCredential(string Username, string Password)
{
    public override string ToString() => $"{Username}:***";
}

/// <summary>
/// Finds registry credentials the way the Docker CLI stores them, so <c>docker login</c> is all a user needs:
/// <c>DRYDOCK_REGISTRY_USERNAME</c>/<c>DRYDOCK_REGISTRY_PASSWORD</c> first, then <c>$DOCKER_CONFIG/config.json</c>
/// (default <c>~/.docker/config.json</c>): <c>credHelpers</c>, <c>credsStore</c> (through <c>docker-credential-NAME get</c>)
/// and <c>auths</c> (base64 <c>user:password</c>).
/// </summary>
public sealed class RegistryCredentialStore(Func<string, string?> getEnvironmentVariable)
{
    public async Task<RegistryCredential?> FindAsync(string registry, CancellationToken cancellationToken)
    {
        if (getEnvironmentVariable("DRYDOCK_REGISTRY_USERNAME") is { Length: > 0 } user)
        {
            return new RegistryCredential(user, getEnvironmentVariable("DRYDOCK_REGISTRY_PASSWORD") ?? string.Empty);
        }
        var configPath = ConfigPath();
        if (configPath is null || !File.Exists(configPath))
        {
            return null;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(UserFiles.ReadAllBytes(configPath));
        }
        catch (JsonException ex)
        {
            throw new DrydockException($"{configPath} is not valid JSON: {ex.Message}", Text.SourceSpan.WholeFile(configPath), "Fix or remove it, then run `docker login` again.", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DrydockException($"cannot read {configPath}: {ex.Message}", Text.SourceSpan.WholeFile(configPath), "Fix or remove it, then run `docker login` again.", ex);
        }
        using (document)
        {
            var root = document.RootElement;
            var keys = ServerKeys(registry);
            if (root.TryGetProperty("credHelpers", out var helpers) && helpers.ValueKind == JsonValueKind.Object)
            {
                foreach (var helper in helpers.EnumerateObject())
                {
                    if (keys.Contains(Normalize(helper.Name)) && helper.Value.GetString() is { Length: > 0 } name)
                    {
                        return await FromHelperAsync(name, HelperServer(registry), cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            if (root.TryGetProperty("auths", out var auths) && auths.ValueKind == JsonValueKind.Object)
            {
                foreach (var auth in auths.EnumerateObject())
                {
                    if (keys.Contains(Normalize(auth.Name)) && FromAuthEntry(auth.Value) is { } credential)
                    {
                        return credential;
                    }
                }
            }
            if (root.TryGetProperty("credsStore", out var store) && store.GetString() is { Length: > 0 } storeName)
            {
                return await FromHelperAsync(storeName, HelperServer(registry), cancellationToken).ConfigureAwait(false);
            }
        }
        return null;
    }

    private string? ConfigPath()
    {
        if (getEnvironmentVariable("DOCKER_CONFIG") is { Length: > 0 } directory)
        {
            return Path.Combine(directory, "config.json");
        }
        return getEnvironmentVariable("HOME") is { Length: > 0 } home ? Path.Combine(home, ".docker", "config.json") : null;
    }

    private static HashSet<string> ServerKeys(string registry) =>
        registry == ImageReference.DockerHub
            ? new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "index.docker.io", "docker.io", "registry-1.docker.io" }
            : new HashSet<string>(StringComparer.OrdinalIgnoreCase) { registry };

    private static string HelperServer(string registry) => registry == ImageReference.DockerHub ? "https://index.docker.io/v1/" : registry;

    /// <summary><c>https://index.docker.io/v1/</c> → <c>index.docker.io</c>: config keys may carry a scheme and a path.</summary>
    private static string Normalize(string key)
    {
        var text = key;
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            text = text[(scheme + 3)..];
        }
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash >= 0 ? text[..slash] : text;
    }

    private static RegistryCredential? FromAuthEntry(JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        if (entry.TryGetProperty("auth", out var auth) && auth.GetString() is { Length: > 0 } encoded)
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            }
            catch (FormatException)
            {
                return null;
            }
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 ? new RegistryCredential(decoded[..colon], decoded[(colon + 1)..]) : null;
        }
        if (entry.TryGetProperty("username", out var username) && username.GetString() is { Length: > 0 } name)
        {
            return new RegistryCredential(name, entry.TryGetProperty("password", out var password) ? password.GetString() ?? string.Empty : string.Empty);
        }
        return null;
    }

    private static async Task<RegistryCredential?> FromHelperAsync(string helper, string server, CancellationToken cancellationToken)
    {
        var program = "docker-credential-" + helper;
        ProcessResult result;
        try
        {
            result = await ProcessRunner.RunAsync(program, ["get"], new ProcessRunOptions { StandardInput = server, Timeout = TimeSpan.FromSeconds(30) }, cancellationToken).ConfigureAwait(false);
        }
        catch (ProgramNotFoundException ex)
        {
            throw new DrydockException($"The Docker config names the credential helper '{helper}', but {program} is not on PATH.", null, "Install the helper, or set DRYDOCK_REGISTRY_USERNAME and DRYDOCK_REGISTRY_PASSWORD.", ex);
        }
        if (!result.Succeeded)
        {
            // Helpers answer "credentials not found" with a failure: that means anonymous access.
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(result.StandardOutput);
            var root = document.RootElement;
            var user = root.TryGetProperty("Username", out var u) ? u.GetString() : null;
            var secret = root.TryGetProperty("Secret", out var s) ? s.GetString() : null;
            return string.IsNullOrEmpty(user) || secret is null ? null : new RegistryCredential(user, secret);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
