using System.Text;

namespace Drydock.BuildContext.IgnoreFile;

/// <summary>
/// The regular expressions Docker's pattern matcher builds from wildcard patterns, interpreted with Go's RE2
/// semantics (Perl flags: <c>.</c> excludes newline, negated classes include it, <c>^</c>/<c>$</c> are text
/// anchors). Docker writes the regex by text substitution and does not track <c>[...]</c> classes, so odd
/// patterns such as <c>[a*]</c> produce odd expressions; parsing the same text the same way keeps even those exact.
/// A small Pike VM runs it over the path's runes (Go decoding: an invalid byte is one U+FFFD).
/// Not supported (reported as an invalid pattern): <c>\b</c>, <c>\B</c>, <c>\p</c>, <c>\P</c>.
/// </summary>
internal sealed class GoRegex
{
    private readonly Instruction[] _program;
    private readonly bool _anchoredStart;
    private readonly GlobToken[]? _glob;

    private GoRegex(Instruction[] program, bool anchoredStart, byte[] literalPrefix, byte[] literalSuffix, int? fixedSlashCount, GlobToken[]? glob)
    {
        _program = program;
        _glob = glob;
        _anchoredStart = anchoredStart;
        LiteralPrefix = literalPrefix;
        LiteralSuffix = literalSuffix;
        FixedSlashCount = fixedSlashCount;
    }

    /// <summary>Whether matching takes the direct path (tests compare it with the automaton).</summary>
    internal bool UsesGlob => _glob is not null;

    /// <summary>Every match starts with these bytes (possibly none).</summary>
    public byte[] LiteralPrefix { get; }

    /// <summary>Every match ends with these bytes (possibly none).</summary>
    public byte[] LiteralSuffix { get; }

    /// <summary>When known, the exact number of '/' in every match.</summary>
    public int? FixedSlashCount { get; }

    /// <summary>Parses RE2 syntax (the subset Docker's translation can produce); throws <see cref="FormatException"/>.</summary>
    public static GoRegex Parse(string expression, bool allowGlob = true)
    {
        var runes = new List<int>(expression.Length);
        foreach (var rune in expression.EnumerateRunes())
        {
            runes.Add(rune.Value);
        }
        var parser = new Parser([.. runes]);
        var nodes = parser.ParseAll();
        var compiler = new List<Instruction>();
        foreach (var node in nodes)
        {
            Compile(node, compiler);
        }
        compiler.Add(new Instruction(OpCode.Match, 0, 0, null));
        var anchored = nodes.Count > 0 && nodes[0] is AssertNode { Begin: true };
        return new GoRegex([.. compiler], anchored, LiteralRun(nodes, fromEnd: false), LiteralRun(nodes, fromEnd: true), SlashCount(nodes), allowGlob ? GlobToken.TryBuild(nodes) : null);
    }

    /// <summary>True when the expression matches anywhere in <paramref name="text"/> (Go's MatchString).</summary>
    public bool IsMatch(ReadOnlySpan<byte> text)
    {
        if (_glob is not null)
        {
            return GlobToken.IsMatch(_glob, text);
        }
        var count = _program.Length;
        Span<int> currentDense = count <= 256 ? stackalloc int[count] : new int[count];
        Span<int> nextDense = count <= 256 ? stackalloc int[count] : new int[count];
        Span<int> currentSparse = count <= 256 ? stackalloc int[count] : new int[count];
        Span<int> nextSparse = count <= 256 ? stackalloc int[count] : new int[count];
        var current = new ThreadList(currentDense, currentSparse);
        var next = new ThreadList(nextDense, nextSparse);
        var position = 0;
        AddThread(ref current, 0, position, text.Length);
        while (true)
        {
            if (current.Count == 0 && _anchoredStart)
            {
                return false;
            }
            for (var i = 0; i < current.Count; i++)
            {
                if (_program[current.Dense[i]].Op == OpCode.Match)
                {
                    return true;
                }
            }
            if (position >= text.Length)
            {
                return false;
            }
            var width = GoText.DecodeRune(text[position..], out var rune);
            next.Clear();
            for (var i = 0; i < current.Count; i++)
            {
                var instruction = _program[current.Dense[i]];
                if (instruction.Op == OpCode.Char && instruction.Set!.Contains(rune))
                {
                    AddThread(ref next, current.Dense[i] + 1, position + width, text.Length);
                }
            }
            position += width;
            if (!_anchoredStart)
            {
                AddThread(ref next, 0, position, text.Length);
            }
            var swap = current;
            current = next;
            next = swap;
        }
    }

