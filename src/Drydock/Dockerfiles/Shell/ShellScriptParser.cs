using System.Text;

namespace Drydock.Dockerfiles.Shell;

/// <summary>
/// Splits a POSIX shell script into simple commands: lists (<c>;</c>, newlines, <c>&amp;&amp;</c>, <c>||</c>,
/// <c>&amp;</c>), pipelines, subshells, command substitutions, redirections and heredocs, the control keywords,
/// <c>sh -c '…'</c> scripts and wrappers such as <c>sudo</c> or <c>env</c>. It does not execute anything: it finds
/// programs, flags and arguments reliably enough for rules, and reports unterminated quotes and unbalanced parentheses.
/// </summary>
public static class ShellScriptParser
{
    private const int MaxDepth = 32;

    private static readonly string[] Operators = ["&>>", "<<-", "<<<", "&&", "||", ";;", "<<", "<&", "<>", ">>", ">&", ">|", "&>", "|&", ";", "&", "|", "(", ")", "<", ">"];

    private static readonly HashSet<string> RedirectionOperators = ["<", ">", ">>", "<<", "<<-", "<<<", "<&", ">&", "<>", ">|", "&>", "&>>"];

    private static readonly HashSet<string> ShellPrograms = ["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh"];

    /// <summary>Parses <paramref name="script"/>; <paramref name="variables"/> (optional) resolves <c>$VAR</c> in word values.</summary>
    public static ShellScript Parse(string script, IVariableLookup? variables = null)
    {
        var run = new Run(variables);
        var commands = run.ParseScript(script, 0, ShellCommandContext.None, 0);
        return new ShellScript(script, commands, run.Errors);
    }

    /// <summary>Removes shell quoting from a word, keeping <c>$…</c> expansions as written.</summary>
    public static string Unquote(string raw)
    {
        var output = new StringBuilder(raw.Length);
        var i = 0;
        while (i < raw.Length)
        {
            var c = raw[i];
            switch (c)
            {
                case '\\':
                    if (i + 1 < raw.Length)
                    {
                        if (raw[i + 1] != '\n')
                        {
                            output.Append(raw[i + 1]);
                        }
                        i += 2;
                    }
                    else
                    {
                        i++;
                    }
                    break;
                case '\'':
                {
                    var end = raw.IndexOf('\'', i + 1);
                    end = end < 0 ? raw.Length : end;
                    output.Append(raw, i + 1, end - i - 1);
                    i = end + 1;
                    break;
                }
                case '"':
                    i++;
                    while (i < raw.Length && raw[i] != '"')
                    {
                        if (raw[i] == '\\' && i + 1 < raw.Length && raw[i + 1] is '$' or '`' or '"' or '\\' or '\n')
                        {
                            if (raw[i + 1] != '\n')
                            {
                                output.Append(raw[i + 1]);
                            }
                            i += 2;
                            continue;
                        }
                        output.Append(raw[i]);
                        i++;
                    }
                    i++;
                    break;
                default:
                    output.Append(c);
                    i++;
                    break;
            }
        }
        return output.ToString();
    }

    private enum TokenKind
    {
        Word,
        Operator,
        Newline,
    }

    private sealed record Token(TokenKind Kind, string Text, int Start, int End);

    private sealed class Run(IVariableLookup? variables)
    {
        private int _pipelines;

        public List<ShellSyntaxError> Errors { get; } = [];

        public List<ShellCommand> ParseScript(string text, int offset, ShellCommandContext context, int depth)
        {
            var commands = new List<ShellCommand>();
            if (depth > MaxDepth)
            {
                return commands;
            }
            var tokens = Tokenize(text, offset);
            var parser = new TokenParser(this, tokens, commands, context, depth);
            parser.ParseAll();
            return Expand(commands, depth);
        }

        /// <summary>Adds what runs inside: command substitutions (before the command), <c>sh -c</c> scripts and wrapped programs (after it).</summary>
        private List<ShellCommand> Expand(List<ShellCommand> commands, int depth)
        {
            var expanded = new List<ShellCommand>(commands.Count);
            foreach (var command in commands)
            {
                foreach (var word in command.Words.Concat(command.Assignments).Concat(command.Redirections.Select(r => r.Target).OfType<ShellWord>()))
                {
                    foreach (var (inner, innerOffset) in Substitutions(word))
                    {
                        expanded.AddRange(ParseScript(inner, innerOffset, command.Context | ShellCommandContext.Substitution, depth + 1));
                    }
                }
                expanded.Add(command);
                expanded.AddRange(Inner(command, depth));
            }
            return expanded;
        }

