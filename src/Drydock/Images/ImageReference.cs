using Drydock.Text;

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
        var (written, rest, tag, digest) = ImageReferenceParts.Split(text);
        if (digest is not null)
        {
            var colon = digest.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == digest.Length - 1 || !digest[(colon + 1)..].All(char.IsAsciiHexDigitLower))
            {
                problem = $"'{digest}' is not a digest like sha256:<hex>";
                return false;
            }
        }
        if (tag is not null && (tag.Length == 0 || tag.Length > 128 || !(char.IsAsciiLetterOrDigit(tag[0]) || tag[0] == '_') || !tag.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-')))
        {
            problem = $"'{tag}' is not a valid tag";
            return false;
        }
        var registry = written ?? DockerHub;
        var repository = rest;
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
