using System.Text;
using Drydock.Text;
using Drydock.Files;

namespace Drydock.Dockerfiles.Parsing;

/// <summary>A problem BuildKit's parser would stop at. Drydock records it and carries on with the next instruction.</summary>
public sealed record DockerfileSyntaxError(string Message, SourceSpan Span);

/// <summary>A continuation that holds an empty line (BuildKit warns: it will become an error).</summary>
public sealed record EmptyContinuationWarning(string Line, SourceSpan Span)
{
    public const string Detail = "Empty continuation lines will become errors in a future release";
}

/// <summary>A comment line, with its 1-based line number and its text after the '#'.</summary>
public sealed record CommentLine(int Line, string Text, int Column);

/// <summary>The result of parsing: the instruction nodes, and every problem with its place.</summary>
public sealed record ParsedDockerfile
{
    public required string File { get; init; }

    public required IReadOnlyList<DockerfileNode> Instructions { get; init; }

    public required IReadOnlyList<DockerfileSyntaxError> Errors { get; init; }

    public required IReadOnlyList<EmptyContinuationWarning> Warnings { get; init; }

    public required IReadOnlyList<ParserDirective> Directives { get; init; }

    /// <summary>Standalone comment lines (not those inside a continuation or a heredoc).</summary>
    public required IReadOnlyList<CommentLine> Comments { get; init; }

    public char EscapeToken { get; init; } = '\\';

    /// <summary>The number of physical lines.</summary>
    public int LineCount { get; init; }

    /// <summary>BuildKit would refuse this file.</summary>
    public bool HasErrors => Errors.Count > 0;

    /// <summary>BuildKit's AST dump: one <c>(instruction …)</c> per line, then a newline.</summary>
    public string Dump()
    {
        var text = new StringBuilder();
        foreach (var node in Instructions)
        {
            text.Append('(').Append(node.Dump()).Append(")\n");
        }
        return GoQuote.TrimSpace(text.ToString()) + "\n";
    }
}

/// <summary>
/// A Dockerfile parser that produces BuildKit's instruction tree (<c>frontend/dockerfile/parser</c>): parser
/// directives, BOM, line continuations with the active escape token (comments and blank lines inside them), JSON
/// and shell forms, flags, ENV/LABEL forms, ONBUILD, heredocs. Unlike BuildKit it never stops at the first error:
/// a bad instruction becomes a <see cref="DockerfileSyntaxError"/> and parsing continues.
/// </summary>
public static class DockerfileParser
{
    /// <summary>Go's bufio.MaxScanTokenSize: BuildKit cannot read a longer line.</summary>
    public const int MaxLineBytes = 64 * 1024;

    public static ParsedDockerfile ParseFile(string path)
    {
        string text;
        try
        {
            text = UserFiles.ReadAllText(path);
        }
        catch (IOException error)
        {
            throw new DrydockException($"cannot read {path}: {error.Message}", SourceSpan.WholeFile(path), "check the path and its permissions.", error);
        }
        catch (UnauthorizedAccessException error)
        {
            throw new DrydockException($"cannot read {path}: permission denied", SourceSpan.WholeFile(path), "check the file's permissions.", error);
        }
        return Parse(text, path);
    }

    public static ParsedDockerfile Parse(string text, string file = "Dockerfile") => new Run(text, file).Parse();

    private sealed class Run
    {
        private readonly string _text;
        private readonly string _file;
        private readonly List<(int Start, int Length)> _lines = [];
        private readonly List<DockerfileNode> _instructions = [];
        private readonly List<DockerfileSyntaxError> _errors = [];
        private readonly List<EmptyContinuationWarning> _warnings = [];
        private readonly List<ParserDirective> _directives = [];
        private readonly List<CommentLine> _comments = [];
        private readonly DirectiveParser _directiveParser = new();
        private char _escape = '\\';
        private int _next;

        public Run(string text, string file)
        {
            _text = text;
            _file = file;
            var start = 0;
            while (start < text.Length)
            {
                var end = text.IndexOf('\n', start);
                var length = end < 0 ? text.Length - start : end - start + 1;
                _lines.Add((start, length));
                start += length;
            }
        }

