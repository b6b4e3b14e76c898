using System.Text;

namespace Drydock.Dockerfiles.Parsing;

/// <summary>
/// One node of the instruction tree, with BuildKit's shape (<c>parser.Node</c>): an instruction is a node whose
/// <see cref="Value"/> is the keyword as written and whose <see cref="Next"/> chain holds the arguments; ONBUILD's
/// argument node holds the nested instruction in <see cref="Children"/>. Keeping the shape makes
/// <see cref="Dump"/> byte-identical to BuildKit's, and everything else (typed instructions, spans) builds on it.
/// </summary>
public sealed class DockerfileNode
{
    private static readonly IReadOnlyList<string> NoStrings = [];

    public string Value { get; internal set; } = string.Empty;

    public DockerfileNode? Next { get; internal set; }

    /// <summary>The nested instruction of ONBUILD (BuildKit: the child of the first argument node).</summary>
    public IReadOnlyList<DockerfileNode> Children { get; internal set; } = [];

    public IReadOnlyList<Heredoc> Heredocs { get; internal set; } = [];

    /// <summary>The arguments were a JSON array (exec form), BuildKit's <c>Attributes["json"]</c>.</summary>
    public bool IsJson { get; internal set; }

    /// <summary>The logical line: continuation lines joined, comments inside it removed, leading blanks trimmed.</summary>
    public string Original { get; internal set; } = string.Empty;

    /// <summary>Builder flags (<c>--from=build</c>) as written, without surrounding quotes.</summary>
    public IReadOnlyList<string> Flags { get; internal set; } = NoStrings;

    /// <summary>1-based, inclusive: the instruction's first line and its last (continuations and heredoc bodies included).</summary>
    public int StartLine { get; internal set; }

    public int EndLine { get; internal set; }

    /// <summary>The comment lines right above the instruction (without '#'), as BuildKit collects them.</summary>
    public IReadOnlyList<string> PrevComment { get; internal set; } = NoStrings;

    /// <summary>Maps offsets in <see cref="Original"/> back to the file; null for nodes that are not instructions.</summary>
    public LineMap? Map { get; internal set; }

    /// <summary>Where the arguments start in <see cref="Original"/> (after the keyword and the flags).</summary>
    public int ArgumentsOffset { get; internal set; }

    /// <summary>Where each flag word starts and ends in <see cref="Original"/>, parallel to <see cref="Flags"/>.</summary>
    public IReadOnlyList<(int Start, int End)> FlagOffsets { get; internal set; } = [];

    /// <summary>Set when BuildKit's parser rejects this instruction; the node then has no arguments.</summary>
    public string? Error { get; internal set; }

    /// <summary>The argument nodes, in order.</summary>
    public IEnumerable<DockerfileNode> Arguments
    {
        get
        {
            for (var node = Next; node is not null; node = node.Next)
            {
                yield return node;
            }
        }
    }

    public IReadOnlyList<string> ArgumentValues => Arguments.Select(node => node.Value).ToList();

    /// <summary>BuildKit's <c>Node.Dump()</c>: a lisp-like rendering, e.g. <c>(copy ["--from=a"] "x" "/y")</c> without the outer parentheses.</summary>
    public string Dump()
    {
        var text = new StringBuilder();
        text.Append(Value.ToLowerInvariant());
        if (Flags.Count > 0)
        {
            text.Append(" [");
            for (var i = 0; i < Flags.Count; i++)
            {
                if (i > 0)
                {
                    text.Append(' ');
                }
                GoQuote.Append(text, Flags[i]);
            }
            text.Append(']');
        }
        foreach (var child in Children)
        {
            text.Append('(').Append(child.Dump()).Append(")\n");
        }
        for (var node = Next; node is not null; node = node.Next)
        {
            text.Append(' ');
            if (node.Children.Count > 0)
            {
                text.Append(node.Dump());
            }
            else
            {
                GoQuote.Append(text, node.Value);
            }
        }
        return GoQuote.TrimSpace(text.ToString());
    }

    public override string ToString() => Dump();
}

