using System.Text;

namespace Drydock.Compose.Loading;

/// <summary>
/// How Compose splits a string <c>command:</c>/<c>entrypoint:</c> into words (the go-shellwords rules it uses):
/// quotes and backslashes as in a shell, no variable expansion, and parsing stops at the first unquoted
/// <c>;</c>, <c>&amp;</c>, <c>|</c>, <c>&lt;</c> or <c>&gt;</c>: everything after it is dropped.
/// </summary>
public static class ShellWords
{
    public static bool TryParse(string line, out IReadOnlyList<string> words, out string? error) =>
        TryParse(line, out words, out error, out _);

    /// <param name="line">The command as written.</param>
    /// <param name="words">The words Compose passes on.</param>
    /// <param name="error">Why the line cannot be split (an unclosed quote…).</param>
    /// <param name="stoppedAt">The index of the shell operator that ended parsing, or -1 when the whole line was read.</param>
    public static bool TryParse(string line, out IReadOnlyList<string> words, out string? error, out int stoppedAt)
    {
        var args = new List<string>();
        var buffer = new StringBuilder();
        bool escaped = false, doubleQuoted = false, singleQuoted = false, backQuote = false, dollarQuote = false;
        var got = 0; // 0: no word, 1: a word, 2: a quoted word
        stoppedAt = -1;
        words = args;
        error = null;
        for (var i = 0; i < line.Length; i++)
        {
            var r = line[i];
            if (escaped)
            {
                buffer.Append(r switch { 't' => '\t', 'n' => '\n', _ => r });
                escaped = false;
                got = 1;
                continue;
            }
            if (r == '\\')
            {
                if (singleQuoted)
                {
                    buffer.Append(r);
                }
                else
                {
                    escaped = true;
                }
                continue;
            }
            if (r is ' ' or '\t' or '\r' or '\n')
            {
                if (singleQuoted || doubleQuoted || backQuote || dollarQuote)
                {
                    buffer.Append(r);
                }
                else if (got != 0)
                {
                    args.Add(buffer.ToString());
                    buffer.Clear();
                    got = 0;
                }
                continue;
            }
            switch (r)
            {
                case '`':
                    if (!singleQuoted && !doubleQuoted && !dollarQuote)
                    {
                        backQuote = !backQuote;
                    }
                    break;
                case ')':
                    if (!singleQuoted && !doubleQuoted && !backQuote)
                    {
                        if (!dollarQuote)
                        {
                            error = "invalid command line string";
                            return false;
                        }
                        buffer.Append(r);
                        dollarQuote = false;
                        got = 1;
                        continue;
                    }
                    break;
                case '(':
                    if (!singleQuoted && !doubleQuoted && !backQuote)
                    {
                        if (!dollarQuote && buffer.Length > 0 && buffer[^1] == '$')
                        {
                            dollarQuote = true;
                            buffer.Append('(');
                            continue;
                        }
                        error = "invalid command line string";
                        return false;
                    }
                    break;
                case '"':
                    if (!singleQuoted && !dollarQuote)
                    {
                        if (doubleQuoted)
                        {
                            got = 2;
                        }
                        doubleQuoted = !doubleQuoted;
                        continue;
                    }
                    break;
                case '\'':
                    if (!doubleQuoted && !dollarQuote)
                    {
                        if (singleQuoted)
                        {
                            got = 2;
                        }
                        singleQuoted = !singleQuoted;
                        continue;
                    }
                    break;
                case ';' or '&' or '|' or '<' or '>':
                    if (!(singleQuoted || doubleQuoted || backQuote || dollarQuote))
                    {
                        if (r == '>' && buffer.Length > 0 && char.IsAsciiDigit(buffer[0]))
                        {
                            got = 0; // "2>&1": the descriptor number goes with the redirection
                        }
                        stoppedAt = i;
                        goto done;
                    }
                    break;
            }
            got = 1;
            buffer.Append(r);
        }
    done:
        if (got != 0)
        {
            args.Add(buffer.ToString());
        }
        if (escaped || singleQuoted || doubleQuoted || backQuote || dollarQuote)
        {
            error = "invalid command line string";
            args.Clear();
            return false;
        }
        return true;
    }
}