    private void AddThread(ref ThreadList list, int pc, int position, int length)
    {
        if (list.Contains(pc))
        {
            return;
        }
        list.Add(pc);
        var instruction = _program[pc];
        switch (instruction.Op)
        {
            case OpCode.Jump:
                AddThread(ref list, instruction.X, position, length);
                break;
            case OpCode.Split:
                AddThread(ref list, instruction.X, position, length);
                AddThread(ref list, instruction.Y, position, length);
                break;
            case OpCode.AssertBegin:
                if (position == 0)
                {
                    AddThread(ref list, pc + 1, position, length);
                }
                break;
            case OpCode.AssertEnd:
                if (position == length)
                {
                    AddThread(ref list, pc + 1, position, length);
                }
                break;
        }
    }

    private static void Compile(Node node, List<Instruction> program)
    {
        switch (node)
        {
            case CharNode character:
                program.Add(new Instruction(OpCode.Char, 0, 0, character.Set));
                break;
            case AssertNode assert:
                program.Add(new Instruction(assert.Begin ? OpCode.AssertBegin : OpCode.AssertEnd, 0, 0, null));
                break;
            case GroupNode group:
                foreach (var item in group.Items)
                {
                    Compile(item, program);
                }
                break;
            case RepeatNode { Min: 0, Unbounded: false } optional:
            {
                var split = program.Count;
                program.Add(null!);
                Compile(optional.Item, program);
                program[split] = new Instruction(OpCode.Split, split + 1, program.Count, null);
                break;
            }
            case RepeatNode { Min: 0 } star:
            {
                var split = program.Count;
                program.Add(null!);
                Compile(star.Item, program);
                program.Add(new Instruction(OpCode.Jump, split, 0, null));
                program[split] = new Instruction(OpCode.Split, split + 1, program.Count, null);
                break;
            }
            case RepeatNode plus:
            {
                var start = program.Count;
                Compile(plus.Item, program);
                program.Add(new Instruction(OpCode.Split, start, program.Count + 1, null));
                break;
            }
        }
    }

