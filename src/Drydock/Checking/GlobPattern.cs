using System.Text;
using System.Text.RegularExpressions;

namespace Drydock.Checking;

/// <summary>
/// A path glob for configuration: <c>*</c> and <c>?</c> within one path segment, <c>**</c> across segments,
/// '/'-separated and relative to the configuration file. A pattern without '/' matches the name at any depth
/// (<c>Dockerfile.dev</c> is <c>**/Dockerfile.dev</c>); a pattern naming a directory matches everything in it.
/// </summary>
public sealed class GlobPattern
{
    private readonly Regex _regex;

    public GlobPattern(string pattern)
    {
        Pattern = pattern;
        var normalized = pattern.Replace('\\', '/').Trim();
        if (normalized.StartsWith("./", StringComparison.Ordinal))
        {
            normalized = normalized[2..];
        }
        normalized = normalized.TrimStart('/');
        if (!normalized.Contains('/', StringComparison.Ordinal))
        {
            normalized = "**/" + normalized;
        }
        var regex = new StringBuilder("^");
        for (var i = 0; i < normalized.Length; i++)
        {
            var c = normalized[i];
            if (c == '*' && i + 1 < normalized.Length && normalized[i + 1] == '*')
            {
                var slash = i + 2 < normalized.Length && normalized[i + 2] == '/';
                regex.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*')
            {
                regex.Append("[^/]*");
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }
        // A directory pattern also covers what is inside it.
        regex.Append("(?:/.*)?$");
        _regex = new Regex(regex.ToString(), RegexOptions.CultureInvariant);
    }

    public string Pattern { get; }

    public bool IsMatch(string relativePath) => _regex.IsMatch(relativePath.Replace('\\', '/'));

    public override string ToString() => Pattern;
}
