using System.Globalization;
using System.Text;

namespace Drydock.Text;

/// <summary>
/// Makes text safe to print for people: control characters (an escape sequence in an image label or a file name that
/// would set the window title or clear the screen), C1 controls and bidirectional overrides are shown as escapes
/// (<c>\x1b</c>, <c>\n</c>, <c>\u202e</c>), so one finding stays one line and the terminal only ever receives text.
/// Tabs are kept. Every human-readable renderer and the CLI's error lines use it; JSON and SARIF escape as JSON does.
/// </summary>
public static class TerminalText
{
    /// <param name="text">The text to show.</param>
    /// <param name="keepLineBreaks">Keep '\n' and '\r' (multi-line messages, XML text); they are escaped otherwise.</param>
    public static string Escape(string text, bool keepLineBreaks = false)
    {
        var first = FirstUnsafe(text, keepLineBreaks);
        if (first < 0)
        {
            return text;
        }
        var builder = new StringBuilder(text.Length + 16);
        builder.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (!IsUnsafe(c, keepLineBreaks))
            {
                builder.Append(c);
                continue;
            }
            builder.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                < '\u0080' => "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture),
                _ => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
            });
        }
        return builder.ToString();
    }

    private static int FirstUnsafe(string text, bool keepLineBreaks)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (IsUnsafe(text[i], keepLineBreaks))
            {
                return i;
            }
        }
        return -1;
    }

    private static bool IsUnsafe(char c, bool keepLineBreaks) => c switch
    {
        '\t' => false,
        '\n' or '\r' => !keepLineBreaks,
        < ' ' or '\u007f' => true,
        >= '\u0080' and <= '\u009f' => true,
        // Bidirectional embeddings, overrides and isolates reorder what a reader sees ("trojan source").
        >= '\u202a' and <= '\u202e' => true,
        >= '\u2066' and <= '\u2069' => true,
        _ => false,
    };
}
