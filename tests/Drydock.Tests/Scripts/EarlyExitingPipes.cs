using System.Text;
using System.Text.RegularExpressions;

namespace Drydock.Tests.Scripts;

/// <summary>A pipe into a reader that may stop before its writer is done (line of the <c>|</c>, the reader as written).</summary>
public sealed record EarlyExitingPipe(int Line, string Reader);

/// <summary>
/// Finds pipes into readers that stop reading early: <c>head</c>, <c>grep -q/-m/-l</c>, <c>awk '… exit …'</c>,
/// <c>sed '…q'</c>, <c>read</c>. The writer then dies of SIGPIPE (141) whenever it writes after the reader left, and
/// under <c>set -o pipefail</c> that fails the pipeline now and then (issue 12: build-base-images.sh's
/// <c>ldconfig -p | awk '… exit'</c>). A small tokenizer, not a shell: quotes, comments, line continuations,
/// here-documents and <c>$( )</c>, <c>&lt;( )</c>, backticks (scanned recursively) are enough for the repo's scripts.
/// </summary>
public static partial class EarlyExitingPipes
{
    private static readonly HashSet<string> ControlOperators = ["|", "|&", "||", "&&", "&", ";", ";;", "\n", "(", ")", "{", "}"];

    public static IReadOnlyList<EarlyExitingPipe> Find(string script)
    {
        var found = new List<EarlyExitingPipe>();
        new Scanner(script, found).Scan(0, script.Length);
        return found;
    }

