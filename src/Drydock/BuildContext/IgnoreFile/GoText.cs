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
            return [(byte)'.'];
        }
        var rooted = path[0] == (byte)'/';
        // Kept elements as (start, end) offsets into path; arrays, not List<Range>, to stay precompiled.
        var starts = new int[(path.Length / 2) + 1];
        var ends = new int[starts.Length];
        var kept = 0;
        var position = 0;
        while (position < path.Length)
        {
            var next = path[position..].IndexOf((byte)'/');
            var end = next < 0 ? path.Length : position + next;
            var element = path[position..end];
            if (element.IsEmpty || (element.Length == 1 && element[0] == (byte)'.'))
            {
                // Duplicate separators and "." elements vanish.
            }
            else if (element.Length == 2 && element[0] == (byte)'.' && element[1] == (byte)'.')
            {
                if (kept > 0 && !(ends[kept - 1] - starts[kept - 1] == 2 && path[starts[kept - 1]] == (byte)'.' && path[starts[kept - 1] + 1] == (byte)'.'))
                {
                    kept--;
                }
                else if (!rooted)
                {
                    starts[kept] = position;
                    ends[kept++] = end;
                }
            }
            else
            {
                starts[kept] = position;
                ends[kept++] = end;
            }
            position = end + 1;
        }
        var length = rooted ? 1 : 0;
        for (var i = 0; i < kept; i++)
        {
            length += (i > 0 ? 1 : 0) + ends[i] - starts[i];
        }
        if (length == 0)
        {
            return [(byte)'.'];
        }
        var result = new byte[length];
        var offset = 0;
        if (rooted)
        {
            result[offset++] = (byte)'/';
        }
        for (var i = 0; i < kept; i++)
        {
            if (i > 0)
            {
                result[offset++] = (byte)'/';
            }
            path[starts[i]..ends[i]].CopyTo(result.AsSpan(offset));
            offset += ends[i] - starts[i];
        }
        return result;
    }

    /// <summary>For messages: the bytes as text, invalid sequences shown as U+FFFD.</summary>
    public static string Display(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