        private IEnumerable<ShellCommand> Inner(ShellCommand command, int depth)
        {
            if (ShellPrograms.Contains(command.Name))
            {
                var arguments = command.Arguments.ToList();
                for (var i = 0; i < arguments.Count; i++)
                {
                    var value = arguments[i].Value;
                    if (value.Length > 1 && value[0] == '-' && value[1] != '-' && value.Contains('c', StringComparison.Ordinal))
                    {
                        if (i + 1 < arguments.Count)
                        {
                            var script = arguments[i + 1];
                            var innerOffset = script.Raw.StartsWith('\'') || script.Raw.StartsWith('"') ? script.Start + 1 : script.Start;
                            foreach (var inner in ParseScript(script.Value, innerOffset, command.Context | ShellCommandContext.ShellDashC, depth + 1))
                            {
                                yield return inner;
                            }
                        }
                        yield break;
                    }
                    if (!value.StartsWith('-'))
                    {
                        yield break;
                    }
                }
                yield break;
            }
            if (Unwrap(command) is { } wrapped)
            {
                yield return wrapped;
                foreach (var inner in Inner(wrapped, depth + 1))
                {
                    yield return inner;
                }
            }
        }

        /// <summary>The command behind <c>sudo</c>, <c>env</c>, <c>nohup</c>, <c>xargs</c>…, or null.</summary>
        private static ShellCommand? Unwrap(ShellCommand command)
        {
            var words = command.Words;
            if (words.Count < 2)
            {
                return null;
            }
            var (optionsWithValue, fixedArguments) = command.Name switch
            {
                "sudo" or "doas" => (new HashSet<string> { "-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T", "--user", "--group" }, 0),
                "env" => (new HashSet<string> { "-u", "--unset", "-C", "--chdir", "-S", "--split-string" }, 0),
                "nice" => (new HashSet<string> { "-n", "--adjustment" }, 0),
                "xargs" => (new HashSet<string> { "-I", "-n", "-P", "-L", "-s", "-a", "-d", "-E", "--max-args", "--max-procs", "--arg-file", "--delimiter" }, 0),
                "timeout" => (new HashSet<string> { "-s", "-k", "--signal", "--kill-after" }, 1),
                "gosu" or "su-exec" => (new HashSet<string>(), 1),
                "stdbuf" => (new HashSet<string> { "-i", "-o", "-e" }, 0),
                "nohup" or "time" or "exec" or "command" or "chronic" or "unbuffer" => (new HashSet<string>(), 0),
                _ => ((HashSet<string>?)null, 0),
            };
            if (optionsWithValue is null)
            {
                return null;
            }
            var i = 1;
            while (i < words.Count)
            {
                var value = words[i].Value;
                if (value == "--")
                {
                    i++;
                    break;
                }
                if (value.Length > 1 && value[0] == '-')
                {
                    i += optionsWithValue.Contains(value) ? 2 : 1;
                    continue;
                }
                if (command.Name == "env" && value.Contains('=', StringComparison.Ordinal))
                {
                    i++;
                    continue;
                }
                break;
            }
            i += fixedArguments;
            if (i >= words.Count)
            {
                return null;
            }
            return new ShellCommand
            {
                Words = words.Skip(i).ToList(),
                Redirections = command.Redirections,
                Separator = command.Separator,
                Pipeline = command.Pipeline,
                PipelineIndex = command.PipelineIndex,
                PipelineLength = command.PipelineLength,
                Context = command.Context | ShellCommandContext.Wrapped,
                WrappedBy = command.Name,
                Start = words[i].Start,
                End = command.End,
            };
        }

