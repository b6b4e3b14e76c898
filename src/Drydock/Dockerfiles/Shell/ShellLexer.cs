using System.Text;

namespace Drydock.Dockerfiles.Shell;

/// <summary>Variables a word is expanded with. <see cref="TryGet"/> returns false for unset names.</summary>
public interface IVariableLookup
{
    bool TryGet(string name, out string value);
}

/// <summary>A fixed set of variables (later duplicates win, as in BuildKit's env lists).</summary>
public sealed class VariableMap : IVariableLookup
{
    public static readonly VariableMap Empty = new([]);

    private readonly Dictionary<string, string> _values;

    public VariableMap(IEnumerable<KeyValuePair<string, string>> values)
    {
        _values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            _values[name] = value;
        }
    }

    /// <summary>From <c>NAME=VALUE</c> strings; a bare <c>NAME</c> is set to the empty string.</summary>
    public static VariableMap FromList(IEnumerable<string> entries) =>
        new(entries.Select(entry =>
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            return equals < 0 ? new KeyValuePair<string, string>(entry, string.Empty) : new KeyValuePair<string, string>(entry[..equals], entry[(equals + 1)..]);
        }));

    public bool TryGet(string name, out string value) => _values.TryGetValue(name, out value!);
}

/// <summary>The result of expanding a word: the text, the words it splits into, and the variables it looked up.</summary>
public sealed record ShellExpansion(string Result, IReadOnlyList<string> Words, IReadOnlySet<string> Matched, IReadOnlySet<string> Unmatched, string? Error)
{
    /// <summary>With <see cref="ShellLexer.PreserveUnsetReferences"/>: the unset variables left in the result as written.</summary>
    public IReadOnlySet<string> Preserved { get; init; } = new HashSet<string>();

    public bool Failed => Error is not null;
}

/// <summary>
/// BuildKit's Dockerfile word lexer (<c>frontend/dockerfile/shell</c>): quotes, the escape token, <c>$V</c>,
/// <c>${V}</c>, <c>${V:-d}</c>, <c>${V-d}</c>, <c>${V:+a}</c>, <c>${V+a}</c>, <c>${V?m}</c>, <c>${V:?m}</c>,
/// <c>${V#p}</c>, <c>${V%p}</c>, <c>${V/p/r}</c>, word splitting, and the same errors for unsupported forms.
/// This is how ENV, ARG, FROM, COPY… arguments are expanded, not a POSIX shell (see <see cref="ShellScriptParser"/>).
/// Not thread-safe: one instance per use.
/// </summary>
public sealed class ShellLexer
{
    private const int Eof = -1;

    // Nested ${a:-${b:-…}} recurse; far beyond any real Dockerfile, refuse rather than exhaust the stack.
    private const int MaxNesting = 200;

    private readonly char _escapeToken;
    // BuildKit shares one words buffer across nested expansions; keeping that quirk keeps ProcessWords identical.
    private readonly StringBuilder _wordsBuffer = new();
    private int[] _input = [];
    private int _position;
    private IVariableLookup _variables = VariableMap.Empty;
    private bool _capture;
    private bool _rawEscapes;
    private HashSet<string>? _matched;
    private HashSet<string>? _unmatched;
    private HashSet<string>? _preserved;
    private int _nesting;

    public ShellLexer(char escapeToken = '\\')
    {
        _escapeToken = escapeToken;
    }

    /// <summary>Keep quote characters in the result.</summary>
    public bool RawQuotes { get; set; }

    /// <summary>Keep escape tokens in the result.</summary>
    public bool RawEscapes { get; set; }

    /// <summary>Treat quotes as ordinary characters.</summary>
    public bool SkipProcessQuotes { get; set; }

    /// <summary>Leave references to unset variables as written (<c>$V</c>, <c>${V:-d}</c>) instead of expanding them.</summary>
    public bool SkipUnsetEnv { get; set; }

    /// <summary>
    /// Drydock's analysis mode (not BuildKit's): a plain <c>$V</c> or <c>${V}</c> whose value is unknown stays as written
    /// (and is listed in <see cref="ShellExpansion.Preserved"/>) while defaults such as <c>${V:-d}</c> still apply.
    /// </summary>
    public bool PreserveUnsetReferences { get; set; }

