using System.Globalization;
using System.Text;
using Drydock.Compose.Interpolation;
using Drydock.Text;
using Drydock.Files;

namespace Drydock.Compose.DotEnv;

/// <summary>One <c>KEY=value</c> of a .env file, with where its key was written.</summary>
/// <param name="Key">The variable name.</param>
/// <param name="Value">The value after quotes, escapes and <c>${…}</c> expansion.</param>
/// <param name="Span">The key's position in the file.</param>
/// <param name="Quoted">The value was written in single or double quotes.</param>
/// <param name="Inherited">A bare <c>KEY</c> line: the value came from the lookup (the shell).</param>
public sealed record DotEnvEntry(string Key, string Value, SourceSpan Span, bool Quoted = false, bool Inherited = false);

/// <summary>A .env file that cannot be parsed; the message is Compose's (<c>line 7: key cannot contain a space</c>).</summary>
public sealed class DotEnvException(string message, SourceSpan span) : Exception(message)
{
    public SourceSpan Span { get; } = span;
}

/// <summary>
/// The .env format as Compose reads it (compose-go's dotenv, a godotenv port): <c>export</c> prefixes, YAML-style
/// <c>KEY: value</c>, inline <c>#</c> comments on unquoted values, single quotes (literal, <c>\'</c> escapes the quote),
/// double quotes (escapes <c>\a \b \f \n \r \t \v \\ \" \$</c> and octal <c>\0NNN</c>), multi-line quoted values, and
/// <c>$VAR</c>/<c>${VAR…}</c> expansion from the lookup first, then from the keys read so far.
/// </summary>
public static class DotEnvParser
{
    /// <summary>Parses <paramref name="text"/>; entries come in file order (a repeated key appears twice, the last one wins).</summary>
    public static IReadOnlyList<DotEnvEntry> Parse(string text, string file, VariableLookup? lookup = null, IDictionary<string, string>? values = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }
        var parser = new Parser(text, file, lookup ?? (_ => null), values ?? new Dictionary<string, string>(StringComparer.Ordinal));
        return parser.Run();
    }

    /// <summary>The text from its first statement on, or "" when it holds only blank lines, whitespace and comments.</summary>
    public static string StatementStart(string text)
    {
        var parser = new Parser(text, "-", _ => null, new Dictionary<string, string>(StringComparer.Ordinal));
        var start = parser.StatementStart(0);
        return start < 0 ? string.Empty : text[start..];
    }

    private sealed class Parser(string text, string file, VariableLookup lookup, IDictionary<string, string> values)
    {
        private readonly LineIndex _lines = new(text);

        // Compose reports errors with its own line counter; we keep the same count so messages match.
        private int _line = 1;

        public IReadOnlyList<DotEnvEntry> Run()
        {
            var entries = new List<DotEnvEntry>();
            var position = 0;
            while (true)
            {
                position = StatementStart(position);
                if (position < 0)
                {
                    break;
                }
                var (key, keyStart, afterKey, inherited) = LocateKeyName(position);
                var keySpan = _lines.GetSpan(file, keyStart, keyStart + Math.Max(1, key.Length));
                if (key.Contains(' ', StringComparison.Ordinal))
                {
                    throw Error($"line {_line}: key cannot contain a space", keyStart);
                }
                if (inherited)
                {
                    if (lookup(key) is { } inheritedValue)
                    {
                        values[key] = inheritedValue;
                        entries.Add(new DotEnvEntry(key, inheritedValue, keySpan, Inherited: true));
                    }
                    position = afterKey;
                    continue;
                }
                var (value, rest, quoted) = ExtractValue(afterKey, key);
                values[key] = value;
                entries.Add(new DotEnvEntry(key, value, keySpan, quoted));
                position = rest;
            }
            return entries;
        }

        /// <summary>Skips whitespace and comment lines; -1 at the end of the text.</summary>
        public int StatementStart(int position)
        {
            while (true)
            {
                while (position < text.Length && char.IsWhiteSpace(text[position]))
                {
                    if (text[position] == '\n')
                    {
                        _line++;
                    }
                    position++;
                }
                if (position >= text.Length)
                {
                    return -1;
                }
                if (text[position] != '#')
                {
                    return position;
                }
                var newline = text.IndexOf('\n', position);
                if (newline < 0)
                {
                    return -1;
                }
                position = newline;
            }
        }

        private (string Key, int Start, int Next, bool Inherited) LocateKeyName(int position)
        {
            if (HasExportPrefix(position))
            {
                position += "export".Length;
                while (position < text.Length && IsInlineSpace(text[position]))
                {
                    position++;
                }
            }
            var start = position;
            var keyEnd = start;
            var offset = start;
            var inherited = false;
            for (var i = start; i < text.Length; i++)
            {
                var c = text[i];
                if (IsInlineSpace(c))
                {
                    continue;
                }
                if (c is '=' or ':' or '\n')
                {
                    keyEnd = i;
                    offset = i + 1;
                    inherited = c == '\n';
                    break;
                }
                if (c is '_' or '.' or '-' or '[' or ']' || char.IsLetter(c) || char.IsNumber(c) || char.IsSurrogate(c))
                {
                    continue;
                }
                var lineEnd = text.IndexOf('\n', start);
                var firstLine = lineEnd < 0 ? text[start..] : text[start..lineEnd];
                throw Error($"line {_line}: unexpected character {GoStrings.Quote(c.ToString())} in variable name {GoStrings.Quote(firstLine)}", i);
            }
            var key = text[start..keyEnd];
            if (inherited && !key.Contains(' ', StringComparison.Ordinal))
            {
                _line++;
            }
            key = key.TrimEnd();
            var rest = offset;
            while (rest < text.Length && IsInlineSpace(text[rest]))
            {
                rest++;
            }
            return (key, start, rest, inherited);
        }

        private bool HasExportPrefix(int position)
        {
            // "export" followed by at least one of Go's \s ([\t\n\f\r ]).
            return string.CompareOrdinal(text, position, "export", 0, 6) == 0
                && position + 6 < text.Length
                && text[position + 6] is '\t' or '\n' or '\f' or '\r' or ' ';
        }

        private (string Value, int Next, bool Quoted) ExtractValue(int position, string key)
        {
            var quote = position < text.Length ? text[position] : '\0';
            if (quote is not ('"' or '\''))
            {
                var newline = text.IndexOf('\n', position);
                var lineEnd = newline < 0 ? text.Length : newline;
                var rest = newline < 0 ? text.Length : newline + 1;
                _line++;
                var raw = text[position..lineEnd];
                var comment = raw.IndexOf(" #", StringComparison.Ordinal);
                if (comment >= 0)
                {
                    raw = raw[..comment];
                }
                raw = raw.TrimEnd();
                return (Expand(raw, position), rest, false);
            }
            var chars = new StringBuilder();
            var escaped = false;
            for (var i = position + 1; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '\n')
                {
                    _line++;
                }
                if (c != quote)
                {
                    if (!escaped && c == '\\')
                    {
                        escaped = true;
                        continue;
                    }
                    if (escaped)
                    {
                        escaped = false;
                        chars.Append('\\');
                    }
                    chars.Append(c);
                    continue;
                }
                if (escaped)
                {
                    escaped = false;
                    chars.Append(c);
                    continue;
                }
                var value = chars.ToString();
                if (quote == '"')
                {
                    value = Expand(ExpandEscapes(value), position);
                }
                return (value, i + 1, true);
            }
            var end = text.IndexOf('\n', position);
            var shown = end < 0 ? text[position..] : text[position..end];
            // An error message ends up in CI logs: the value of a credential is not repeated there.
            if (Rules.SecretDetector.IsSecretName(key))
            {
                throw Error($"line {_line}: unterminated quoted value of {key} (value not shown: the name looks like a credential)", position);
            }
            throw Error($"line {_line}: unterminated quoted value {shown}", position);
        }

        private string Expand(string value, int position)
        {
            var result = ComposeTemplate.Substitute(value, name => lookup(name) ?? (values.TryGetValue(name, out var known) ? known : null));
            return result.Error is { } error ? throw Error(error.Message, position) : result.Value;
        }

        private DotEnvException Error(string message, int offset)
        {
            var (line, column) = _lines.GetPosition(offset);
            return new DotEnvException(message, new SourceSpan(file, line, column, line, column + 1));
        }

        private static bool IsInlineSpace(char c) => c is '\t' or '\v' or '\f' or '\r' or ' ' or '\u0085' or '\u00A0';
    }

    /// <summary>Standard escapes inside double quotes; <c>\$</c> becomes <c>$$</c> so expansion leaves a literal '$'.</summary>
    internal static string ExpandEscapes(string value)
    {
        if (value.IndexOf('\\', StringComparison.Ordinal) < 0)
        {
            return value;
        }
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c != '\\' || i + 1 >= value.Length)
            {
                builder.Append(c);
                continue;
            }
            var next = value[i + 1];
            switch (next)
            {
                case 'a': builder.Append('\a'); i++; continue;
                case 'b': builder.Append('\b'); i++; continue;
                case 'f': builder.Append('\f'); i++; continue;
                case 'n': builder.Append('\n'); i++; continue;
                case 'r': builder.Append('\r'); i++; continue;
                case 't': builder.Append('\t'); i++; continue;
                case 'v': builder.Append('\v'); i++; continue;
                case '\\': builder.Append('\\'); i++; continue;
                case '"': builder.Append('"'); i++; continue;
                case '$': builder.Append("$$"); i++; continue;
                case 'c': builder.Append("\\c"); i++; continue;
                case '0':
                {
                    var digits = 0;
                    while (digits < 3 && i + 2 + digits < value.Length && char.IsAsciiDigit(value[i + 2 + digits]))
                    {
                        digits++;
                    }
                    var octal = value.Substring(i + 2, digits);
                    // Go's \NNN: exactly three octal digits and at most 0377; anything else stays as written.
                    if (digits == 3 && octal.All(d => d is >= '0' and <= '7') && Convert.ToInt32(octal, 8) is var code && code <= 255)
                    {
                        builder.Append((char)code);
                    }
                    else
                    {
                        builder.Append('\\').Append('0').Append(octal);
                    }
                    i += 1 + digits;
                    continue;
                }
                default:
                    builder.Append(c);
                    continue;
            }
        }
        return builder.ToString();
    }
}

