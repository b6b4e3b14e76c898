using System.Text;
using System.Text.RegularExpressions;

namespace Drydock.Dockerfiles.Shell;

/// <summary>
/// The shell patterns of <c>${V#p}</c>, <c>${V%p}</c> and <c>${V/p/r}</c> as BuildKit evaluates them: <c>*</c>,
/// <c>?</c> and <c>\</c> escapes (no bracket expressions), translated to an RE2-compatible regular expression.
/// </summary>
public static class ShellPatterns
{
    /// <summary>The regular expression text BuildKit builds for a pattern; throws <see cref="FormatException"/> on a bad escape.</summary>
    public static string ToRegex(string pattern, bool greedy, bool anchored)
    {
        var output = new StringBuilder(pattern.Length + 4);
        if (anchored)
        {
            output.Append('^');
        }
        var star = greedy ? ".*" : ".*?";
        var runes = pattern.EnumerateRunes().Select(rune => rune.Value).ToArray();
        for (var i = 0; i < runes.Length; i++)
        {
            var token = runes[i];
            switch (token)
            {
                case '*':
                    output.Append(star);
                    continue;
                case '?':
                    output.Append('.');
                    continue;
                case '\\':
                    // "}" and "/" are escaped only so ${} parsing does not end there; the escape is not part of the pattern.
                    if (i + 1 < runes.Length && runes[i + 1] is '}' or '/')
                    {
                        continue;
                    }
                    output.Append('\\');
                    i++;
                    token = i < runes.Length ? runes[i] : -1;
                    if (token is not ('*' or '?' or '\\'))
                    {
                        throw new FormatException(token < 0 ? "invalid escape at the end of the pattern" : $"invalid escape '\\{char.ConvertFromUtf32(token)}'");
                    }
                    break;
                case '[' or ']' or '{' or '}' or '.' or '+' or '(' or ')' or '|' or '^' or '$':
                    output.Append('\\');
                    break;
            }
            output.Append(char.ConvertFromUtf32(token));
        }
        return output.ToString();
    }

    internal static Regex Compile(string pattern, bool greedy, bool anchored)
    {
        try
        {
            return new Regex(ToRegex(pattern, greedy, anchored), RegexOptions.CultureInvariant);
        }
        catch (FormatException error)
        {
            throw new ShellExpansionException($"invalid pattern ({pattern}) in substitution: {error.Message}");
        }
    }

    /// <summary><c>${V#pattern}</c> (shortest) and <c>${V##pattern}</c> (greedy).</summary>
    internal static string TrimPrefix(string pattern, string value, bool greedy)
    {
        var match = Compile(pattern, greedy, anchored: true).Match(value);
        return match.Success ? value[(match.Index + match.Length)..] : value;
    }

    /// <summary><c>${V%pattern}</c> and <c>${V%%pattern}</c>: a prefix match on the reversed pattern and value.</summary>
    internal static string TrimSuffix(string pattern, string value, bool greedy) =>
        ReverseString(TrimPrefix(ReversePattern(pattern), ReverseString(value), greedy));

    /// <summary><c>${V/pattern/replacement}</c> and <c>${V//pattern/replacement}</c>.</summary>
    internal static string Replace(string value, string pattern, string replacement, bool all)
    {
        var regex = Compile(pattern, greedy: true, anchored: false);
        if (!all)
        {
            var first = regex.Match(value);
            return first.Success ? string.Concat(value.AsSpan(0, first.Index), replacement, value.AsSpan(first.Index + first.Length)) : value;
        }
        // Go's ReplaceAllString expands $-templates in the replacement; these patterns have no groups, so only $0 is the match.
        return regex.Replace(value, match => ExpandTemplate(replacement, match.Value));
    }

    /// <summary>Reverses a pattern by code point, keeping each escape before the character it escapes.</summary>
    public static string ReversePattern(string pattern)
    {
        var runes = pattern.EnumerateRunes().ToArray();
        var output = new Rune[runes.Length];
        var last = runes.Length - 1;
        for (var i = 0; i <= last;)
        {
            var token = runes[i];
            var target = last - i;
            if (token.Value == '\\' && i != last)
            {
                output[target - 1] = token;
                output[target] = runes[i + 1];
                i += 2;
            }
            else
            {
                output[target] = token;
                i++;
            }
        }
        return string.Concat(output.Select(rune => rune.ToString()));
    }

    public static string ReverseString(string text)
    {
        var runes = text.EnumerateRunes().ToArray();
        Array.Reverse(runes);
        return string.Concat(runes.Select(rune => rune.ToString()));
    }

    private static string ExpandTemplate(string template, string whole)
    {
        var output = new StringBuilder();
        var i = 0;
        while (i < template.Length)
        {
            var dollar = template.IndexOf('$', i);
            if (dollar < 0)
            {
                break;
            }
            output.Append(template, i, dollar - i);
            i = dollar + 1;
            if (i < template.Length && template[i] == '$')
            {
                output.Append('$');
                i++;
                continue;
            }
            var brace = i < template.Length && template[i] == '{';
            var nameStart = brace ? i + 1 : i;
            var nameEnd = nameStart;
            while (nameEnd < template.Length && (char.IsLetterOrDigit(template[nameEnd]) || template[nameEnd] == '_'))
            {
                nameEnd++;
            }
            if (nameEnd == nameStart || (brace && (nameEnd >= template.Length || template[nameEnd] != '}')))
            {
                output.Append('$');
                continue;
            }
            if (template.AsSpan(nameStart, nameEnd - nameStart) is "0")
            {
                output.Append(whole);
            }
            i = brace ? nameEnd + 1 : nameEnd;
        }
        if (i < template.Length)
        {
            output.Append(template, i, template.Length - i);
        }
        return output.ToString();
    }
}
