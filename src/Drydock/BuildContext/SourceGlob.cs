using System.Text;
using Drydock.BuildContext.IgnoreFile;

namespace Drydock.BuildContext;

/// <summary>
/// Expands a COPY/ADD source against the context directory on disk, as the builder does: a path without
/// wildcards names itself; otherwise each component is a Go filepath.Match pattern (<c>*</c>, <c>?</c>,
/// <c>[...]</c>, <c>\</c> escapes) matched against the directory's entries.
/// </summary>
internal static class SourceGlob
{
    public static IReadOnlyList<string> Expand(string root, string relativePattern)
    {
        if (relativePattern.IndexOfAny(['*', '?', '[', '\\']) < 0)
        {
            return Exists(Path.Combine(root, relativePattern)) ? [relativePattern] : [];
        }
        var matches = new List<string> { string.Empty };
        foreach (var component in relativePattern.Split('/'))
        {
            var next = new List<string>();
            foreach (var prefix in matches)
            {
                var directory = prefix.Length == 0 ? root : Path.Combine(root, prefix);
                if (component.IndexOfAny(['*', '?', '[', '\\']) < 0)
                {
                    var candidate = prefix.Length == 0 ? component : prefix + "/" + component;
                    if (Exists(Path.Combine(root, candidate)))
                    {
                        next.Add(candidate);
                    }
                    continue;
                }
                if (Translate(component) is not { } regex || !Directory.Exists(directory))
                {
                    continue;
                }
                foreach (var entry in Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal))
                {
                    var name = Path.GetFileName(entry);
                    if (regex.IsMatch(Encoding.UTF8.GetBytes(name)))
                    {
                        next.Add(prefix.Length == 0 ? name : prefix + "/" + name);
                    }
                }
            }
            matches = next;
        }
        return matches;
    }

    private static bool Exists(string path)
    {
        try
        {
            File.GetAttributes(path); // lstat-like: a dangling symlink exists too.
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>One path component's filepath.Match pattern as an anchored expression; null when malformed.</summary>
    private static GoRegex? Translate(string component)
    {
        if (GlobSyntax.Validate(Encoding.UTF8.GetBytes(component)) is not null)
        {
            return null;
        }
        var expression = new StringBuilder("^");
        for (var i = 0; i < component.Length; i++)
        {
            var c = component[i];
            switch (c)
            {
                case '*':
                    expression.Append("[^/]*");
                    break;
                case '?':
                    expression.Append("[^/]");
                    break;
                case '\\':
                    i++;
                    AppendLiteral(expression, component[i]);
                    break;
                case '[':
                    var close = i + 1;
                    expression.Append('[');
                    if (close < component.Length && component[close] == '^')
                    {
                        expression.Append('^');
                        close++;
                    }
                    for (; component[close] != ']'; close++)
                    {
                        if (component[close] == '\\')
                        {
                            close++;
                            AppendLiteral(expression, component[close]);
                        }
                        else if (component[close] is '[' or '^')
                        {
                            AppendLiteral(expression, component[close]);
                        }
                        else
                        {
                            expression.Append(component[close]);
                        }
                    }
                    expression.Append(']');
                    i = close;
                    break;
                default:
                    AppendLiteral(expression, c);
                    break;
            }
        }
        try
        {
            return GoRegex.Parse(expression.Append('$').ToString());
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static void AppendLiteral(StringBuilder expression, char c)
    {
        if (!char.IsAsciiLetterOrDigit(c) && c < 0x80)
        {
            expression.Append('\\');
        }
        expression.Append(c);
    }
}