/// <summary>Reads .env files the way Compose does for the project environment, <c>--env-file</c> and <c>env_file:</c>.</summary>
public static class DotEnvFile
{
    /// <summary>
    /// Reads <paramref name="paths"/> in order into one map (later files override earlier ones). While expanding
    /// <c>${…}</c>, a value in <paramref name="current"/> (the shell) wins over one read from the files.
    /// </summary>
    public static IReadOnlyList<DotEnvEntry> ReadAll(IEnumerable<string> paths, IReadOnlyDictionary<string, string> current, IDictionary<string, string>? values = null)
    {
        values ??= new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = new List<DotEnvEntry>();
        foreach (var path in paths)
        {
            var absolute = Path.GetFullPath(path);
            if (Directory.Exists(absolute))
            {
                throw new DrydockException($"{absolute} is a directory", SourceSpan.WholeFile(absolute), "Point to a file, not a directory.");
            }
            if (!File.Exists(absolute))
            {
                throw new DrydockException($"couldn't find env file: {absolute}", SourceSpan.WholeFile(absolute), "Create the file or fix the path.");
            }
            var snapshot = values;
            entries.AddRange(Read(absolute, name => current.TryGetValue(name, out var shell) ? shell : snapshot.TryGetValue(name, out var known) ? known : null, values));
        }
        return entries;
    }

    /// <summary>Reads one file; a parse error is a <see cref="DrydockException"/> naming the file and line.</summary>
    public static IReadOnlyList<DotEnvEntry> Read(string path, VariableLookup? lookup = null, IDictionary<string, string>? values = null)
    {
        string text;
        try
        {
            text = UserFiles.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DrydockException($"couldn't read env file: {path}: {ex.Message}", SourceSpan.WholeFile(path));
        }
        try
        {
            return DotEnvParser.Parse(text, path, lookup, values);
        }
        catch (DotEnvException ex)
        {
            throw new DrydockException($"failed to read {path}: {ex.Message}", ex.Span, "Fix the line: KEY=value, with quotes around values that hold spaces or '#'.");
        }
    }
}
