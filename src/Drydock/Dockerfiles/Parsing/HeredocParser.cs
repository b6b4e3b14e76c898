using System.Text;
using Drydock.Dockerfiles.Shell;

namespace Drydock.Dockerfiles.Parsing;

/// <summary>BuildKit's heredoc helpers: recognising <c>&lt;&lt;EOF</c> words and the heredocs an instruction line opens.</summary>
public static class HeredocParser
{
    /// <summary>
    /// Parses one word such as <c>&lt;&lt;-"EOF"</c> (BuildKit: <c>^(\d*)&lt;&lt;(-?)\s*([^&lt;]*)$</c>). Returns null when the
    /// word is not a heredoc; throws <see cref="FormatException"/> when it is one with unbalanced quotes.
    /// </summary>
    public static Heredoc? ParseWord(string word)
    {
        var i = 0;
        while (i < word.Length && char.IsAsciiDigit(word[i]))
        {
            i++;
        }
        var digits = word[..i];
        if (i + 1 >= word.Length || word[i] != '<' || word[i + 1] != '<')
        {
            return null;
        }
        i += 2;
        var chomp = i < word.Length && word[i] == '-';
        if (chomp)
        {
            i++;
        }
        while (i < word.Length && word[i] is ' ' or '\t' or '\n' or '\f' or '\r')
        {
            i++;
        }
        var rest = word[i..];
        if (rest.Contains('<', StringComparison.Ordinal))
        {
            return null;
        }
        if (rest.Length == 0)
        {
            return null;
        }
        var lexer = new ShellLexer('\\') { SkipUnsetEnv = true };
        var words = lexer.ProcessWords(rest, VariableMap.Empty);
        if (words.Failed)
        {
            throw new FormatException(words.Error);
        }
        if (words.Words.Count != 1)
        {
            return null;
        }
        lexer.RawQuotes = true;
        var rawWords = lexer.ProcessWords(rest, VariableMap.Empty);
        if (rawWords.Failed)
        {
            throw new FormatException(rawWords.Error);
        }
        if (rawWords.Words.Count != words.Words.Count)
        {
            throw new FormatException($"internal lexing of heredoc produced inconsistent results: {rest}");
        }
        var name = words.Words[0];
        // Quoting any part of the delimiter turns expansion of the body off, as in a shell.
        var expand = CountQuotes(name) == CountQuotes(rawWords.Words[0]);
        var descriptor = digits.Length > 0 && int.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var fd) ? fd : 0;
        return new Heredoc(name, descriptor, expand, chomp, string.Empty);
    }

    /// <summary>The heredocs a whole instruction line opens, in order (BuildKit's <c>heredocsFromLine</c>).</summary>
    public static IReadOnlyList<Heredoc> FromLine(string line)
    {
        var lexer = new ShellLexer('\\') { RawQuotes = true, RawEscapes = true, SkipUnsetEnv = true };
        var words = lexer.ProcessWords(line, VariableMap.Empty);
        var heredocs = new List<Heredoc>();
        foreach (var word in words.Words)
        {
            if (ParseWord(word) is { } heredoc)
            {
                heredocs.Add(heredoc);
            }
        }
        return heredocs;
    }

    /// <summary>Removes leading tabs from every line, as <c>&lt;&lt;-</c> does.</summary>
    public static string ChompContent(string content)
    {
        var output = new StringBuilder(content.Length);
        var atLineStart = true;
        foreach (var c in content)
        {
            if (atLineStart && c == '\t')
            {
                continue;
            }
            atLineStart = c == '\n';
            output.Append(c);
        }
        return output.ToString();
    }

    private static int CountQuotes(string text)
    {
        var count = 0;
        foreach (var c in text)
        {
            if (c is '\'' or '"')
            {
                count++;
            }
        }
        return count;
    }
}
