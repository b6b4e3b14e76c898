using System.Text.Json;

namespace Drydock.Dockerfiles.Parsing;

/// <summary>A parser directive at the top of a Dockerfile: <c># syntax=…</c>, <c># escape=…</c> or <c># check=…</c>.</summary>
public sealed record ParserDirective(string Name, string Value, int Line);

/// <summary>
/// BuildKit's directive parser: directives are comment lines of the form <c># name = value</c> with a known name,
/// and only count while every line so far has been one (the first other line ends the directive block).
/// </summary>
public sealed class DirectiveParser
{
    public static readonly IReadOnlyList<string> KnownNames = ["syntax", "escape", "check"];

    private readonly string _comment;
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private int _line;

    public DirectiveParser(string comment = "#", int linesAlreadyRead = 0)
    {
        _comment = comment;
        _line = linesAlreadyRead;
    }

    public bool Done { get; private set; }

    /// <summary>Reads one line (without its line break); returns the directive it holds, or null.</summary>
    /// <exception cref="FormatException">The directive appears twice.</exception>
    public ParserDirective? ParseLine(string line)
    {
        _line++;
        if (Done)
        {
            return null;
        }
        if (!line.StartsWith(_comment, StringComparison.Ordinal))
        {
            Done = true;
            return null;
        }
        var rest = line.AsSpan(_comment.Length).TrimStart();
        if (!TryMatch(rest, out var name, out var value))
        {
            Done = true;
            return null;
        }
        name = name.ToLowerInvariant();
        if (!KnownNames.Contains(name))
        {
            Done = true;
            return null;
        }
        if (!_seen.Add(name))
        {
            throw new FormatException($"only one {name} parser directive can be used");
        }
        return new ParserDirective(name, value, _line);
    }

    /// <summary>The directives at the start of <paramref name="text"/>.</summary>
    public IReadOnlyList<ParserDirective> ParseAll(string text)
    {
        var directives = new List<ParserDirective>();
        foreach (var line in SplitLines(text))
        {
            if (Done)
            {
                break;
            }
            try
            {
                if (ParseLine(line) is { } directive)
                {
                    directives.Add(directive);
                }
            }
            catch (FormatException)
            {
                break;
            }
        }
        return directives;
    }

    /// <summary>
    /// BuildKit's <c>DetectSyntax</c>: the <c>syntax</c> directive as <c># syntax=</c>, <c>// syntax=</c> or a leading
    /// JSON object <c>{"syntax": …}</c>; a BOM and a <c>#!</c> first line are skipped.
    /// </summary>
    public static DirectiveMatch? DetectSyntax(string text) => Detect("syntax", text, anyFormat: true);

    /// <summary>BuildKit's <c>ParseDirective</c>: only the <c>#</c> comment form counts.</summary>
    public static DirectiveMatch? ParseDirective(string key, string text) => Detect(key, text, anyFormat: false);

    private static DirectiveMatch? Detect(string key, string text, bool anyFormat)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }
        var line = 0;
        var firstBreak = text.IndexOf('\n', StringComparison.Ordinal);
        var firstLine = firstBreak < 0 ? text : text[..firstBreak];
        if (firstLine.StartsWith("#!", StringComparison.Ordinal))
        {
            text = firstBreak < 0 ? string.Empty : text[(firstBreak + 1)..];
            line = 1;
        }
        if (FromParser(key, text, new DirectiveParser("#", line)) is { } hashed)
        {
            return hashed;
        }
        if (!anyFormat)
        {
            return null;
        }
        if (FromParser(key, text, new DirectiveParser("//", line)) is { } slashed)
        {
            return slashed;
        }
        try
        {
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty(key, out var property)
                && property.ValueKind == JsonValueKind.String)
            {
                var value = property.GetString() ?? string.Empty;
                return new DirectiveMatch(value, value, line);
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }

    private static DirectiveMatch? FromParser(string key, string text, DirectiveParser parser)
    {
        foreach (var directive in parser.ParseAll(text))
        {
            if (directive.Name == key)
            {
                var space = directive.Value.IndexOf(' ', StringComparison.Ordinal);
                return new DirectiveMatch(space < 0 ? directive.Value : directive.Value[..space], directive.Value, directive.Line);
            }
        }
        return null;
    }

    /// <summary>Lines as Go's bufio.ScanLines yields them: split at '\n', one trailing '\r' dropped.</summary>
    private static IEnumerable<string> SplitLines(string text)
    {
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            var line = end < 0 ? text[start..] : text[start..end];
            if (line.EndsWith('\r'))
            {
                line = line[..^1];
            }
            yield return line;
            if (end < 0)
            {
                yield break;
            }
            start = end + 1;
        }
    }

    /// <summary><c>^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$</c> without a regex.</summary>
    private static bool TryMatch(ReadOnlySpan<char> text, out string name, out string value)
    {
        name = value = string.Empty;
        if (text.Length == 0 || !char.IsAsciiLetter(text[0]))
        {
            return false;
        }
        var i = 1;
        while (i < text.Length && char.IsAsciiLetterOrDigit(text[i]))
        {
            i++;
        }
        name = text[..i].ToString();
        while (i < text.Length && IsRegexSpace(text[i]))
        {
            i++;
        }
        if (i >= text.Length || text[i] != '=')
        {
            return false;
        }
        i++;
        var afterEquals = i;
        while (i < text.Length && IsRegexSpace(text[i]))
        {
            i++;
        }
        if (i == text.Length)
        {
            // Only blanks after '=': the regex backtracks and captures the last one.
            if (text.Length == afterEquals)
            {
                return false;
            }
            value = text[^1..].ToString();
            return value != "\n";
        }
        var end = text.Length;
        while (end > i && IsRegexSpace(text[end - 1]))
        {
            end--;
        }
        // `.` does not match a newline in RE2; a line never holds one here.
        value = text[i..end].ToString();
        return !value.Contains('\n', StringComparison.Ordinal);
    }

    /// <summary>RE2's <c>\s</c>: space, \t, \n, \f, \r (not \v).</summary>
    private static bool IsRegexSpace(char c) => c is ' ' or '\t' or '\n' or '\f' or '\r';
}

/// <summary>A detected directive: its first word (<see cref="Value"/>), the whole value, and the 1-based line.</summary>
public sealed record DirectiveMatch(string Value, string CommandLine, int Line);
