using System.Text;

namespace Drydock.BuildContext.IgnoreFile;

/// <summary>How Docker's matcher classifies a pattern; each kind matches differently (not only by speed).</summary>
public enum IgnoreMatchKind
{
    /// <summary>No wildcard: the path must equal the pattern.</summary>
    Exact,

    /// <summary>Literal text then a final <c>**</c>: the path must start with the text (<c>dir/**</c> does not match <c>dir</c>).</summary>
    Prefix,

    /// <summary>A leading <c>**</c> then literal text: the path must end with the text (<c>**/x</c> also matches <c>x</c>).</summary>
    Suffix,

    /// <summary>Anything else: the translated regular expression.</summary>
    Regex,
}

/// <summary>
/// One compiled pattern of a .dockerignore list (after cleaning; without its <c>!</c>). Compilation never throws:
/// a pattern whose translated expression is invalid fails when it is matched, as in Docker (<see cref="CompileError"/>).
/// </summary>
public sealed class IgnorePattern
{
    private readonly byte[] _literal;
    private readonly GoRegex? _regex;

    internal IgnorePattern(byte[] cleaned, bool exclusion, int index)
    {
        Cleaned = cleaned;
        Exclusion = exclusion;
        Index = index;
        Text = GoText.Display(cleaned);
        DirectoryCount = cleaned.AsSpan().Count((byte)'/') + 1;
        (Kind, var expression) = Translate(cleaned);
        _literal = Kind switch
        {
            IgnoreMatchKind.Prefix => cleaned[..^2],
            IgnoreMatchKind.Suffix => cleaned[2..],
            _ => cleaned,
        };
        if (Kind == IgnoreMatchKind.Regex)
        {
            try
            {
                _regex = GoRegex.Parse(expression);
            }
            catch (FormatException ex)
            {
                CompileError = ex.Message;
            }
        }
    }

    /// <summary>The pattern as Docker keeps it: cleaned, without the leading <c>!</c>.</summary>
    public byte[] Cleaned { get; }

    public string Text { get; }

    /// <summary>A <c>!</c> pattern: it re-includes what earlier patterns excluded.</summary>
    public bool Exclusion { get; }

    /// <summary>Position in the compiled list.</summary>
    public int Index { get; }

    public IgnoreMatchKind Kind { get; }

    /// <summary>Path components in the pattern (what the legacy single-parent check compares against).</summary>
    internal int DirectoryCount { get; }

    /// <summary>Why the translated expression is invalid; matching then fails with a bad-pattern error.</summary>
    public string? CompileError { get; }

    /// <summary>Whether the pattern matches the whole slash-separated path.</summary>
    /// <exception cref="IgnorePatternException">The pattern is invalid (see <see cref="CompileError"/>).</exception>
    public bool IsMatch(ReadOnlySpan<byte> path)
    {
        switch (Kind)
        {
            case IgnoreMatchKind.Exact:
                return path.SequenceEqual(_literal);
            case IgnoreMatchKind.Prefix:
                return path.StartsWith(_literal);
            case IgnoreMatchKind.Suffix:
                return EndsWith(path, _literal) || (_literal[0] == (byte)'/' && path.SequenceEqual(_literal.AsSpan(1)));
            default:
                if (_regex is null)
                {
                    throw new IgnorePatternException(IgnorePatternError.BadPattern, $"syntax error in pattern '{Text}': {CompileError}");
                }
                // Cheap necessary conditions first; the automaton runs only on real candidates.
                return EndsWith(path, _regex.LiteralSuffix)
                    && path.StartsWith(_regex.LiteralPrefix)
                    && (_regex.FixedSlashCount is not { } slashes || path.Count((byte)'/') == slashes)
                    && _regex.IsMatch(path);
        }
    }

    // Not MemoryExtensions.EndsWith: its byte instantiation is not precompiled, and this runs for every path.
    private static bool EndsWith(ReadOnlySpan<byte> path, ReadOnlySpan<byte> suffix) =>
        path.Length >= suffix.Length && path[(path.Length - suffix.Length)..].SequenceEqual(suffix);

    public bool IsMatch(string path) => IsMatch(Encoding.UTF8.GetBytes(path));

