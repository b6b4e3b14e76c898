using System.Text;
using System.Text.Json;

namespace Drydock.Dockerfiles.Parsing;

/// <summary>
/// BuildKit's per-instruction argument parsers (<c>line_parsers.go</c>): each turns the text after the keyword
/// and flags into the argument chain of the instruction node.
/// </summary>
internal static class LineParsers
{
    internal sealed class LineParseException(string message) : Exception(message);

    public const string NotStringArrayMessage = "when using JSON array syntax, arrays must be comprised of strings only";

    /// <summary>Outcome of reading a JSON array of strings.</summary>
    public enum JsonArrayOutcome
    {
        Strings,
        NotJsonArray,
        InvalidJson,
        NotStringArray,
    }

    public static (DockerfileNode? Next, bool IsJson) Dispatch(string keyword, string rest, char escapeToken)
    {
        switch (keyword.ToLowerInvariant())
        {
            case "add" or "copy" or "volume":
                return MaybeJsonToList(rest);
            case "arg":
                return (NameOrNameValue(rest, escapeToken), false);
            case "cmd" or "entrypoint" or "run" or "shell":
                return MaybeJson(rest);
            case "env":
                return (NameValue(rest, "ENV", escapeToken), false);
            case "label":
                return (NameValue(rest, "LABEL", escapeToken), false);
            case "expose" or "from":
                return (WhitespaceDelimited(rest), false);
            case "healthcheck":
                return HealthConfig(rest);
            case "maintainer" or "stopsignal" or "user" or "workdir":
                return (rest.Length == 0 ? null : new DockerfileNode { Value = rest }, false);
            default:
                // Unknown instructions keep one empty argument node, as BuildKit's parseIgnore does.
                return (new DockerfileNode(), false);
        }
    }

    /// <summary>Words split at whitespace, keeping quotes and escapes in the words (BuildKit's <c>parseWords</c>).</summary>
    public static List<string> ParseWords(string rest, char escapeToken)
    {
        var words = new List<string>();
        var phase = Phase.Spaces;
        var quote = '\0';
        var blankOk = false;
        var word = new StringBuilder();
        var runes = rest.EnumerateRunes().Select(r => r.Value).ToArray();
        for (var pos = 0; pos <= runes.Length; pos++)
        {
            var ch = pos < runes.Length ? runes[pos] : -1;
            if (phase == Phase.Spaces)
            {
                if (pos == runes.Length)
                {
                    break;
                }
                if (IsSpace(ch))
                {
                    continue;
                }
                phase = Phase.Word;
            }
            if (phase is Phase.Word or Phase.Quote && pos == runes.Length)
            {
                if (blankOk || word.Length > 0)
                {
                    words.Add(word.ToString());
                }
                break;
            }
            if (phase == Phase.Word)
            {
                if (IsSpace(ch))
                {
                    phase = Phase.Spaces;
                    if (blankOk || word.Length > 0)
                    {
                        words.Add(word.ToString());
                    }
                    word.Clear();
                    blankOk = false;
                    continue;
                }
                if (ch is '\'' or '"')
                {
                    quote = (char)ch;
                    blankOk = true;
                    phase = Phase.Quote;
                }
                if (ch == escapeToken)
                {
                    if (pos + 1 == runes.Length)
                    {
                        continue;
                    }
                    // Unquoted, an escape and the next character are both kept, even a quote.
                    Append(word, ch);
                    pos++;
                    ch = runes[pos];
                }
                Append(word, ch);
                continue;
            }
            if (phase == Phase.Quote)
            {
                if (ch == quote)
                {
                    phase = Phase.Word;
                }
                if (ch == escapeToken && quote != '\'')
                {
                    if (pos + 1 == runes.Length)
                    {
                        phase = Phase.Word;
                        continue;
                    }
                    pos++;
                    Append(word, ch);
                    ch = runes[pos];
                }
                Append(word, ch);
            }
        }
        return words;
    }