        /// <summary>The scripts inside <c>$( … )</c> and backticks of a word, with their offsets.</summary>
        private static IEnumerable<(string Script, int Offset)> Substitutions(ShellWord word)
        {
            var raw = word.Raw;
            var inSingle = false;
            for (var i = 0; i < raw.Length; i++)
            {
                var c = raw[i];
                if (c == '\\' && !inSingle)
                {
                    i++;
                    continue;
                }
                if (c == '\'')
                {
                    inSingle = !inSingle;
                    continue;
                }
                if (inSingle)
                {
                    continue;
                }
                if (c == '$' && i + 1 < raw.Length && raw[i + 1] == '(' && !(i + 2 < raw.Length && raw[i + 2] == '('))
                {
                    var end = MatchingParen(raw, i + 2);
                    yield return (raw[(i + 2)..Math.Min(end, raw.Length)], word.Start + i + 2);
                    i = end;
                }
                else if (c == '`')
                {
                    var end = raw.IndexOf('`', i + 1);
                    end = end < 0 ? raw.Length : end;
                    yield return (raw[(i + 1)..end], word.Start + i + 1);
                    i = end;
                }
            }
        }

        private static int MatchingParen(string text, int start)
        {
            var depth = 1;
            for (var i = start; i < text.Length; i++)
            {
                switch (text[i])
                {
                    case '\\':
                        i++;
                        break;
                    case '\'':
                        var close = text.IndexOf('\'', i + 1);
                        i = close < 0 ? text.Length : close;
                        break;
                    case '(':
                        depth++;
                        break;
                    case ')':
                        depth--;
                        if (depth == 0)
                        {
                            return i;
                        }
                        break;
                }
            }
            return text.Length;
        }

        private List<Token> Tokenize(string text, int offset)
        {
            var tokens = new List<Token>();
            var heredocs = new List<(string Delimiter, bool Chomp)>();
            var nextIsDelimiter = false;
            var chomp = false;
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                if (c == '\\' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i += 2;
                    continue;
                }
                if (c is ' ' or '\t' or '\r')
                {
                    i++;
                    continue;
                }
                if (c == '\n')
                {
                    tokens.Add(new Token(TokenKind.Newline, "\n", offset + i, offset + i + 1));
                    i++;
                    if (heredocs.Count > 0)
                    {
                        i = SkipHeredocBodies(text, i, heredocs);
                        heredocs.Clear();
                    }
                    continue;
                }
                if (c == '#')
                {
                    while (i < text.Length && text[i] != '\n')
                    {
                        i++;
                    }
                    continue;
                }
                var op = MatchOperator(text, i);
                if (op is not null)
                {
                    tokens.Add(new Token(TokenKind.Operator, op, offset + i, offset + i + op.Length));
                    nextIsDelimiter = op is "<<" or "<<-";
                    chomp = op == "<<-";
                    i += op.Length;
                    continue;
                }
                var start = i;
                i = ScanWord(text, i, offset);
                var raw = text[start..i];
                // An IO number (2>&1): the digits belong to the redirection that follows.
                if (i < text.Length && text[i] is '<' or '>' && raw.All(char.IsAsciiDigit))
                {
                    continue;
                }
                tokens.Add(new Token(TokenKind.Word, raw, offset + start, offset + i));
                if (nextIsDelimiter)
                {
                    heredocs.Add((Unquote(raw), chomp));
                    nextIsDelimiter = false;
                }
            }
            return tokens;
        }

        private static int SkipHeredocBodies(string text, int i, List<(string Delimiter, bool Chomp)> heredocs)
        {
            foreach (var (delimiter, chomp) in heredocs)
            {
                while (i < text.Length)
                {
                    var end = text.IndexOf('\n', i);
                    var line = end < 0 ? text[i..] : text[i..end];
                    i = end < 0 ? text.Length : end + 1;
                    if ((chomp ? line.TrimStart('\t') : line).TrimEnd('\r') == delimiter)
                    {
                        break;
                    }
                }
            }
            return i;
        }

        private static string? MatchOperator(string text, int i)
        {
            foreach (var op in Operators)
            {
                if (string.CompareOrdinal(text, i, op, 0, op.Length) == 0)
                {
                    return op;
                }
            }
            return null;
        }

