namespace Drydock.Images;

/// <summary>
/// A Docker image reference, normalized as the Docker CLI does: <c>redis</c> is <c>docker.io/library/redis:latest</c>;
/// a first component with a dot, a colon or <c>localhost</c> is a registry host.
/// </summary>
public sealed record ImageReference(string Registry, string Repository, string? Tag, string? Digest)
{
    public const string DockerHub = "docker.io";

    /// <summary>The tag or digest to ask the registry for.</summary>
    public string Reference => Digest ?? Tag ?? "latest";

    /// <summary>The host to send API calls to (Docker Hub's API lives on its own host).</summary>
    public string ApiHost => Registry == DockerHub ? "registry-1.docker.io" : Registry;

    /// <summary>Registries on the loopback interface are spoken to over plain HTTP, as Docker allows by default.</summary>
    public bool IsLoopback
    {
        get
        {
            var host = Registry.StartsWith('[') ? Registry[1..Math.Max(1, Registry.IndexOf(']', StringComparison.Ordinal))] : Registry.Split(':')[0];
            return host is "localhost" or "::1" || host.StartsWith("127.", StringComparison.Ordinal);
        }
    }

    public override string ToString() =>
        $"{Registry}/{Repository}{(Tag is null ? string.Empty : ":" + Tag)}{(Digest is null ? string.Empty : "@" + Digest)}";

    public static bool TryParse(string text, out ImageReference? reference, out string? problem)
    {
        reference = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(text) || text.Any(char.IsWhiteSpace))
        {
            problem = "an image reference cannot be empty or contain spaces";
            return false;
        }
        string? digest = null;
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var rest = text;
        if (at >= 0)
        {
            digest = text[(at + 1)..];
            rest = text[..at];
            var colon = digest.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == digest.Length - 1 || !digest[(colon + 1)..].All(char.IsAsciiHexDigitLower))
            {
                problem = $"'{digest}' is not a digest like sha256:<hex>";
                return false;
            }
        }
        string? tag = null;
        var lastSlash = rest.LastIndexOf('/');
        var tagColon = rest.LastIndexOf(':');
        if (tagColon > lastSlash)
        {
            tag = rest[(tagColon + 1)..];
            rest = rest[..tagColon];
            if (tag.Length == 0 || tag.Length > 128 || !(char.IsAsciiLetterOrDigit(tag[0]) || tag[0] == '_') || !tag.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            {
                problem = $"'{tag}' is not a valid tag";
                return false;
            }
        }
        var registry = DockerHub;
        var repository = rest;
        var firstSlash = rest.IndexOf('/', StringComparison.Ordinal);
        if (firstSlash > 0)
        {
            var first = rest[..firstSlash];
            if (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost" || first.Any(char.IsAsciiLetterUpper))
            {
                registry = first;
                repository = rest[(firstSlash + 1)..];
            }
        }
        if (registry is "index.docker.io" or "registry-1.docker.io")
        {
            registry = DockerHub;
        }
        if (registry == DockerHub && !repository.Contains('/', StringComparison.Ordinal))
        {
            repository = "library/" + repository;
        }
        foreach (var component in repository.Split('/'))
        {
            if (!IsPathComponent(component))
            {
                problem = $"'{repository}' is not a valid repository name (lowercase letters, digits and . _ - separators)";
                return false;
            }
        }
        if (tag is null && digest is null)
        {
            tag = "latest";
        }
        reference = new ImageReference(registry, repository, tag, digest);
        return true;
    }

    public static ImageReference Parse(string text) =>
        TryParse(text, out var reference, out var problem)
            ? reference!
            : throw new DrydockException($"'{text}' is not an image reference: {problem}.", null, "Use NAME[:TAG][@DIGEST], e.g. registry.example.com/team/app:1.0.");

    private static bool IsPathComponent(string component)
    {
        if (component.Length == 0 || !char.IsAsciiLetterLower(component[0]) && !char.IsAsciiDigit(component[0]))
        {
            return false;
        }
        if (!char.IsAsciiLetterLower(component[^1]) && !char.IsAsciiDigit(component[^1]))
        {
            return false;
        }
        return component.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-');
    }
}