    /// <summary>ENV and LABEL: <c>key value…</c> (legacy) or <c>key=value …</c>, as key/value/separator triplets.</summary>
    public static DockerfileNode? NameValue(string rest, string instruction, char escapeToken)
    {
        var words = ParseWords(rest, escapeToken);
        if (words.Count == 0)
        {
            return null;
        }
        if (!words[0].Contains('=', StringComparison.Ordinal))
        {
            var parts = SplitWhitespace(rest, 2);
            if (parts.Count < 2)
            {
                throw new LineParseException($"{instruction} must have two arguments");
            }
            return KeyValueNode(parts[0], parts[1], string.Empty);
        }
        DockerfileNode? root = null;
        DockerfileNode? last = null;
        foreach (var word in words)
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                throw new LineParseException($"Syntax error - can't find = in {GoQuote.Quote(word)}. Must be of the form: name=value");
            }
            var node = KeyValueNode(word[..equals], word[(equals + 1)..], "=");
            if (root is null)
            {
                root = node;
            }
            else
            {
                last!.Next = node;
            }
            last = node.Next!.Next;
        }
        return root;
    }

    private static DockerfileNode KeyValueNode(string key, string value, string separator) =>
        new() { Value = key, Next = new DockerfileNode { Value = value, Next = new DockerfileNode { Value = separator } } };

    /// <summary>ARG: its words as written (<c>name</c> or <c>name=value</c>).</summary>
    public static DockerfileNode? NameOrNameValue(string rest, char escapeToken) => Chain(ParseWords(rest, escapeToken));

    /// <summary>FROM and EXPOSE, and the non-JSON form of COPY, ADD and VOLUME: split at <c>[\t\v\f\r ]+</c>.</summary>
    public static DockerfileNode? WhitespaceDelimited(string rest) => rest.Length == 0 ? null : Chain(SplitWhitespace(rest, -1));

    private static DockerfileNode? Chain(IReadOnlyList<string> values)
    {
        DockerfileNode? root = null;
        DockerfileNode? previous = null;
        foreach (var value in values)
        {
            var node = new DockerfileNode { Value = value };
            if (root is null)
            {
                root = node;
            }
            else
            {
                previous!.Next = node;
            }
            previous = node;
        }
        return root;
    }

    public static (DockerfileNode? Next, bool IsJson) MaybeJson(string rest)
    {
        if (rest.Length == 0)
        {
            return (null, false);
        }
        var (outcome, values) = ParseJsonArray(rest);
        return outcome switch
        {
            JsonArrayOutcome.Strings => (Chain(values), true),
            JsonArrayOutcome.NotStringArray => throw new LineParseException(NotStringArrayMessage),
            _ => (new DockerfileNode { Value = rest }, false),
        };
    }

    public static (DockerfileNode? Next, bool IsJson) MaybeJsonToList(string rest)
    {
        var (outcome, values) = ParseJsonArray(rest);
        return outcome switch
        {
            JsonArrayOutcome.Strings => (Chain(values), true),
            JsonArrayOutcome.NotStringArray => throw new LineParseException(NotStringArrayMessage),
            _ => (WhitespaceDelimited(rest), false),
        };
    }

    /// <summary>HEALTHCHECK: the type word (CMD, NONE…) then the command, JSON or not.</summary>
    public static (DockerfileNode? Next, bool IsJson) HealthConfig(string rest)
    {
        var separator = 0;
        while (separator < rest.Length && !IsSpace(rest[separator]))
        {
            separator++;
        }
        var next = separator;
        while (next < rest.Length && IsSpace(rest[next]))
        {
            next++;
        }
        if (separator == 0)
        {
            return (null, false);
        }
        var (command, isJson) = MaybeJson(rest[next..]);
        return (new DockerfileNode { Value = rest[..separator], Next = command }, isJson);
    }

    /// <summary>
    /// Go's <c>json.Unmarshal</c> into <c>[]any</c> after the <c>[</c> check: the whole text must be valid JSON, and
    /// a valid array holding anything but strings is an error rather than a fallback to the shell form.
    /// </summary>
    public static (JsonArrayOutcome Outcome, List<string> Values) ParseJsonArray(string rest)
    {
        var values = new List<string>();
        var start = 0;
        while (start < rest.Length && IsSpace(rest[start]))
        {
            start++;
        }
        if (start >= rest.Length || rest[start] != '[')
        {
            return (JsonArrayOutcome.NotJsonArray, values);
        }
        var bytes = Encoding.UTF8.GetBytes(rest[start..]);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 10_000, CommentHandling = JsonCommentHandling.Disallow });
        var onlyStrings = true;
        try
        {
            reader.Read();
            while (reader.Read())
            {
                if (reader.CurrentDepth == 0)
                {
                    break;
                }
                if (reader.CurrentDepth == 1)
                {
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        values.Add(DecodeString(ref reader));
                    }
                    else if (reader.TokenType is not (JsonTokenType.EndArray or JsonTokenType.EndObject))
                    {
                        onlyStrings = false;
                    }
                }
            }
            // Anything but whitespace after the array makes the whole text invalid JSON.
            if (reader.Read())
            {
                return (JsonArrayOutcome.InvalidJson, values);
            }
        }
        catch (JsonException)
        {
            return (JsonArrayOutcome.InvalidJson, values);
        }
        return onlyStrings ? (JsonArrayOutcome.Strings, values) : (JsonArrayOutcome.NotStringArray, values);
    }

    private static string DecodeString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate escape: Go substitutes U+FFFD.
            return "\uFFFD";
        }
    }

    /// <summary>Go's <c>regexp.MustCompile(`[\t\v\f\r ]+`).Split(text, n)</c>.</summary>
    public static List<string> SplitWhitespace(string text, int limit)
    {
        var parts = new List<string>();
        var start = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (limit > 0 && parts.Count == limit - 1)
            {
                break;
            }
            if (IsRegexWhitespace(text[i]))
            {
                var end = i;
                while (i < text.Length && IsRegexWhitespace(text[i]))
                {
                    i++;
                }
                parts.Add(text[start..end]);
                start = i;
                continue;
            }
            i++;
        }
        parts.Add(text[start..]);
        return parts;
    }

    public static bool IsRegexWhitespace(char c) => c is '\t' or '\v' or '\f' or '\r' or ' ';

    private static bool IsSpace(int ch) => ch >= 0 && Rune.IsWhiteSpace(new Rune(ch));

    private static bool IsSpace(char c) => char.IsWhiteSpace(c);

    private static void Append(StringBuilder text, int codePoint)
    {
        if (codePoint < 0x10000)
        {
            text.Append((char)codePoint);
        }
        else
        {
            text.Append(char.ConvertFromUtf32(codePoint));
        }
    }

    private enum Phase
    {
        Spaces,
        Word,
        Quote,
    }
}