        public ParsedDockerfile Parse()
        {
            var currentLine = 0;
            List<string>? comments = null;
            while (_next < _lines.Count)
            {
                var (lineStart, lineLength) = _lines[_next++];
                var contentStart = lineStart;
                if (currentLine == 0 && lineLength > 0 && _text[lineStart] == '\uFEFF')
                {
                    contentStart++;
                }
                var raw = _text.Substring(contentStart, lineStart + lineLength - contentStart);
                if (TooLong(raw, currentLine + 1))
                {
                    currentLine++;
                    continue;
                }
                if (IsComment(raw))
                {
                    var comment = GoQuote.TrimSpace(raw.Length > 1 ? raw[1..] : string.Empty);
                    if (comment.Length == 0)
                    {
                        comments = null;
                    }
                    else
                    {
                        (comments ??= []).Add(comment);
                    }
                    var hash = raw.IndexOf('#', StringComparison.Ordinal);
                    _comments.Add(new CommentLine(currentLine + 1, TrimNewline(raw[(hash + 1)..]), hash + 1));
                }
                var token = TrimLeadingWhitespace(TrimNewline(raw));
                var leading = TrimNewline(raw).Length - token.Length;
                if (ParseDirectiveLine(token, currentLine + 1) && comments is { Count: > 0 })
                {
                    comments.RemoveAt(comments.Count - 1);
                }
                var content = IsComment(token) ? string.Empty : token;
                currentLine++;
                var startLine = currentLine;
                var map = new LineMap(_file);
                var (piece, endOfLine) = TrimContinuation(content);
                if (endOfLine && piece.Length == 0)
                {
                    continue;
                }
                var logical = new StringBuilder(piece);
                // Columns count from after a byte order mark, which editors do not show.
                map.Add(currentLine, leading + 1, piece.Length);
                var hasEmptyContinuation = false;
                while (!endOfLine && _next < _lines.Count)
                {
                    var (nextStart, nextLength) = _lines[_next++];
                    var nextRaw = _text.Substring(nextStart, nextLength);
                    if (TooLong(nextRaw, currentLine + 1))
                    {
                        currentLine++;
                        continue;
                    }
                    var nextToken = TrimNewline(nextRaw);
                    ParseDirectiveLine(nextToken, currentLine + 1);
                    currentLine++;
                    if (IsComment(nextRaw))
                    {
                        continue;
                    }
                    if (TrimLeadingWhitespace(nextToken).Length == 0)
                    {
                        hasEmptyContinuation = true;
                        continue;
                    }
                    (piece, endOfLine) = TrimContinuation(nextToken);
                    map.Add(currentLine, 1, piece.Length);
                    logical.Append(piece);
                }
                var line = logical.ToString();
                if (hasEmptyContinuation)
                {
                    _warnings.Add(new EmptyContinuationWarning(line, new SourceSpan(_file, startLine, 1, currentLine, 1)));
                }
                var node = NewNodeFromLine(line, comments, map);
                if (node.CanContainHeredoc() && line.Contains("<<", StringComparison.Ordinal))
                {
                    currentLine = ReadHeredocs(node, line, startLine, currentLine);
                }
                node.StartLine = startLine;
                node.EndLine = currentLine;
                if (node.Error is { } error)
                {
                    _errors.Add(new DockerfileSyntaxError(error, new SourceSpan(_file, startLine, map.Position(0).Column, startLine, map.Position(0).Column + Math.Min(line.Length, map.Length))));
                }
                _instructions.Add(node);
                comments = null;
            }
            if (_instructions.Count == 0)
            {
                _errors.Add(new DockerfileSyntaxError("file with no instructions", currentLine > 0 ? SourceSpan.At(_file, currentLine, 1) : SourceSpan.WholeFile(_file)));
            }
            return new ParsedDockerfile
            {
                File = _file,
                Instructions = _instructions,
                Errors = _errors,
                Warnings = _warnings,
                Directives = _directives,
                Comments = _comments,
                EscapeToken = _escape,
                LineCount = _lines.Count,
            };
        }

        private bool TooLong(string raw, int line)
        {
            if (raw.Length < MaxLineBytes / 4 || Encoding.UTF8.GetByteCount(raw) <= MaxLineBytes)
            {
                return false;
            }
            _errors.Add(new DockerfileSyntaxError($"dockerfile line greater than max allowed size of {MaxLineBytes - 1}", SourceSpan.At(_file, line, 1)));
            return true;
        }

