namespace Drydock.Images.Analysis;

/// <summary>
/// A glob over absolute paths in an image. <c>*</c> and <c>?</c> stay inside one path segment, <c>**</c> spans any
/// number of segments (including none), <c>[a-z]</c>/<c>[!…]</c> are character classes and <c>\</c> escapes.
/// A pattern with a slash is anchored at the root (<c>/app/**/*.py</c>, the leading slash optional); a pattern without
/// one matches a name in any directory (<c>*.pyc</c>), as in .gitignore.
/// </summary>
public sealed class GlobPattern
{
    private readonly string[] _segments;
    private readonly bool _anyDirectory;

    public GlobPattern(string pattern)
    {
        Text = pattern;
        var trimmed = pattern.Trim();
        if (trimmed.Length == 0)
        {
            throw new DrydockException("an empty glob matches nothing.", null, "Give a pattern such as '/app/**/*.py' or '*.pem'.");
        }
        ValidateClasses(trimmed);
        _anyDirectory = !trimmed.TrimEnd('/').Contains('/', StringComparison.Ordinal);
        _segments = trimmed.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (_segments.Length == 0)
        {
            _segments = [];
        }
    }

    public string Text { get; }

    public bool IsMatch(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (_anyDirectory)
        {
            return parts.Length > 0 && _segments.Length == 1 && SegmentMatches(_segments[0], parts[^1]);
        }
        return Match(0, parts, 0);
    }

    private bool Match(int patternIndex, string[] parts, int partIndex)
    {
        while (true)
        {
            if (patternIndex == _segments.Length)
            {
                return partIndex == parts.Length;
            }
            var segment = _segments[patternIndex];
            if (segment == "**")
            {
                // Collapse runs of ** and try every split point.
                while (patternIndex + 1 < _segments.Length && _segments[patternIndex + 1] == "**")
                {
                    patternIndex++;
                }
                if (patternIndex + 1 == _segments.Length)
                {
                    return true;
                }
                for (var skip = partIndex; skip <= parts.Length; skip++)
                {
                    if (Match(patternIndex + 1, parts, skip))
                    {
                        return true;
                    }
                }
                return false;
            }
            if (partIndex == parts.Length || !SegmentMatches(segment, parts[partIndex]))
            {
                return false;
            }
            patternIndex++;
            partIndex++;
        }
    }

    /// <summary>Matches one segment with <c>*</c>, <c>?</c>, classes and escapes (iterative, with one backtrack point per star).</summary>
    public static bool SegmentMatches(string pattern, string text)
    {
        int p = 0, t = 0, starP = -1, starT = -1;
        while (t < text.Length)
        {
            if (p < pattern.Length)
            {
                var c = pattern[p];
                if (c == '*')
                {
                    starP = ++p;
                    starT = t;
                    continue;
                }
                if (c == '?')
                {
                    p++;
                    t++;
                    continue;
                }
                if (c == '[' && ClassEnd(pattern, p) is var end and > 0)
                {
                    if (ClassMatches(pattern.AsSpan(p + 1, end - p - 1), text[t]))
                    {
                        p = end + 1;
                        t++;
                        continue;
                    }
                }
                else
                {
                    if (c == '\\' && p + 1 < pattern.Length)
                    {
                        c = pattern[++p];
                    }
                    if (c == text[t])
                    {
                        p++;
                        t++;
                        continue;
                    }
                    if (c == '\\')
                    {
                        p--;
                    }
                }
            }
            if (starP < 0)
            {
                return false;
            }
            p = starP;
            t = ++starT;
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }

    private static int ClassEnd(string pattern, int start)
    {
        var i = start + 1;
        if (i < pattern.Length && (pattern[i] == '!' || pattern[i] == '^'))
        {
            i++;
        }
        if (i < pattern.Length && pattern[i] == ']')
        {
            i++;
        }
        while (i < pattern.Length && pattern[i] != ']')
        {
            i++;
        }
        return i < pattern.Length ? i : -1;
    }

    private static bool ClassMatches(ReadOnlySpan<char> body, char c)
    {
        var negate = body.Length > 0 && (body[0] == '!' || body[0] == '^');
        if (negate)
        {
            body = body[1..];
        }
        var matched = false;
        for (var i = 0; i < body.Length; i++)
        {
            if (i + 2 < body.Length && body[i + 1] == '-')
            {
                matched |= c >= body[i] && c <= body[i + 2];
                i += 2;
            }
            else
            {
                matched |= c == body[i];
            }
        }
        return matched != negate;
    }

    private static void ValidateClasses(string pattern)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\')
            {
                i++;
                continue;
            }
            if (pattern[i] == '[' && ClassEnd(pattern, i) < 0)
            {
                throw new DrydockException($"the glob '{pattern}' has an unclosed '['.", null, "Close the character class, or escape the bracket as \\[.");
            }
        }
    }

    public override string ToString() => Text;
}