    private static byte[] LiteralRun(List<Node> nodes, bool fromEnd)
    {
        var runes = new List<int>();
        var step = fromEnd ? -1 : 1;
        var index = fromEnd ? nodes.Count - 1 : 0;
        var anchor = fromEnd ? nodes.Count > 0 && nodes[^1] is AssertNode { Begin: false } : nodes.Count > 0 && nodes[0] is AssertNode { Begin: true };
        if (!anchor)
        {
            return [];
        }
        for (index += step; index >= 0 && index < nodes.Count; index += step)
        {
            if (nodes[index] is not CharNode { Set.Literal: { } literal } || literal == GoText.RuneError)
            {
                break;
            }
            runes.Add(literal);
        }
        if (fromEnd)
        {
            runes.Reverse();
        }
        var text = new StringBuilder();
        foreach (var rune in runes)
        {
            text.Append(char.ConvertFromUtf32(rune));
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static int? SlashCount(List<Node> nodes)
    {
        var count = 0;
        foreach (var node in nodes)
        {
            switch (node)
            {
                case CharNode { Set.Literal: '/' }:
                    count++;
                    break;
                case CharNode character when character.Set.Contains('/'):
                    return null;
                case GroupNode or RepeatNode when MayMatchSlash(node):
                    return null;
            }
        }
        return count;
    }

    private static bool MayMatchSlash(Node node) => node switch
    {
        CharNode character => character.Set.Contains('/'),
        GroupNode group => group.Items.Any(MayMatchSlash),
        RepeatNode repeat => MayMatchSlash(repeat.Item),
        _ => false,
    };

    private enum OpCode : byte
    {
        Char,
        Split,
        Jump,
        AssertBegin,
        AssertEnd,
        Match,
    }

    private sealed record Instruction(OpCode Op, int X, int Y, CharSet? Set);

    private ref struct ThreadList(Span<int> dense, Span<int> sparse)
    {
        public readonly Span<int> Dense = dense;
        private readonly Span<int> _sparse = sparse;

        public int Count { get; private set; }

        public readonly bool Contains(int pc)
        {
            var slot = _sparse[pc];
            return (uint)slot < (uint)Count && Dense[slot] == pc;
        }

        public void Add(int pc)
        {
            _sparse[pc] = Count;
            Dense[Count++] = pc;
        }

        public void Clear() => Count = 0;
    }

    private abstract record Node;

    private sealed record CharNode(CharSet Set) : Node;

    private sealed record AssertNode(bool Begin) : Node;

    private sealed record GroupNode(List<Node> Items) : Node;

    private sealed record RepeatNode(Node Item, int Min, bool Unbounded) : Node;

    /// <summary>A set of runes: ranges, possibly negated. <see cref="Literal"/> is set for a single rune.</summary>
    private sealed class CharSet
    {
        private readonly (int Low, int High)[] _ranges;
        private readonly bool _negated;

        public CharSet((int Low, int High)[] ranges, bool negated)
        {
            _ranges = ranges;
            _negated = negated;
            if (!negated && ranges.Length == 1 && ranges[0].Low == ranges[0].High)
            {
                Literal = ranges[0].Low;
            }
        }

        public int? Literal { get; }

        /// <summary>Exactly <c>[^/]</c>.</summary>
        public bool IsNotSlash => _negated && _ranges.Length == 1 && _ranges[0] == ('/', '/');

        /// <summary>Exactly <c>.</c> (anything but a newline).</summary>
        public bool IsAnyButNewline => _negated && _ranges.Length == 1 && _ranges[0] == ('\n', '\n');

        public static CharSet Single(int rune) => new([(rune, rune)], false);

        public bool Contains(int rune)
        {
            var inside = false;
            foreach (var (low, high) in _ranges)
            {
                if (rune >= low && rune <= high)
                {
                    inside = true;
                    break;
                }
            }
            return inside != _negated;
        }
    }

    private enum GlobKind : byte
    {
        Literal,
        AnyExceptSlash,
        StarExceptSlash,
        Class,
        AnyDirectories,
        Rest,
    }

    /// <summary>
    /// The expressions wildcard patterns usually produce (<c>^</c>, literals, <c>[^/]</c>, <c>[^/]*</c>, classes,
    /// <c>(.*/)?</c>, a final <c>.*</c>, <c>$</c>) recognized in the parsed tree and matched directly on the bytes by
    /// backtracking with a failure memo: same answers as the automaton, much less work per path.
    /// </summary>
    private sealed class GlobToken(GlobKind kind, byte[]? literal = null, CharSet? set = null)
    {
        public GlobKind Kind { get; } = kind;

        public byte[]? Literal { get; } = literal;

        public CharSet? Set { get; } = set;

        public static GlobToken[]? TryBuild(List<Node> nodes)
        {
            if (nodes.Count < 2 || nodes[0] is not AssertNode { Begin: true } || nodes[^1] is not AssertNode { Begin: false })
            {
                return null;
            }
            var tokens = new List<GlobToken>();
            var literal = new StringBuilder();
            void Flush()
            {
                if (literal.Length > 0)
                {
                    tokens.Add(new GlobToken(GlobKind.Literal, Encoding.UTF8.GetBytes(literal.ToString())));
                    literal.Clear();
                }
            }
            for (var i = 1; i < nodes.Count - 1; i++)
            {
                switch (nodes[i])
                {
                    case CharNode { Set.Literal: { } rune } when rune != GoText.RuneError && !(rune is >= 0xD800 and <= 0xDFFF):
                        literal.Append(char.ConvertFromUtf32(rune));
                        break;
                    case CharNode { Set: var set } when set.IsNotSlash:
                        Flush();
                        tokens.Add(new GlobToken(GlobKind.AnyExceptSlash));
                        break;
                    case CharNode { Set: var set } when set.Literal is null:
                        Flush();
                        tokens.Add(new GlobToken(GlobKind.Class, set: set));
                        break;
                    case RepeatNode { Min: 0, Unbounded: true, Item: CharNode { Set.IsNotSlash: true } }:
                        Flush();
                        tokens.Add(new GlobToken(GlobKind.StarExceptSlash));
                        break;
                    case RepeatNode { Min: 0, Unbounded: false, Item: GroupNode { Items: [RepeatNode { Min: 0, Unbounded: true, Item: CharNode { Set.IsAnyButNewline: true } }, CharNode { Set.Literal: '/' }] } }:
                        Flush();
                        tokens.Add(new GlobToken(GlobKind.AnyDirectories));
                        break;
                    case RepeatNode { Min: 0, Unbounded: true, Item: CharNode { Set.IsAnyButNewline: true } } when i == nodes.Count - 2:
                        Flush();
                        tokens.Add(new GlobToken(GlobKind.Rest));
                        break;
                    default:
                        return null;
                }
            }
            Flush();
            return [.. tokens];
        }

        public static bool IsMatch(GlobToken[] tokens, ReadOnlySpan<byte> text)
        {
            // failed[token * (length + 1) + position]: this suffix of the pattern is known not to match there.
            var size = tokens.Length * (text.Length + 1);
            Span<bool> failed = size <= 2048 ? stackalloc bool[size] : new bool[size];
            failed.Clear();
            return Match(tokens, 0, text, 0, failed);
        }

        private static bool Match(GlobToken[] tokens, int index, ReadOnlySpan<byte> text, int position, Span<bool> failed)
        {
            while (true)
            {
                if (index == tokens.Length)
                {
                    return position == text.Length;
                }
                var slot = (index * (text.Length + 1)) + position;
                if (failed[slot])
                {
                    return false;
                }
                var token = tokens[index];
                switch (token.Kind)
                {
                    case GlobKind.Literal:
                        if (!text[position..].StartsWith(token.Literal))
                        {
                            failed[slot] = true;
                            return false;
                        }
                        position += token.Literal!.Length;
                        index++;
                        continue;
                    case GlobKind.AnyExceptSlash or GlobKind.Class:
                    {
                        if (position >= text.Length)
                        {
                            failed[slot] = true;
                            return false;
                        }
                        var width = GoText.DecodeRune(text[position..], out var rune);
                        if (token.Kind == GlobKind.AnyExceptSlash ? rune == '/' : !token.Set!.Contains(rune))
                        {
                            failed[slot] = true;
                            return false;
                        }
                        position += width;
                        index++;
                        continue;
                    }
                    case GlobKind.StarExceptSlash:
                        // Any run of runes without '/': try every end, shortest first.
                        for (var end = position; ; )
                        {
                            if (Match(tokens, index + 1, text, end, failed))
                            {
                                return true;
                            }
                            if (end >= text.Length || text[end] == (byte)'/')
                            {
                                break;
                            }
                            end += GoText.DecodeRune(text[end..], out _);
                        }
                        failed[slot] = true;
                        return false;
                    case GlobKind.AnyDirectories:
                        // Nothing, or anything without a newline that ends with '/'.
                        if (Match(tokens, index + 1, text, position, failed))
                        {
                            return true;
                        }
                        for (var end = position; end < text.Length && text[end] != (byte)'\n'; end++)
                        {
                            if (text[end] == (byte)'/' && Match(tokens, index + 1, text, end + 1, failed))
                            {
                                return true;
                            }
                        }
                        failed[slot] = true;
                        return false;
                    default:
                        // A final ".*": the rest must hold no newline.
                        return text[position..].IndexOf((byte)'\n') < 0;
                }
            }
        }
    }

    private sealed class Parser(int[] source)
    {
        private int _position;

        private bool AtEnd => _position >= source.Length;

        private int Current => source[_position];

        public List<Node> ParseAll()
        {
            var nodes = ParseSequence(inGroup: false);
            if (!AtEnd)
            {
                throw new FormatException("unexpected )");
            }
            return nodes;
        }

        private List<Node> ParseSequence(bool inGroup)
        {
            var items = new List<Node>();
            while (!AtEnd)
            {
                var c = Current;
                switch (c)
                {
                    case '(':
                        _position++;
                        if (!AtEnd && Current == '?')
                        {
                            throw new FormatException("group flags are not supported");
                        }
                        var inner = ParseSequence(inGroup: true);
                        if (AtEnd || Current != ')')
                        {
                            throw new FormatException("missing closing )");
                        }
                        _position++;
                        items.Add(new GroupNode(inner));
                        break;
                    case ')':
                        if (inGroup)
                        {
                            return items;
                        }
                        throw new FormatException("unexpected )");
                    case '|':
                        throw new FormatException("alternation is not supported");
                    case '*' or '+' or '?':
                        _position++;
                        if (items.Count == 0)
                        {
                            throw new FormatException("missing argument to repetition operator");
                        }
                        if (items[^1] is RepeatNode)
                        {
                            throw new FormatException("invalid nested repetition operator");
                        }
                        items[^1] = new RepeatNode(items[^1], c == '+' ? 1 : 0, c != '?');
                        if (!AtEnd && Current == '?')
                        {
                            _position++; // Non-greedy: the same language, and we only ask whether it matches.
                        }
                        break;
                    case '{' when LooksLikeCount():
                        throw new FormatException("counted repetition is not supported");
                    case '^':
                        _position++;
                        items.Add(new AssertNode(Begin: true));
                        break;
                    case '$':
                        _position++;
                        items.Add(new AssertNode(Begin: false));
                        break;
                    case '.':
                        _position++;
                        items.Add(new CharNode(new CharSet([('\n', '\n')], negated: true)));
                        break;
                    case '[':
                        items.Add(new CharNode(ParseClass()));
                        break;
                    case '\\':
                        ParseEscapeOutsideClass(items);
                        break;
                    default:
                        _position++;
                        items.Add(new CharNode(CharSet.Single(c)));
                        break;
                }
            }
            return items;
        }

        private bool LooksLikeCount()
        {
            var i = _position + 1;
            var digits = 0;
            while (i < source.Length && source[i] is >= '0' and <= '9')
            {
                i++;
                digits++;
            }
            if (digits == 0)
            {
                return false;
            }
            if (i < source.Length && source[i] == ',')
            {
                i++;
                while (i < source.Length && source[i] is >= '0' and <= '9')
                {
                    i++;
                }
            }
            return i < source.Length && source[i] == '}';
        }

        private void ParseEscapeOutsideClass(List<Node> items)
        {
            if (_position + 1 >= source.Length)
            {
                throw new FormatException("trailing backslash at end of expression");
            }
            var c = source[_position + 1];
            switch (c)
            {
                case 'A':
                    _position += 2;
                    items.Add(new AssertNode(Begin: true));
                    return;
                case 'z':
                    _position += 2;
                    items.Add(new AssertNode(Begin: false));
                    return;
                case 'b' or 'B' or 'p' or 'P':
                    throw new FormatException($"the regular-expression escape \\{(char)c} is not supported");
                case 'C':
                    throw new FormatException("invalid escape sequence \\C");
                case 'Q':
                    _position += 2;
                    while (!AtEnd)
                    {
                        if (Current == '\\' && _position + 1 < source.Length && source[_position + 1] == 'E')
                        {
                            _position += 2;
                            return;
                        }
                        items.Add(new CharNode(CharSet.Single(Current)));
                        _position++;
                    }
                    return;
            }
            if (PerlClass(c) is { } perl)
            {
                _position += 2;
                items.Add(new CharNode(new CharSet(perl.Ranges, perl.Negated)));
                return;
            }
            items.Add(new CharNode(CharSet.Single(ParseEscape())));
        }

        /// <summary>Go's parseEscape: the escape at the current '\' as one rune.</summary>
        private int ParseEscape()
        {
            _position++; // '\'
            if (AtEnd)
            {
                throw new FormatException("trailing backslash at end of expression");
            }
            var c = Current;
            _position++;
            switch (c)
            {
                case >= '1' and <= '7' when AtEnd || Current is < '0' or > '7':
                    throw new FormatException("invalid escape sequence (backreferences are not supported)");
                case >= '0' and <= '7':
                {
                    var value = c - '0';
                    for (var i = 1; i < 3 && !AtEnd && Current is >= '0' and <= '7'; i++)
                    {
                        value = (value * 8) + (Current - '0');
                        _position++;
                    }
                    return value;
                }
                case 'x':
                    return ParseHex();
                case 'a':
                    return 7;
                case 'f':
                    return '\f';
                case 'n':
                    return '\n';
                case 'r':
                    return '\r';
                case 't':
                    return '\t';
                case 'v':
                    return '\v';
                case < 0x80 when !char.IsAsciiLetterOrDigit((char)c):
                    return c;
                default:
                    throw new FormatException($"invalid escape sequence \\{char.ConvertFromUtf32(c)}");
            }
        }

        private int ParseHex()
        {
            if (AtEnd)
            {
                throw new FormatException("invalid escape sequence \\x");
            }
            if (Current == '{')
            {
                _position++;
                var value = 0;
                var digits = 0;
                while (!AtEnd && Current != '}')
                {
                    var digit = HexDigit(Current) ?? throw new FormatException("invalid escape sequence \\x{");
                    value = (value * 16) + digit;
                    if (value > 0x10FFFF)
                    {
                        throw new FormatException("invalid escape sequence \\x{");
                    }
                    digits++;
                    _position++;
                }
                if (AtEnd || digits == 0)
                {
                    throw new FormatException("invalid escape sequence \\x{");
                }
                _position++;
                return value;
            }
            var high = HexDigit(Current);
            var low = _position + 1 < source.Length ? HexDigit(source[_position + 1]) : null;
            if (high is null || low is null)
            {
                throw new FormatException("invalid escape sequence \\x");
            }
            _position += 2;
            return (high.Value * 16) + low.Value;
        }

        private static int? HexDigit(int c) => c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            >= 'A' and <= 'F' => c - 'A' + 10,
            _ => null,
        };

        /// <summary>Go's parseClass with the Perl flags (a '-' is fine anywhere; ']' first is literal).</summary>
        private CharSet ParseClass()
        {
            _position++; // '['
            var negated = false;
            if (!AtEnd && Current == '^')
            {
                negated = true;
                _position++;
            }
            var ranges = new List<(int, int)>();
            var first = true;
            while (AtEnd || Current != ']' || first)
            {
                if (AtEnd)
                {
                    throw new FormatException("missing closing ]");
                }
                first = false;
                if (Current == '[' && _position + 2 < source.Length && source[_position + 1] == ':' && NamedClass() is { } named)
                {
                    ranges.AddRange(named);
                    continue;
                }
                if (Current == '\\' && _position + 1 < source.Length)
                {
                    var escaped = source[_position + 1];
                    if (escaped is 'p' or 'P')
                    {
                        throw new FormatException($"the regular-expression escape \\{(char)escaped} is not supported");
                    }
                    if (PerlClass(escaped) is { } perl)
                    {
                        _position += 2;
                        ranges.AddRange(perl.Negated ? Complement(perl.Ranges) : perl.Ranges);
                        continue;
                    }
                }
                var low = ClassChar();
                var high = low;
                if (_position + 1 < source.Length && Current == '-' && source[_position + 1] != ']')
                {
                    _position++;
                    high = ClassChar();
                    if (high < low)
                    {
                        throw new FormatException("invalid character class range");
                    }
                }
                ranges.Add((low, high));
            }
            _position++; // ']'
            return new CharSet([.. ranges], negated);
        }

        private int ClassChar()
        {
            if (AtEnd)
            {
                throw new FormatException("missing closing ]");
            }
            if (Current == '\\')
            {
                return ParseEscape();
            }
            return source[_position++];
        }

        /// <summary>A POSIX class such as <c>[:alpha:]</c> at the current '[', or null when this is not one.</summary>
        private List<(int, int)>? NamedClass()
        {
            var close = -1;
            for (var i = _position + 2; i + 1 < source.Length; i++)
            {
                if (source[i] == ':' && source[i + 1] == ']')
                {
                    close = i;
                    break;
                }
            }
            if (close < 0)
            {
                return null;
            }
            var name = new StringBuilder();
            for (var i = _position + 2; i < close; i++)
            {
                name.Append(char.ConvertFromUtf32(source[i]));
            }
            var text = name.ToString();
            var negated = text.StartsWith('^');
            var ranges = PosixClass(negated ? text[1..] : text) ?? throw new FormatException($"invalid character class range [:{text}:]");
            _position = close + 2;
            return negated ? Complement(ranges) : ranges;
        }

        private static List<(int, int)>? PosixClass(string name) => name switch
        {
            "alnum" => [('0', '9'), ('A', 'Z'), ('a', 'z')],
            "alpha" => [('A', 'Z'), ('a', 'z')],
            "ascii" => [(0, 0x7F)],
            "blank" => [('\t', '\t'), (' ', ' ')],
            "cntrl" => [(0, 0x1F), (0x7F, 0x7F)],
            "digit" => [('0', '9')],
            "graph" => [('!', '~')],
            "lower" => [('a', 'z')],
            "print" => [(' ', '~')],
            "punct" => [('!', '/'), (':', '@'), ('[', '`'), ('{', '~')],
            "space" => [('\t', '\r'), (' ', ' ')],
            "upper" => [('A', 'Z')],
            "word" => [('0', '9'), ('A', 'Z'), ('a', 'z'), ('_', '_')],
            "xdigit" => [('0', '9'), ('A', 'F'), ('a', 'f')],
            _ => null,
        };

        private static ((int, int)[] Ranges, bool Negated)? PerlClass(int c) => c switch
        {
            'd' => ([('0', '9')], false),
            'D' => ([('0', '9')], true),
            's' => ([('\t', '\n'), ('\f', '\r'), (' ', ' ')], false),
            'S' => ([('\t', '\n'), ('\f', '\r'), (' ', ' ')], true),
            'w' => ([('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')], false),
            'W' => ([('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')], true),
            _ => null,
        };

        private static List<(int, int)> Complement(IEnumerable<(int Low, int High)> ranges)
        {
            var sorted = ranges.OrderBy(range => range.Low).ToList();
            var result = new List<(int, int)>();
            var next = 0;
            foreach (var (low, high) in sorted)
            {
                if (low > next)
                {
                    result.Add((next, low - 1));
                }
                next = Math.Max(next, high + 1);
            }
            if (next <= 0x10FFFF)
            {
                result.Add((next, 0x10FFFF));
            }
            return result;
        }
    }
}