        /// <summary>Feeds a line to the directive parser; true when it was a directive.</summary>
        private bool ParseDirectiveLine(string token, int line)
        {
            try
            {
                var directive = _directiveParser.ParseLine(token);
                if (directive is null)
                {
                    return false;
                }
                if (directive.Name == "escape")
                {
                    if (directive.Value is not ("`" or "\\"))
                    {
                        _errors.Add(new DockerfileSyntaxError($"invalid escape token '{directive.Value}' does not match ` or \\", SourceSpan.At(_file, line, 1)));
                        return true;
                    }
                    _escape = directive.Value[0];
                }
                _directives.Add(directive);
                return true;
            }
            catch (FormatException error)
            {
                _errors.Add(new DockerfileSyntaxError(error.Message, SourceSpan.At(_file, line, 1)));
                return false;
            }
        }

        private int ReadHeredocs(DockerfileNode node, string line, int startLine, int currentLine)
        {
            IReadOnlyList<Heredoc> heredocs;
            try
            {
                heredocs = HeredocParser.FromLine(line);
            }
            catch (FormatException error)
            {
                node.Error ??= error.Message;
                return currentLine;
            }
            var read = new List<Heredoc>();
            foreach (var heredoc in heredocs)
            {
                var content = new StringBuilder();
                var terminated = false;
                var bodyStart = currentLine + 1;
                while (_next < _lines.Count)
                {
                    var (start, length) = _lines[_next++];
                    currentLine++;
                    var rawLine = _text.Substring(start, length);
                    var candidate = TrimNewline(rawLine);
                    if (heredoc.Chomp)
                    {
                        candidate = candidate.TrimStart('\t');
                    }
                    if (candidate == heredoc.Name)
                    {
                        terminated = true;
                        break;
                    }
                    content.Append(rawLine);
                }
                read.Add(heredoc with { Content = content.ToString(), BodyStartLine = bodyStart });
                if (!terminated)
                {
                    _errors.Add(new DockerfileSyntaxError($"unterminated heredoc {heredoc.Name}", new SourceSpan(_file, startLine, 1, currentLine, 1)));
                    break;
                }
            }
            node.Heredocs = read;
            return currentLine;
        }

        private DockerfileNode NewNodeFromLine(string line, IReadOnlyList<string>? comments, LineMap? map)
        {
            var node = new DockerfileNode
            {
                Original = line,
                PrevComment = comments is null ? [] : comments.ToArray(),
                Map = map,
            };
            SplitCommand(line, node);
            return node;
        }

        private void SplitCommand(string line, DockerfileNode node)
        {
            // Leading and trailing blanks never matter (BuildKit trims before splitting off the keyword).
            var trimmed = GoQuote.TrimSpace(line);
            var trimmedStart = trimmed.Length == 0 ? 0 : line.IndexOf(trimmed, StringComparison.Ordinal);
            var parts = LineParsers.SplitWhitespace(trimmed, 2);
            node.Value = parts[0];
            var rest = string.Empty;
            var restOffset = trimmedStart + trimmed.Length;
            if (parts.Count == 2)
            {
                var afterKeyword = trimmedStart + trimmed.Length - parts[1].Length;
                var (remainder, flags, flagOffsets) = ExtractBuilderFlags(parts[1]);
                node.Flags = flags;
                node.FlagOffsets = flagOffsets.Select(offset => (offset.Start + afterKeyword, offset.End + afterKeyword)).ToList();
                var remainderOffset = afterKeyword + parts[1].Length - remainder.Length;
                rest = GoQuote.TrimSpace(remainder);
                var skipped = 0;
                while (skipped < remainder.Length && char.IsWhiteSpace(remainder[skipped]))
                {
                    skipped++;
                }
                restOffset = remainderOffset + skipped;
            }
            node.ArgumentsOffset = restOffset;
            try
            {
                if (node.Value.Equals("onbuild", StringComparison.OrdinalIgnoreCase))
                {
                    if (rest.Length > 0)
                    {
                        var child = new DockerfileNode { Original = rest, Map = node.Map };
                        SplitCommand(rest, child);
                        // The child's offsets are relative to its own text: shift them into the parent's line.
                        child.ArgumentsOffset += restOffset;
                        child.FlagOffsets = child.FlagOffsets.Select(offset => (offset.Start + restOffset, offset.End + restOffset)).ToList();
                        child.Original = line;
                        node.Next = new DockerfileNode { Children = [child] };
                        if (child.Error is { } childError)
                        {
                            throw new LineParsers.LineParseException(childError);
                        }
                    }
                    return;
                }
                var (next, isJson) = LineParsers.Dispatch(node.Value, rest, _escape);
                node.Next = next;
                node.IsJson = isJson;
            }
            catch (LineParsers.LineParseException error)
            {
                node.Error = error.Message;
                node.Next = null;
            }
        }

