using Drydock.Text;

namespace Drydock.Dockerfiles.Stages;

/// <summary>
/// An image reference as the distribution reference grammar reads it: <c>[registry[:port]/]path[:tag][@digest]</c>.
/// A first component with a dot or a colon, or <c>localhost</c>, is a registry; otherwise the image is on Docker Hub.
/// </summary>
public sealed record ImageReference(string Original, string? Registry, string Repository, string? Tag, string? Digest)
{
    public const string DockerHub = "docker.io";

    /// <summary>The registry the image is pulled from (Docker Hub when none is written).</summary>
    public string EffectiveRegistry => Registry ?? DockerHub;

    /// <summary>Repository and tag, e.g. <c>python:3.12</c>, for messages.</summary>
    public string ShortName => Tag is null ? Repository : $"{Repository}:{Tag}";

    public bool IsScratch => Registry is null && Repository == "scratch" && Tag is null && Digest is null;

    public static bool TryParse(string text, out ImageReference reference)
    {
        reference = null!;
        if (text.Length == 0 || text.Length > 4096 || text.Any(char.IsWhiteSpace))
        {
            return false;
        }
        var (registry, name, tag, digest) = ImageReferenceParts.Split(text);
        if (digest is not null && !IsDigest(digest) || tag is not null && !IsTag(tag) || registry is not null && !IsDomain(registry))
        {
            return false;
        }
        if (name.Length == 0 || !name.Split('/').All(IsPathComponent))
        {
            return false;
        }
        reference = new ImageReference(text, registry, name, tag, digest);
        return true;
    }

    /// <summary><c>[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*</c>.</summary>
    private static bool IsPathComponent(string component)
    {
        if (component.Length == 0 || !IsLowerAlphanumeric(component[0]) || !IsLowerAlphanumeric(component[^1]))
        {
            return false;
        }
        for (var i = 0; i < component.Length; i++)
        {
            var c = component[i];
            if (IsLowerAlphanumeric(c))
            {
                continue;
            }
            if (c == '.' || c == '_')
            {
                // One '.', one '_' or two '_' between alphanumerics.
                var run = 1;
                while (i + run < component.Length && !IsLowerAlphanumeric(component[i + run]))
                {
                    run++;
                }
                var separator = component.Substring(i, run);
                if (separator is not ("." or "_" or "__"))
                {
                    return false;
                }
                i += run - 1;
                continue;
            }
            if (c == '-')
            {
                while (i + 1 < component.Length && component[i + 1] == '-')
                {
                    i++;
                }
                continue;
            }
            return false;
        }
        return true;
    }

    private static bool IsLowerAlphanumeric(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);

    /// <summary><c>[\w][\w.-]{0,127}</c>.</summary>
    private static bool IsTag(string tag) =>
        tag.Length is > 0 and <= 128 && IsWord(tag[0]) && tag.All(c => IsWord(c) || c is '.' or '-');

    private static bool IsWord(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static bool IsDigest(string digest)
    {
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon < digest.Length - 1
            && digest[..colon].All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '+' or '.' or '_' or '-')
            && digest[(colon + 1)..].All(char.IsAsciiHexDigit)
            && digest.Length - colon - 1 >= 32;
    }

    private static bool IsDomain(string domain)
    {
        var host = domain;
        if (host.StartsWith('['))
        {
            return host.Contains(']', StringComparison.Ordinal);
        }
        var colon = host.LastIndexOf(':');
        if (colon >= 0)
        {
            var port = host[(colon + 1)..];
            if (port.Length == 0 || !port.All(char.IsAsciiDigit))
            {
                return false;
            }
            host = host[..colon];
        }
        return host.Length > 0 && host.Split('.').All(label => label.Length > 0 && char.IsAsciiLetterOrDigit(label[0]) && char.IsAsciiLetterOrDigit(label[^1]) && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
    }
}