    /// <summary>Shell scripts of the repository: *.sh, and files whose first line is a sh/bash shebang.</summary>
    public static IEnumerable<string> ScriptsUnder(string root)
    {
        var skipped = new HashSet<string>(StringComparer.Ordinal) { ".git", "bin", "obj", "node_modules", "artifacts" };
        var pending = new Stack<string>([root]);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            foreach (var child in Directory.EnumerateDirectories(directory))
            {
                if (!skipped.Contains(Path.GetFileName(child)))
                {
                    pending.Push(child);
                }
            }
            foreach (var file in Directory.EnumerateFiles(directory))
            {
                if (file.EndsWith(".sh", StringComparison.Ordinal) || file.EndsWith(".bash", StringComparison.Ordinal) || HasShellShebang(file))
                {
                    yield return file;
                }
            }
        }
    }

    private static bool HasShellShebang(string file)
    {
        using var stream = File.OpenRead(file);
        var head = new byte[64];
        var read = stream.Read(head, 0, head.Length);
        var firstLine = Encoding.ASCII.GetString(head, 0, read).Split('\n')[0];
        return ShebangPattern().IsMatch(firstLine);
    }

    /// <summary>The reader stops early, given its words (unquoted, the program first).</summary>
    public static bool StopsEarly(IReadOnlyList<string> words)
    {
        if (words.Count == 0)
        {
            return false;
        }
        var arguments = words.Skip(1).ToList();
        return Path.GetFileName(words[0]) switch
        {
            "head" or "read" => true,
            "grep" or "egrep" or "fgrep" => arguments.TakeWhile(a => a != "--").Any(a =>
                a is "--quiet" or "--silent" or "--files-with-matches" or "--files-without-match" || a.StartsWith("--max-count", StringComparison.Ordinal) ||
                (a.Length > 1 && a[0] == '-' && a[1] != '-' && a.AsSpan(1).IndexOfAny("qmlL") >= 0)),
            "awk" or "gawk" or "mawk" or "nawk" => arguments.Any(a => AwkExitPattern().IsMatch(a)),
            "sed" => arguments.Any(a => SedQuitPattern().IsMatch(a)),
            _ => false,
        };
    }

    [GeneratedRegex(@"^#!\s*\S*(/|\s)(ba|da)?sh\b")]
    private static partial Regex ShebangPattern();

    [GeneratedRegex(@"\bexit\b")]
    private static partial Regex AwkExitPattern();

    /// <summary>A sed <c>q</c>/<c>Q</c> command: after an address or separator, followed by an exit code, <c>;</c>, <c>}</c> or the end.</summary>
    [GeneratedRegex(@"(^|[\s;{}0-9$/])[qQ]\s*[0-9]*\s*($|[;}])")]
    private static partial Regex SedQuitPattern();

    private sealed record Token(string Value, bool IsOperator, int Offset);

    private sealed class Scanner(string text, List<EarlyExitingPipe> found)
    {
        public void Scan(int start, int end)
        {
            var tokens = Tokenize(start, end);
            for (var i = 0; i < tokens.Count; i++)
            {
                if (!tokens[i].IsOperator || tokens[i].Value is not ("|" or "|&"))
                {
                    continue;
                }
                var words = new List<string>();
                var j = i + 1;
                while (j < tokens.Count && tokens[j].IsOperator && tokens[j].Value == "\n")
                {
                    j++;
                }
                for (; j < tokens.Count && !(tokens[j].IsOperator && ControlOperators.Contains(tokens[j].Value)); j++)
                {
                    if (tokens[j].IsOperator)
                    {
                        j++; // a redirection and its target
                        continue;
                    }
                    if (words.Count == 0 && AssignmentPattern().IsMatch(tokens[j].Value))
                    {
                        continue;
                    }
                    words.Add(tokens[j].Value);
                }
                if (StopsEarly(words))
                {
                    found.Add(new EarlyExitingPipe(LineOf(tokens[i].Offset), string.Join(' ', words)));
                }
            }
        }

        private int LineOf(int offset) => text.AsSpan(0, offset).Count('\n') + 1;

        private List<Token> Tokenize(int start, int end)
        {
            var tokens = new List<Token>();
            var word = new StringBuilder();
            var wordStart = -1;
            var pendingHeredocs = new List<(string Delimiter, bool StripTabs)>();
            void EndWord()
            {
                if (wordStart >= 0)
                {
                    tokens.Add(new Token(word.ToString(), false, wordStart));
                    word.Clear();
                    wordStart = -1;
                }
            }
            void InWord(int at)
            {
                if (wordStart < 0)
                {
                    wordStart = at;
                }
            }
            var i = start;
            while (i < end)
            {
                var c = text[i];
                if (c == '\\' && i + 1 < end)
                {
                    if (text[i + 1] != '\n')
                    {
                        InWord(i);
                        word.Append(text[i + 1]);
                    }
                    i += 2;
                }
                else if (c is ' ' or '\t')
                {
                    EndWord();
                    i++;
                }
                else if (c == '\n')
                {
                    EndWord();
                    tokens.Add(new Token("\n", true, i));
                    i++;
                    foreach (var (delimiter, stripTabs) in pendingHeredocs)
                    {
                        i = SkipHeredocBody(i, end, delimiter, stripTabs);
                    }
                    pendingHeredocs.Clear();
                }
                else if (c == '#' && wordStart < 0)
                {
                    while (i < end && text[i] != '\n')
                    {
                        i++;
                    }
                }
                else if (c == '\'')
                {
                    InWord(i);
                    var close = text.IndexOf('\'', i + 1);
                    close = close < 0 || close > end ? end : close;
                    word.Append(text, i + 1, close - i - 1);
                    i = close + 1;
                }
                else if (c == '"')
                {
                    InWord(i);
                    i = DoubleQuoted(i + 1, end, word);
                }
                else if (c == '`')
                {
                    InWord(i);
                    var close = i + 1;
                    while (close < end && text[close] != '`')
                    {
                        close += text[close] == '\\' ? 2 : 1;
                    }
                    close = Math.Min(close, end);
                    Scan(i + 1, close);
                    word.Append(text, i, Math.Min(close + 1, end) - i);
                    i = close + 1;
                }
                else if (c == '$' && i + 1 < end && text[i + 1] is '(' or '{')
                {
                    InWord(i);
                    i = Substitution(i, end, word);
                }
                else if (c is '<' or '>' && i + 1 < end && text[i + 1] == '(')
                {
                    InWord(i);
                    i = Substitution(i, end, word);
                }
                else if (c is '|' or '&' or ';' or '(' or ')' or '<' or '>')
                {
                    EndWord();
                    var op = Operator(i, end);
                    tokens.Add(new Token(op, true, i));
                    i += op.Length;
                    if (op is "<<" or "<<-")
                    {
                        i = HeredocDelimiter(i, end, op == "<<-", pendingHeredocs);
                    }
                }
                else
                {
                    InWord(i);
                    word.Append(c);
                    i++;
                }
            }
            EndWord();
            return tokens;
        }

        private string Operator(int i, int end)
        {
            foreach (var op in (string[])["<<<", "<<-", "||", "|&", "&&", ";;", ">>", "<<", ">&", "<&", "&>", ">|"])
            {
                if (i + op.Length <= end && string.CompareOrdinal(text, i, op, 0, op.Length) == 0)
                {
                    return op;
                }
            }
            return text[i].ToString();
        }

        /// <summary>Reads a "…" string from just after its quote; scans the substitutions inside; returns the index after the closing quote.</summary>
        private int DoubleQuoted(int i, int end, StringBuilder word, bool scan = true)
        {
            while (i < end && text[i] != '"')
            {
                if (text[i] == '\\' && i + 1 < end)
                {
                    word.Append(text[i + 1]);
                    i += 2;
                }
                else if (text[i] == '$' && i + 1 < end && text[i + 1] is '(' or '{')
                {
                    i = Substitution(i, end, word, scan);
                }
                else if (text[i] == '`')
                {
                    var close = i + 1;
                    while (close < end && text[close] != '`')
                    {
                        close += text[close] == '\\' ? 2 : 1;
                    }
                    close = Math.Min(close, end);
                    if (scan)
                    {
                        Scan(i + 1, close);
                    }
                    i = close + 1;
                }
                else
                {
                    word.Append(text[i]);
                    i++;
                }
            }
            return i + 1;
        }

        /// <summary><c>$(…)</c>, <c>&lt;(…)</c>, <c>&gt;(…)</c> (scanned as scripts of their own) or <c>${…}</c>; returns the index after it.</summary>
        private int Substitution(int i, int end, StringBuilder word, bool scan = true)
        {
            var open = text[i + 1];
            var close = Matching(i + 2, end, open == '(' ? '(' : '{', open == '(' ? ')' : '}');
            if (open == '(' && scan)
            {
                Scan(i + 2, close);
            }
            word.Append(text, i, Math.Min(close + 1, end) - i);
            return close + 1;
        }

        /// <summary>The index of the bracket closing the one just before <paramref name="i"/>, skipping quoted text.</summary>
        private int Matching(int i, int end, char open, char close)
        {
            var depth = 1;
            while (i < end)
            {
                var c = text[i];
                if (c == '\\')
                {
                    i += 2;
                    continue;
                }
                if (c == '\'')
                {
                    var quote = text.IndexOf('\'', i + 1);
                    i = quote < 0 ? end : quote + 1;
                    continue;
                }
                if (c == '"')
                {
                    i = DoubleQuoted(i + 1, end, new StringBuilder(), scan: false);
                    continue;
                }
                if (c == open)
                {
                    depth++;
                }
                else if (c == close && --depth == 0)
                {
                    return i;
                }
                i++;
            }
            return end;
        }

        private int HeredocDelimiter(int i, int end, bool stripTabs, List<(string, bool)> pending)
        {
            while (i < end && text[i] is ' ' or '\t')
            {
                i++;
            }
            var delimiter = new StringBuilder();
            while (i < end && !char.IsWhiteSpace(text[i]) && text[i] is not (';' or '|' or '&' or ')' or '<' or '>'))
            {
                if (text[i] is not ('\'' or '"' or '\\'))
                {
                    delimiter.Append(text[i]);
                }
                i++;
            }
            pending.Add((delimiter.ToString(), stripTabs));
            return i;
        }

        private int SkipHeredocBody(int i, int end, string delimiter, bool stripTabs)
        {
            while (i < end)
            {
                var lineEnd = text.IndexOf('\n', i);
                lineEnd = lineEnd < 0 || lineEnd > end ? end : lineEnd;
                var line = text[i..lineEnd];
                i = lineEnd + 1;
                if ((stripTabs ? line.TrimStart('\t') : line) == delimiter)
                {
                    break;
                }
            }
            return Math.Min(i, end);
        }
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*=")]
    private static partial Regex AssignmentPattern();
}