        /// <summary>BuildKit's <c>extractBuilderFlags</c>: leading <c>--name=value</c> words, up to <c>--</c> or the first other word.</summary>
        private (string Remainder, List<string> Flags, List<(int Start, int End)> Offsets) ExtractBuilderFlags(string line)
        {
            var words = new List<string>();
            var offsets = new List<(int, int)>();
            var phase = 0; // 0 spaces, 1 word, 2 quote
            var word = new StringBuilder();
            var wordStart = 0;
            var quote = '\0';
            var blankOk = false;
            for (var pos = 0; pos <= line.Length; pos++)
            {
                var ch = pos < line.Length ? line[pos] : '\0';
                if (phase == 0)
                {
                    if (pos == line.Length)
                    {
                        break;
                    }
                    if (char.IsWhiteSpace(ch))
                    {
                        continue;
                    }
                    if (ch != '-' || pos + 1 == line.Length || line[pos + 1] != '-')
                    {
                        return (line[pos..], words, offsets);
                    }
                    phase = 1;
                    wordStart = pos;
                }
                if (phase is 1 or 2 && pos == line.Length)
                {
                    var last = word.ToString();
                    if (last != "--" && (blankOk || last.Length > 0))
                    {
                        words.Add(last);
                        offsets.Add((wordStart, pos));
                    }
                    break;
                }
                if (phase == 1)
                {
                    if (char.IsWhiteSpace(ch))
                    {
                        var finished = word.ToString();
                        phase = 0;
                        if (finished == "--")
                        {
                            return (line[pos..], words, offsets);
                        }
                        if (blankOk || finished.Length > 0)
                        {
                            words.Add(finished);
                            offsets.Add((wordStart, pos));
                        }
                        word.Clear();
                        blankOk = false;
                        continue;
                    }
                    if (ch is '\'' or '"')
                    {
                        quote = ch;
                        blankOk = true;
                        phase = 2;
                        continue;
                    }
                    if (ch == _escape)
                    {
                        if (pos + 1 == line.Length)
                        {
                            continue;
                        }
                        pos++;
                        ch = line[pos];
                    }
                    word.Append(ch);
                    continue;
                }
                if (ch == quote)
                {
                    phase = 1;
                    continue;
                }
                if (ch == _escape)
                {
                    if (pos + 1 == line.Length)
                    {
                        phase = 1;
                        continue;
                    }
                    pos++;
                    ch = line[pos];
                }
                word.Append(ch);
            }
            return (string.Empty, words, offsets);
        }

        /// <summary>
        /// BuildKit's continuation test, <c>([^E])E[ \t]*$|^E[ \t]*$</c> for escape token E: a trailing escape token
        /// continues the line unless it is itself escaped.
        /// </summary>
        private (string Piece, bool EndOfLine) TrimContinuation(string line)
        {
            var end = line.Length;
            while (end > 0 && line[end - 1] is ' ' or '\t')
            {
                end--;
            }
            if (end == 0 || line[end - 1] != _escape)
            {
                return (line, true);
            }
            if (end == 1)
            {
                return (string.Empty, false);
            }
            if (line[end - 2] == _escape)
            {
                return (line, true);
            }
            return (line[..(end - 1)], false);
        }

        private static string TrimNewline(string line)
        {
            var end = line.Length;
            while (end > 0 && line[end - 1] is '\r' or '\n')
            {
                end--;
            }
            return end == line.Length ? line : line[..end];
        }

        private static string TrimLeadingWhitespace(string line)
        {
            var start = 0;
            while (start < line.Length && char.IsWhiteSpace(line[start]))
            {
                start++;
            }
            return start == 0 ? line : line[start..];
        }

        private static bool IsComment(string line)
        {
            foreach (var c in line)
            {
                if (!char.IsWhiteSpace(c))
                {
                    return c == '#';
                }
            }
            return false;
        }
    }
}

internal static class DockerfileNodeExtensions
{
    /// <summary>RUN, COPY and ADD in shell form (also under ONBUILD) may open heredocs.</summary>
    public static bool CanContainHeredoc(this DockerfileNode node)
    {
        if (node.Value.Equals("onbuild", StringComparison.OrdinalIgnoreCase) && node.Next is { Children.Count: > 0 } next)
        {
            node = next.Children[0];
        }
        var keyword = node.Value.ToLowerInvariant();
        return keyword is "add" or "copy" or "run" && !node.IsJson;
    }
}