    /// <summary>Expands one word; spaces between words are kept.</summary>
    public ShellExpansion ProcessWord(string word, IVariableLookup variables) => Process(word, variables, capture: true);

    /// <summary>Expands and splits into words at unquoted whitespace.</summary>
    public ShellExpansion ProcessWords(string word, IVariableLookup variables) => Process(word, variables, capture: false);

    private ShellExpansion Process(string word, IVariableLookup variables, bool capture)
    {
        _input = ToCodePoints(word);
        _position = 0;
        _variables = variables;
        _capture = capture;
        _rawEscapes = RawEscapes;
        _matched = null;
        _unmatched = null;
        _preserved = null;
        _nesting = 0;
        try
        {
            var result = ProcessStopOn(Eof, _rawEscapes, out var words);
            return new ShellExpansion(result, words, Set(_matched), Set(_unmatched), null) { Preserved = Set(_preserved) };
        }
        catch (ShellExpansionException error)
        {
            return new ShellExpansion(string.Empty, [], Set(_matched), Set(_unmatched), $"failed to process \"{word}\": {error.Message}") { Preserved = Set(_preserved) };
        }
    }

    private static IReadOnlySet<string> Set(HashSet<string>? set) => set is null ? EmptySet : set;

    private static readonly IReadOnlySet<string> EmptySet = new HashSet<string>();