        private int ScanWord(string text, int i, int offset)
        {
            while (i < text.Length)
            {
                var c = text[i];
                if (c is ' ' or '\t' or '\r' or '\n' or '|' or '&' or ';' or '<' or '>' or '(' or ')')
                {
                    return i;
                }
                if (TrySkipExpansion(text, ref i, offset))
                {
                    continue;
                }
                switch (c)
                {
                    case '\\':
                        i += 2;
                        break;
                    case '\'':
                        var close = text.IndexOf('\'', i + 1);
                        if (close < 0)
                        {
                            Errors.Add(new ShellSyntaxError("unterminated single quote", offset + i));
                            return text.Length;
                        }
                        i = close + 1;
                        break;
                    case '"':
                        i = ScanDoubleQuote(text, i + 1, offset);
                        break;
                    default:
                        i++;
                        break;
                }
            }
            return Math.Min(i, text.Length);
        }

        private int ScanDoubleQuote(string text, int i, int offset)
        {
            var start = i - 1;
            while (i < text.Length)
            {
                if (TrySkipExpansion(text, ref i, offset))
                {
                    continue;
                }
                switch (text[i])
                {
                    case '\\':
                        i += 2;
                        continue;
                    case '"':
                        return i + 1;
                }
                i++;
            }
            Errors.Add(new ShellSyntaxError("unterminated double quote", offset + start));
            return text.Length;
        }

        /// <summary>Skips a backquote, <c>$( … )</c> or <c>${ … }</c> starting at <paramref name="i"/>; false when none starts there.</summary>
        private bool TrySkipExpansion(string text, ref int i, int offset)
        {
            switch (text[i])
            {
                case '`':
                    i = ScanBacktick(text, i + 1, offset);
                    return true;
                case '$' when i + 1 < text.Length && text[i + 1] == '(':
                    i = ScanNested(text, i + 2, '(', ')', offset);
                    return true;
                case '$' when i + 1 < text.Length && text[i + 1] == '{':
                    i = ScanNested(text, i + 2, '{', '}', offset);
                    return true;
                default:
                    return false;
            }
        }

        private int ScanBacktick(string text, int i, int offset)
        {
            var start = i - 1;
            while (i < text.Length)
            {
                if (text[i] == '\\')
                {
                    i += 2;
                    continue;
                }
                if (text[i] == '`')
                {
                    return i + 1;
                }
                i++;
            }
            Errors.Add(new ShellSyntaxError("unterminated backquote", offset + start));
            return text.Length;
        }

        private int ScanNested(string text, int i, char open, char close, int offset)
        {
            var start = i - 2;
            var depth = 1;
            while (i < text.Length)
            {
                var c = text[i];
                if (c == '\\')
                {
                    i += 2;
                    continue;
                }
                if (c == '\'')
                {
                    var end = text.IndexOf('\'', i + 1);
                    i = end < 0 ? text.Length : end + 1;
                    continue;
                }
                if (c == '"')
                {
                    i = ScanDoubleQuote(text, i + 1, offset);
                    continue;
                }
                if (c == '`')
                {
                    i = ScanBacktick(text, i + 1, offset);
                    continue;
                }
                if (c == open)
                {
                    depth++;
                }
                else if (c == close)
                {
                    depth--;
                    if (depth == 0)
                    {
                        return i + 1;
                    }
                }
                i++;
            }
            Errors.Add(new ShellSyntaxError(open == '(' ? "unterminated $( … )" : "unterminated ${ … }", offset + start));
            return text.Length;
        }

        public ShellWord MakeWord(Token token)
        {
            var raw = token.Text;
            string value;
            if (variables is not null && raw.Contains('$', StringComparison.Ordinal))
            {
                var expansion = new ShellLexer('\\') { PreserveUnsetReferences = true }.ProcessWord(raw, variables);
                value = expansion.Failed ? Unquote(raw) : expansion.Result;
            }
            else
            {
                value = Unquote(raw);
            }
            return new ShellWord(raw, value, token.Start, token.End);
        }

