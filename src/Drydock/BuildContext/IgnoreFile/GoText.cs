using System.Buffers;
using System.Text;

namespace Drydock.BuildContext.IgnoreFile;

/// <summary>
/// The few Go string semantics .dockerignore handling depends on, on raw UTF-8 bytes: rune decoding (an invalid
/// byte is one U+FFFD of width 1, as Go's utf8.DecodeRune), strings.TrimSpace and path/filepath.Clean on Unix.
/// Paths and patterns stay bytes so names that are not UTF-8 match exactly as Docker matches them.
/// </summary>
internal static class GoText
{
    public const int RuneError = 0xFFFD;

    /// <summary>Decodes one rune at the start of <paramref name="text"/>; returns its width in bytes (at least 1).</summary>
    public static int DecodeRune(ReadOnlySpan<byte> text, out int rune)
    {
        var first = text[0];
        if (first < 0x80)
        {
            rune = first;
            return 1;
        }
        if (Rune.DecodeFromUtf8(text, out var decoded, out var consumed) == OperationStatus.Done)
        {
            rune = decoded.Value;
            return consumed;
        }
        rune = RuneError;
        return 1;
    }

    /// <summary>Go's unicode.IsSpace.</summary>
    public static bool IsSpace(int rune) => rune switch
    {
        '\t' or '\n' or '\v' or '\f' or '\r' or ' ' or 0x85 or 0xA0 => true,
        0x1680 or 0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000 => true,
        >= 0x2000 and <= 0x200A => true,
        _ => false,
    };

    /// <summary>Go's strings.TrimSpace.</summary>
    public static ReadOnlySpan<byte> TrimSpace(ReadOnlySpan<byte> text)
    {
        var start = 0;
        while (start < text.Length)
        {
            var width = DecodeRune(text[start..], out var rune);
            if (!IsSpace(rune) || (rune == RuneError && width == 1))
            {
                break;
            }
            start += width;
        }
        var end = text.Length;
        while (end > start)
        {
            // Step back to the start of the last rune (at most 4 bytes back).
            var runeStart = end - 1;
            while (runeStart > start && end - runeStart < 4 && (text[runeStart] & 0xC0) == 0x80)
            {
                runeStart--;
            }
            var width = DecodeRune(text[runeStart..end], out var rune);
            if (runeStart + width != end)
            {
                // The last byte is not the end of a valid rune: it is an invalid byte, never a space.
                break;
            }
            if (!IsSpace(rune))
            {
                break;
            }
            end = runeStart;
        }
        return text[start..end];
    }

    /// <summary>Go's path/filepath.Clean with '/' as the separator: purely lexical.</summary>
    public static byte[] CleanPath(ReadOnlySpan<byte> path)
    {
        if (path.IsEmpty)
        {
            return "."u8.ToArray();
        }
        var rooted = path[0] == (byte)'/';
        var kept = new List<Range>();
        var position = 0;
        while (position < path.Length)
        {
            var next = path[position..].IndexOf((byte)'/');
            var end = next < 0 ? path.Length : position + next;
            var element = path[position..end];
            if (element.IsEmpty || element.SequenceEqual("."u8))
            {
                // Duplicate separators and "." elements vanish.
            }
            else if (element.SequenceEqual(".."u8))
            {
                if (kept.Count > 0 && !path[kept[^1]].SequenceEqual(".."u8))
                {
                    kept.RemoveAt(kept.Count - 1);
                }
                else if (!rooted)
                {
                    kept.Add(position..end);
                }
            }
            else
            {
                kept.Add(position..end);
            }
            position = end + 1;
        }
        var result = new List<byte>(path.Length + 1);
        if (rooted)
        {
            result.Add((byte)'/');
        }
        for (var i = 0; i < kept.Count; i++)
        {
            if (i > 0)
            {
                result.Add((byte)'/');
            }
            result.AddRange(path[kept[i]]);
        }
        if (result.Count == 0)
        {
            result.Add((byte)'.');
        }
        return [.. result];
    }

    /// <summary>For messages: the bytes as text, invalid sequences shown as U+FFFD.</summary>
    public static string Display(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
