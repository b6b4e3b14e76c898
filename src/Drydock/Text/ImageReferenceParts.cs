namespace Drydock.Text;

/// <summary>
/// An image reference split into its parts as written, <c>[registry[:port]/]path[:tag][@digest]</c>, the way the
/// distribution reference grammar splits it: the digest after the first '@', the tag after the last ':' that follows
/// the last '/', and a first path component with a dot, a colon, an upper-case letter or <c>localhost</c> as the
/// registry. Nothing is validated or normalized here; <c>Dockerfiles.Stages.ImageReference</c> validates the parts
/// against the grammar, <c>Images.ImageReference</c> also normalizes them (Docker Hub, <c>library/</c>,
/// <c>latest</c>), and Compose rules read them as they are.
/// </summary>
public readonly record struct ImageReferenceParts(string? Registry, string Path, string? Tag, string? Digest)
{
    public static ImageReferenceParts Split(string text)
    {
        string? digest = null;
        var name = text;
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = name[(at + 1)..];
            name = name[..at];
        }
        string? tag = null;
        var lastSlash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        if (colon > lastSlash)
        {
            tag = name[(colon + 1)..];
            name = name[..colon];
        }
        string? registry = null;
        var firstSlash = name.IndexOf('/', StringComparison.Ordinal);
        if (firstSlash > 0)
        {
            var first = name[..firstSlash];
            if (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost" || first.Any(char.IsAsciiLetterUpper))
            {
                registry = first;
                name = name[(firstSlash + 1)..];
            }
        }
        return new ImageReferenceParts(registry, name, tag, digest);
    }

    /// <summary>Registry and path, as written before the tag: <c>docker.io/library/postgres</c>.</summary>
    public string Repository => Registry is null ? Path : $"{Registry}/{Path}";

    /// <summary>The image's name without registry, path and tag, lower-cased: "postgres" for "docker.io/library/postgres:16".</summary>
    public string Name
    {
        get
        {
            var repository = Repository.ToLowerInvariant();
            var slash = repository.LastIndexOf('/');
            return slash < 0 ? repository : repository[(slash + 1)..];
        }
    }
}