        public int NextPipeline() => ++_pipelines;
    }

    /// <summary>Recursive descent over the tokens of one script.</summary>
    private sealed class TokenParser(Run run, List<Token> tokens, List<ShellCommand> commands, ShellCommandContext baseContext, int depth)
    {
        private static readonly HashSet<string> Keywords = ["if", "then", "elif", "else", "fi", "while", "until", "do", "done", "case", "esac", "for", "{", "}", "!", "select", "function"];

        private int _position;
        private int _conditional;
        private readonly Stack<bool> _caseMode = new();

        public void ParseAll()
        {
            ParseList(baseContext, depth, untilCloseParen: false);
            while (_position < tokens.Count)
            {
                // A stray ')' at top level: report it and go on.
                run.Errors.Add(new ShellSyntaxError("unexpected ')'", tokens[_position].Start));
                _position++;
                ParseList(baseContext, depth, untilCloseParen: false);
            }
        }

        private Token? Peek(int ahead = 0) => _position + ahead < tokens.Count ? tokens[_position + ahead] : null;

        private void ParseList(ShellCommandContext context, int level, bool untilCloseParen)
        {
            while (Peek() is { } token)
            {
                if (token.Kind == TokenKind.Newline || token is { Kind: TokenKind.Operator, Text: ";" or ";;" or "&" })
                {
                    _position++;
                    continue;
                }
                if (token is { Kind: TokenKind.Operator, Text: ")" })
                {
                    if (untilCloseParen)
                    {
                        _position++;
                        return;
                    }
                    return;
                }
                ParsePipeline(context, level);
            }
            if (untilCloseParen)
            {
                run.Errors.Add(new ShellSyntaxError("unterminated subshell: missing ')'", tokens.Count > 0 ? tokens[^1].End : 0));
            }
        }

        private void ParsePipeline(ShellCommandContext context, int level)
        {
            var pipeline = run.NextPipeline();
            var members = new List<ShellCommand>();
            var progressed = _position;
            while (true)
            {
                var command = ParseCommand(context, level);
                if (command is not null)
                {
                    command.Pipeline = pipeline;
                    command.PipelineIndex = members.Count;
                    members.Add(command);
                    commands.Add(command);
                }
                if (Peek() is { Kind: TokenKind.Operator, Text: "|" or "|&" })
                {
                    if (command is not null)
                    {
                        command.Separator = ShellSeparator.Pipe;
                    }
                    _position++;
                    while (Peek() is { Kind: TokenKind.Newline })
                    {
                        _position++;
                    }
                    continue;
                }
                break;
            }
            foreach (var member in members)
            {
                member.PipelineLength = members.Count;
            }
            var separator = Peek() switch
            {
                { Kind: TokenKind.Newline } => ShellSeparator.Newline,
                { Kind: TokenKind.Operator, Text: "&&" } => ShellSeparator.And,
                { Kind: TokenKind.Operator, Text: "||" } => ShellSeparator.Or,
                { Kind: TokenKind.Operator, Text: ";" or ";;" } => ShellSeparator.Semicolon,
                { Kind: TokenKind.Operator, Text: "&" } => ShellSeparator.Background,
                _ => ShellSeparator.End,
            };
            if (members.Count > 0)
            {
                members[^1].Separator = separator;
            }
            if (separator is ShellSeparator.And or ShellSeparator.Or or ShellSeparator.Semicolon or ShellSeparator.Background or ShellSeparator.Newline)
            {
                _position++;
            }
            if (_position == progressed && Peek() is { } stuck && stuck is not { Kind: TokenKind.Operator, Text: ")" })
            {
                // Nothing could be read here (e.g. a lone redirection operator): skip it rather than loop.
                _position++;
            }
        }

        private ShellCommand? ParseCommand(ShellCommandContext context, int level)
        {
            var words = new List<ShellWord>();
            var assignments = new List<ShellWord>();
            var redirections = new List<ShellRedirection>();
            var commandContext = context;
            int? start = null;
            var end = 0;
            while (Peek() is { } token)
            {
                var atStart = words.Count == 0 && assignments.Count == 0;
                if (token.Kind == TokenKind.Word)
                {
                    if (atStart && _caseMode.Count > 0 && _caseMode.Peek() && TrySkipCasePattern())
                    {
                        continue;
                    }
                    if (atStart && Keywords.Contains(token.Text))
                    {
                        commandContext = HandleKeyword(token.Text, commandContext);
                        continue;
                    }
                    if (atStart && IsAssignment(token.Text))
                    {
                        assignments.Add(run.MakeWord(token));
                        start ??= token.Start;
                        end = token.End;
                        _position++;
                        continue;
                    }
                    if (atStart && Peek(1) is { Kind: TokenKind.Operator, Text: "(" } && Peek(2) is { Kind: TokenKind.Operator, Text: ")" })
                    {
                        // A function definition: name() { …; }
                        _position += 3;
                        continue;
                    }
                    words.Add(run.MakeWord(token));
                    start ??= token.Start;
                    end = token.End;
                    _position++;
                    continue;
                }
                if (token.Kind == TokenKind.Operator)
                {
                    if (RedirectionOperators.Contains(token.Text))
                    {
                        _position++;
                        ShellWord? target = null;
                        if (Peek() is { Kind: TokenKind.Word } targetToken)
                        {
                            target = run.MakeWord(targetToken);
                            end = targetToken.End;
                            _position++;
                        }
                        redirections.Add(new ShellRedirection(token.Text, target));
                        start ??= token.Start;
                        continue;
                    }
                    if (token.Text == "(" && atStart)
                    {
                        _position++;
                        if (level < MaxDepth)
                        {
                            ParseList(commandContext | ShellCommandContext.Subshell, level + 1, untilCloseParen: true);
                        }
                        return null;
                    }
                }
                break;
            }
            if (words.Count == 0)
            {
                return null;
            }
            return new ShellCommand
            {
                Words = words,
                Assignments = assignments,
                Redirections = redirections,
                Context = commandContext | (_conditional > 0 ? ShellCommandContext.Conditional : ShellCommandContext.None),
                Start = start ?? 0,
                End = end,
            };
        }

        private ShellCommandContext HandleKeyword(string keyword, ShellCommandContext context)
        {
            _position++;
            switch (keyword)
            {
                case "if" or "while" or "until":
                    _conditional++;
                    return context | ShellCommandContext.Condition;
                case "elif" or "!":
                    return context | ShellCommandContext.Condition;
                case "fi" or "done":
                    _conditional = Math.Max(0, _conditional - 1);
                    return context;
                case "for" or "select":
                    _conditional++;
                    // for NAME [in WORDS…] ; do: skip to the separator.
                    while (Peek() is { Kind: TokenKind.Word })
                    {
                        _position++;
                    }
                    return context;
                case "case":
                    _conditional++;
                    while (Peek() is { Kind: TokenKind.Word } word)
                    {
                        _position++;
                        if (word.Text == "in")
                        {
                            break;
                        }
                    }
                    _caseMode.Push(true);
                    return context;
                case "esac":
                    _conditional = Math.Max(0, _conditional - 1);
                    if (_caseMode.Count > 0)
                    {
                        _caseMode.Pop();
                    }
                    return context;
                case "function":
                    // function NAME [()] { …; }
                    if (Peek() is { Kind: TokenKind.Word })
                    {
                        _position++;
                    }
                    if (Peek() is { Kind: TokenKind.Operator, Text: "(" } && Peek(1) is { Kind: TokenKind.Operator, Text: ")" })
                    {
                        _position += 2;
                    }
                    return context;
                default:
                    // then, else, do, {, }: the next word starts the command.
                    return context;
            }
        }

        /// <summary>In a case body, <c>pattern|pattern)</c> before a branch's first command.</summary>
        private bool TrySkipCasePattern()
        {
            if (Peek() is { Kind: TokenKind.Word, Text: "esac" })
            {
                return false;
            }
            var ahead = 0;
            while (Peek(ahead) is { } token)
            {
                if (token is { Kind: TokenKind.Operator, Text: ")" })
                {
                    _position += ahead + 1;
                    return true;
                }
                if (token.Kind != TokenKind.Word && token is not { Kind: TokenKind.Operator, Text: "|" or "(" })
                {
                    return false;
                }
                ahead++;
            }
            return false;
        }

        private static bool IsAssignment(string raw)
        {
            var equals = raw.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !(char.IsAsciiLetter(raw[0]) || raw[0] == '_'))
            {
                return false;
            }
            for (var i = 1; i < equals; i++)
            {
                if (!(char.IsAsciiLetterOrDigit(raw[i]) || raw[i] == '_'))
                {
                    return false;
                }
            }
            return true;
        }
    }
}