    private static int[] ToCodePoints(string text)
    {
        var points = new int[text.Length];
        var count = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            points[count++] = rune.Value;
        }
        return count == points.Length ? points : points[..count];
    }

    private int Peek() => _position < _input.Length ? _input[_position] : Eof;

    private int Next() => _position < _input.Length ? _input[_position++] : Eof;

    private static void AppendRune(StringBuilder text, int codePoint)
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

    private static bool IsSpace(int codePoint) => codePoint >= 0 && Rune.IsWhiteSpace(new Rune(codePoint));

    private string ProcessStopOn(int stopChar, bool rawEscapes, out List<string> words)
    {
        if (++_nesting > MaxNesting)
        {
            _nesting = 0;
            throw new ShellExpansionException("substitutions nested too deeply");
        }
        var result = new StringBuilder();
        _wordsBuffer.Clear();
        var collector = new WordCollector(_wordsBuffer);
        var savedRawEscapes = _rawEscapes;
        _rawEscapes = rawEscapes;
        try
        {
            while (Peek() != Eof)
            {
                var ch = Peek();
                if (stopChar != Eof && ch == stopChar)
                {
                    Next();
                    words = collector.GetWords();
                    return result.ToString();
                }
                string? special = ch switch
                {
                    '$' => ProcessDollar(),
                    '<' => ProcessPossibleHeredoc(),
                    '\'' when !SkipProcessQuotes => ProcessSingleQuote(),
                    '"' when !SkipProcessQuotes => ProcessDoubleQuote(),
                    _ => null,
                };
                if (special is not null)
                {
                    result.Append(special);
                    if (ch == '$')
                    {
                        collector.AddString(special);
                    }
                    else
                    {
                        collector.AddRawString(special);
                    }
                    continue;
                }
                ch = Next();
                if (ch == _escapeToken)
                {
                    if (_rawEscapes)
                    {
                        collector.AddRawChar(ch);
                        AppendRune(result, ch);
                    }
                    ch = Next();
                    if (ch == Eof)
                    {
                        break;
                    }
                    collector.AddRawChar(ch);
                }
                else
                {
                    collector.AddChar(ch);
                }
                AppendRune(result, ch);
            }
            if (stopChar != Eof)
            {
                throw new ShellExpansionException($"unexpected end of statement while looking for matching {char.ConvertFromUtf32(stopChar)}");
            }
            words = collector.GetWords();
            return result.ToString();
        }
        finally
        {
            _rawEscapes = savedRawEscapes;
            _nesting = Math.Max(0, _nesting - 1);
        }
    }

    private string ProcessSingleQuote()
    {
        var result = new StringBuilder();
        var ch = Next();
        if (RawQuotes)
        {
            AppendRune(result, ch);
        }
        while (true)
        {
            ch = Next();
            switch (ch)
            {
                case Eof:
                    throw new ShellExpansionException("unexpected end of statement while looking for matching single-quote");
                case '\'':
                    if (RawQuotes)
                    {
                        AppendRune(result, ch);
                    }
                    return result.ToString();
            }
            AppendRune(result, ch);
        }
    }

    private string ProcessDoubleQuote()
    {
        var result = new StringBuilder();
        var ch = Next();
        if (RawQuotes)
        {
            AppendRune(result, ch);
        }
        while (true)
        {
            switch (Peek())
            {
                case Eof:
                    throw new ShellExpansionException("unexpected end of statement while looking for matching double-quote");
                case '"':
                    ch = Next();
                    if (RawQuotes)
                    {
                        AppendRune(result, ch);
                    }
                    return result.ToString();
                case '$':
                    result.Append(ProcessDollar());
                    break;
                default:
                    ch = Next();
                    if (ch == _escapeToken)
                    {
                        if (_rawEscapes)
                        {
                            AppendRune(result, ch);
                        }
                        var following = Peek();
                        if (following == Eof)
                        {
                            // An escape at the end of the word is dropped.
                            continue;
                        }
                        if (following == '"' || following == '$' || following == _escapeToken)
                        {
                            ch = Next();
                        }
                    }
                    AppendRune(result, ch);
                    break;
            }
        }
    }

    private string ProcessDollar()
    {
        Next();
        if (Peek() != '{')
        {
            var simpleName = ProcessName();
            if (simpleName.Length == 0)
            {
                return "$";
            }
            var found = TryGetVariable(simpleName, out var simpleValue);
            if (!found && (SkipUnsetEnv || Preserve(simpleName)))
            {
                return "$" + simpleName;
            }
            return simpleValue;
        }
        Next();
        switch (Peek())
        {
            case Eof:
                throw new ShellExpansionException("syntax error: missing '}'");
            case '{' or '}' or ':':
                throw new ShellExpansionException("syntax error: bad substitution");
        }
        var name = ProcessName();
        var ch = Next();
        var modifier = ch == Eof ? string.Empty : char.ConvertFromUtf32(ch);
        var nullIsUnset = false;
        switch (ch)
        {
            case '}':
            {
                var set = TryGetVariable(name, out var value);
                if (!set && (SkipUnsetEnv || Preserve(name)))
                {
                    return "${" + name + "}";
                }
                return value;
            }
            case ':' or '+' or '-' or '?' or '#' or '%':
            {
                if (ch == ':')
                {
                    nullIsUnset = true;
                    ch = Next();
                    modifier += ch == Eof ? string.Empty : char.ConvertFromUtf32(ch);
                }
                var rawEscapes = ch is '#' or '%';
                if (nullIsUnset && rawEscapes)
                {
                    throw new ShellExpansionException($"unsupported modifier ({modifier}) in substitution");
                }
                string word;
                try
                {
                    word = ProcessStopOn('}', rawEscapes, out _);
                }
                catch (ShellExpansionException) when (Peek() == Eof)
                {
                    throw new ShellExpansionException("syntax error: missing '}'");
                }
                var set = TryGetVariable(name, out var value);
                if (!set && (SkipUnsetEnv || (ch is not ('-' or '+') && Preserve(name))))
                {
                    return "${" + name + modifier + word + "}";
                }
                switch (ch)
                {
                    case '-':
                        return !set || (nullIsUnset && value.Length == 0) ? word : value;
                    case '+':
                        return !set || (nullIsUnset && value.Length == 0) ? string.Empty : word;
                    case '?':
                        if (!set)
                        {
                            throw new ShellExpansionException($"{name}: {(word.Length > 0 ? word : "is not allowed to be unset")}");
                        }
                        if (nullIsUnset && value.Length == 0)
                        {
                            throw new ShellExpansionException($"{name}: {(word.Length > 0 ? word : "is not allowed to be empty")}");
                        }
                        return value;
                    case '%' or '#':
                    {
                        var greedy = false;
                        if (word.Length > 0 && word[0] == ch)
                        {
                            greedy = true;
                            word = word[1..];
                        }
                        return ch == '%' ? ShellPatterns.TrimSuffix(word, value, greedy) : ShellPatterns.TrimPrefix(word, value, greedy);
                    }
                    default:
                        throw new ShellExpansionException($"unsupported modifier ({modifier}) in substitution");
                }
            }
            case '/':
            {
                var replaceAll = Peek() == '/';
                if (replaceAll)
                {
                    Next();
                }
                string pattern;
                try
                {
                    pattern = ProcessStopOn('/', true, out _);
                }
                catch (ShellExpansionException) when (Peek() == Eof)
                {
                    throw new ShellExpansionException("syntax error: missing '/' in ${}");
                }
                string replacement;
                try
                {
                    replacement = ProcessStopOn('}', true, out _);
                }
                catch (ShellExpansionException) when (Peek() == Eof)
                {
                    throw new ShellExpansionException("syntax error: missing '}'");
                }
                var set = TryGetVariable(name, out var value);
                if (!set && (SkipUnsetEnv || Preserve(name)))
                {
                    return "${" + name + "/" + pattern + "/" + replacement + "}";
                }
                return ShellPatterns.Replace(value, pattern, replacement, replaceAll);
            }
            default:
                throw new ShellExpansionException($"unsupported modifier ({modifier}) in substitution");
        }
    }

    private string ProcessName()
    {
        var name = new StringBuilder();
        while (Peek() != Eof)
        {
            var ch = Peek();
            if (name.Length == 0 && IsDigit(ch))
            {
                while (Peek() != Eof && IsDigit(Peek()))
                {
                    AppendRune(name, Next());
                }
                return name.ToString();
            }
            if (name.Length == 0 && IsSpecialParameter(ch))
            {
                AppendRune(name, Next());
                return name.ToString();
            }
            if (!IsLetter(ch) && !IsDigit(ch) && ch != '_')
            {
                break;
            }
            AppendRune(name, Next());
        }
        return name.ToString();
    }

    private static bool IsDigit(int ch) => ch >= 0 && Rune.IsDigit(new Rune(ch));

    private static bool IsLetter(int ch) => ch >= 0 && Rune.IsLetter(new Rune(ch));

    private static bool IsSpecialParameter(int ch) => ch is '@' or '*' or '#' or '?' or '-' or '$' or '!' or '0';

    private string ProcessPossibleHeredoc()
    {
        Next();
        if (Peek() != '<')
        {
            return "<";
        }
        Next();
        var result = new StringBuilder("<<");
        while (Peek() is '\t' or '\r' or ' ')
        {
            AppendRune(result, Next());
        }
        return result.ToString();
    }

    private bool Preserve(string name)
    {
        if (!PreserveUnsetReferences)
        {
            return false;
        }
        (_preserved ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);
        return true;
    }

    private bool TryGetVariable(string name, out string value)
    {
        if (_variables.TryGet(name, out value))
        {
            if (_capture)
            {
                (_matched ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);
            }
            return true;
        }
        if (_capture)
        {
            (_unmatched ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);
        }
        value = string.Empty;
        return false;
    }

    /// <summary>Collects words: unquoted whitespace splits them, quoted text and escapes never do.</summary>
    private sealed class WordCollector(StringBuilder buffer)
    {
        private readonly List<string> _words = [];
        private bool _inWord;

        public void AddChar(int ch)
        {
            if (IsSpace(ch) && _inWord)
            {
                if (buffer.Length != 0)
                {
                    _words.Add(buffer.ToString());
                    buffer.Clear();
                    _inWord = false;
                }
            }
            else if (!IsSpace(ch))
            {
                AddRawChar(ch);
            }
        }

        public void AddRawChar(int ch)
        {
            AppendRune(buffer, ch);
            _inWord = true;
        }

        public void AddString(string text)
        {
            foreach (var rune in text.EnumerateRunes())
            {
                AddChar(rune.Value);
            }
        }

        public void AddRawString(string text)
        {
            buffer.Append(text);
            _inWord = true;
        }

        public List<string> GetWords()
        {
            if (buffer.Length > 0)
            {
                _words.Add(buffer.ToString());
                buffer.Clear();
                _inWord = false;
            }
            return _words;
        }
    }
}

/// <summary>An expansion error; the lexer turns it into <see cref="ShellExpansion.Error"/>.</summary>
internal sealed class ShellExpansionException(string message) : Exception(message);