/// <summary>A heredoc attached to RUN, COPY or ADD: <c>&lt;&lt;EOF</c>, <c>&lt;&lt;-EOF</c>, <c>&lt;&lt;'EOF'</c>, <c>3&lt;&lt;EOF</c>.</summary>
public sealed record Heredoc(string Name, int FileDescriptor, bool Expand, bool Chomp, string Content)
{
    /// <summary>The 1-based line of the body's first line (the line after the instruction line, or after the previous heredoc).</summary>
    public int BodyStartLine { get; init; }

    /// <summary>The content as the build sees it: leading tabs removed from every line for <c>&lt;&lt;-</c>.</summary>
    public string EffectiveContent => Chomp ? HeredocParser.ChompContent(Content) : Content;
}

/// <summary>Go's <c>strconv.Quote</c> and <c>strings.TrimSpace</c>, which the dump format is defined by.</summary>
internal static class GoQuote
{
    public static string Quote(string value)
    {
        var text = new StringBuilder(value.Length + 2);
        Append(text, value);
        return text.ToString();
    }

    public static void Append(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var rune in value.EnumerateRunes())
        {
            var code = rune.Value;
            switch (code)
            {
                case '"':
                    text.Append("\\\"");
                    continue;
                case '\\':
                    text.Append("\\\\");
                    continue;
                case '\a':
                    text.Append("\\a");
                    continue;
                case '\b':
                    text.Append("\\b");
                    continue;
                case '\f':
                    text.Append("\\f");
                    continue;
                case '\n':
                    text.Append("\\n");
                    continue;
                case '\r':
                    text.Append("\\r");
                    continue;
                case '\t':
                    text.Append("\\t");
                    continue;
                case '\v':
                    text.Append("\\v");
                    continue;
            }
            if (IsPrint(rune))
            {
                text.Append(rune.ToString());
            }
            else if (code < 0x20 || code == 0x7F)
            {
                text.Append("\\x").Append(code.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (code < 0x10000)
            {
                text.Append("\\u").Append(code.ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append("\\U").Append(code.ToString("x8", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        text.Append('"');
    }

    /// <summary>Go's <c>unicode.IsPrint</c>: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    private static bool IsPrint(Rune rune)
    {
        if (rune.Value == ' ')
        {
            return true;
        }
        return Rune.GetUnicodeCategory(rune) switch
        {
            System.Globalization.UnicodeCategory.UppercaseLetter or System.Globalization.UnicodeCategory.LowercaseLetter
                or System.Globalization.UnicodeCategory.TitlecaseLetter or System.Globalization.UnicodeCategory.ModifierLetter
                or System.Globalization.UnicodeCategory.OtherLetter or System.Globalization.UnicodeCategory.NonSpacingMark
                or System.Globalization.UnicodeCategory.SpacingCombiningMark or System.Globalization.UnicodeCategory.EnclosingMark
                or System.Globalization.UnicodeCategory.DecimalDigitNumber or System.Globalization.UnicodeCategory.LetterNumber
                or System.Globalization.UnicodeCategory.OtherNumber or System.Globalization.UnicodeCategory.ConnectorPunctuation
                or System.Globalization.UnicodeCategory.DashPunctuation or System.Globalization.UnicodeCategory.OpenPunctuation
                or System.Globalization.UnicodeCategory.ClosePunctuation or System.Globalization.UnicodeCategory.InitialQuotePunctuation
                or System.Globalization.UnicodeCategory.FinalQuotePunctuation or System.Globalization.UnicodeCategory.OtherPunctuation
                or System.Globalization.UnicodeCategory.MathSymbol or System.Globalization.UnicodeCategory.CurrencySymbol
                or System.Globalization.UnicodeCategory.ModifierSymbol or System.Globalization.UnicodeCategory.OtherSymbol => true,
            _ => false,
        };
    }

    /// <summary>Go's <c>unicode.IsSpace</c> (the White_Space property, which .NET's char test also follows).</summary>
    public static bool IsSpace(char c) => char.IsWhiteSpace(c);

    public static string TrimSpace(string text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && IsSpace(text[start]))
        {
            start++;
        }
        while (end > start && IsSpace(text[end - 1]))
        {
            end--;
        }
        return start == 0 && end == text.Length ? text : text[start..end];
    }
}