    /// <summary>
    /// False only when no path strictly below <paramref name="directory"/> can match (used to prune excluded
    /// directories exactly: a <c>!</c> pattern that cannot match below a directory cannot re-include anything there).
    /// </summary>
    internal bool MayMatchBelow(ReadOnlySpan<byte> directory)
    {
        var depth = directory.Count((byte)'/') + 1; // slashes in "directory/anything"
        switch (Kind)
        {
            case IgnoreMatchKind.Exact:
                return _literal.Length > directory.Length + 1 && _literal.AsSpan().StartsWith(directory) && _literal[directory.Length] == (byte)'/';
            case IgnoreMatchKind.Prefix:
                return PrefixCompatible(_literal, directory);
            case IgnoreMatchKind.Suffix:
                return true;
            default:
                if (_regex is null)
                {
                    return true; // Matching will fail loudly; never prune around it.
                }
                if (_regex.FixedSlashCount is { } slashes && slashes < depth)
                {
                    return false;
                }
                return PrefixCompatible(_regex.LiteralPrefix, directory);
        }
    }

    /// <summary>Whether some path "directory/…" can start with <paramref name="prefix"/>.</summary>
    private static bool PrefixCompatible(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> directory)
    {
        var common = Math.Min(prefix.Length, directory.Length);
        if (!prefix[..common].SequenceEqual(directory[..common]))
        {
            return false;
        }
        return prefix.Length <= directory.Length || prefix[directory.Length] == (byte)'/';
    }

    /// <summary>Docker's translation of a pattern into a match kind and a regular expression (RE2 syntax).</summary>
    private static (IgnoreMatchKind Kind, string Expression) Translate(ReadOnlySpan<byte> pattern)
    {
        // Docker reads the pattern with Go's text/scanner: runes, an invalid byte as U+FFFD, a leading BOM skipped.
        var runes = new List<int>(pattern.Length);
        for (var offset = 0; offset < pattern.Length;)
        {
            offset += GoText.DecodeRune(pattern[offset..], out var rune);
            if (!(runes.Count == 0 && offset <= 3 && rune == 0xFEFF))
            {
                runes.Add(rune);
            }
        }
        var expression = new StringBuilder("^");
        var kind = IgnoreMatchKind.Exact;
        var position = 0;
        int Peek() => position < runes.Count ? runes[position] : -1;
        for (var iteration = 0; position < runes.Count; iteration++)
        {
            var c = runes[position++];
            if (c == '*')
            {
                if (Peek() == '*')
                {
                    position++;
                    if (Peek() == '/')
                    {
                        position++;
                    }
                    if (Peek() == -1)
                    {
                        // A final "**" accepts everything below, as in .gitignore.
                        if (kind == IgnoreMatchKind.Exact)
                        {
                            kind = IgnoreMatchKind.Prefix;
                        }
                        else
                        {
                            expression.Append(".*");
                            kind = IgnoreMatchKind.Regex;
                        }
                    }
                    else
                    {
                        expression.Append("(.*/)?");
                        kind = IgnoreMatchKind.Regex;
                    }
                    if (iteration == 0)
                    {
                        kind = IgnoreMatchKind.Suffix;
                    }
                }
                else
                {
                    expression.Append("[^/]*");
                    kind = IgnoreMatchKind.Regex;
                }
            }
            else if (c == '?')
            {
                expression.Append("[^/]");
                kind = IgnoreMatchKind.Regex;
            }
            else if (c is '.' or '+' or '(' or ')' or '|' or '{' or '}' or '$')
            {
                expression.Append('\\').Append((char)c);
            }
            else if (c == '\\')
            {
                if (Peek() != -1)
                {
                    expression.Append('\\').Append(char.ConvertFromUtf32(runes[position++]));
                    kind = IgnoreMatchKind.Regex;
                }
                else
                {
                    expression.Append('\\');
                }
            }
            else if (c is '[' or ']')
            {
                expression.Append((char)c);
                kind = IgnoreMatchKind.Regex;
            }
            else
            {
                expression.Append(char.ConvertFromUtf32(c));
            }
        }
        if (kind == IgnoreMatchKind.Regex)
        {
            expression.Append('$');
        }
        return (kind, expression.ToString());
    }

    public override string ToString() => (Exclusion ? "!" : string.Empty) + Text;
}
