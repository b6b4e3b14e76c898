namespace Drydock.BuildContext.IgnoreFile;

/// <summary>
/// The syntax check Docker applies to every pattern when it compiles the list (Go's filepath.Match on Unix, which
/// validates the whole pattern): a <c>[...]</c> class needs at least one element, no unescaped <c>-</c> or <c>]</c>
/// where an element is expected, valid UTF-8 inside, and a closing <c>]</c>; a <c>\</c> needs a character after it.
/// </summary>
internal static class GlobSyntax
{
    /// <summary>Null when valid, else why not (with the byte offset of the problem).</summary>
    public static (string Problem, int Offset)? Validate(ReadOnlySpan<byte> pattern)
    {
        var i = 0;
        while (i < pattern.Length)
        {
            switch (pattern[i])
            {
                case (byte)'\\':
                    if (i + 1 >= pattern.Length)
                    {
                        return ("a trailing '\\' escapes nothing", i);
                    }
                    i += 2;
                    break;
                case (byte)'[':
                    var classStart = i;
                    i++;
                    if (i < pattern.Length && pattern[i] == (byte)'^')
                    {
                        i++;
                    }
                    var ranges = 0;
                    while (true)
                    {
                        if (i < pattern.Length && pattern[i] == (byte)']' && ranges > 0)
                        {
                            i++;
                            break;
                        }
                        if (ClassCharacter(pattern, ref i) is { } low)
                        {
                            return (low, classStart);
                        }
                        if (pattern[i] == (byte)'-')
                        {
                            i++;
                            if (ClassCharacter(pattern, ref i) is { } high)
                            {
                                return (high, classStart);
                            }
                        }
                        ranges++;
                    }
                    break;
                default:
                    i++;
                    break;
            }
        }
        return null;
    }

    /// <summary>Go's getEsc: one class character, possibly escaped; something must follow it.</summary>
    private static string? ClassCharacter(ReadOnlySpan<byte> pattern, ref int i)
    {
        if (i >= pattern.Length)
        {
            return "the character class '[' is never closed";
        }
        if (pattern[i] == (byte)'-' || pattern[i] == (byte)']')
        {
            return $"unexpected '{(char)pattern[i]}' in a character class (escape it as '\\{(char)pattern[i]}')";
        }
        if (pattern[i] == (byte)'\\')
        {
            i++;
            if (i >= pattern.Length)
            {
                return "the character class '[' is never closed";
            }
        }
        var width = GoText.DecodeRune(pattern[i..], out var rune);
        if (rune == GoText.RuneError && width == 1)
        {
            return "a character class holds bytes that are not UTF-8";
        }
        i += width;
        return i >= pattern.Length ? "the character class '[' is never closed" : null;
    }
}
