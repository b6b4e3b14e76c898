using System.Globalization;
using System.Text;

namespace Drydock.Compose;

/// <summary>The quoting styles of the texts Compose writes.</summary>
internal enum QuoteStyle
{
    /// <summary>Go's <c>%q</c>: \a \b \f \v by name, other control characters as \xNN.</summary>
    Go,

    /// <summary>Go's JSON encoder: control characters as \u00NN, and &lt; &gt; &amp; U+2028 U+2029 escaped (HTML-safe).</summary>
    Json,

    /// <summary>A YAML double-quoted scalar: control characters as \xNN.</summary>
    Yaml,
}

/// <summary>String quoting as Go (and so Compose) writes it, so messages and output read exactly like Compose's.</summary>
internal static class GoStrings
{
    public static string Quote(string text) => AppendQuoted(new StringBuilder(text.Length + 2), text, QuoteStyle.Go).ToString();

    public static StringBuilder AppendQuoted(StringBuilder builder, string text, QuoteStyle style)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\a' or '\b' or '\f' or '\v' when style == QuoteStyle.Go:
                    builder.Append(c switch { '\a' => "\\a", '\b' => "\\b", '\f' => "\\f", _ => "\\v" });
                    break;
                case '<' or '>' or '&' or '\u2028' or '\u2029' when style == QuoteStyle.Json:
                    builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    break;
                default:
                    if (c < 0x20 || (style == QuoteStyle.Go && char.IsControl(c)))
                    {
                        var code = (int)c;
                        builder.Append(style switch
                        {
                            QuoteStyle.Json => "\\u" + code.ToString("x4", CultureInfo.InvariantCulture),
                            QuoteStyle.Yaml => "\\x" + code.ToString("X2", CultureInfo.InvariantCulture),
                            _ => "\\x" + code.ToString("x2", CultureInfo.InvariantCulture),
                        });
                    }
                    else
                    {
                        builder.Append(c);
                    }
                    break;
            }
        }
        return builder.Append('"');
    }
}
