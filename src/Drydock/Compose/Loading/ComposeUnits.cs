using System.Globalization;

namespace Drydock.Compose.Loading;

/// <summary>Compose's duration, byte-size and CPU values, parsed as Compose parses them.</summary>
public static class ComposeUnits
{
    /// <summary>
    /// A duration such as <c>1m30s</c>, <c>1.5s</c>, <c>300ms</c> or <c>2d</c>: Go's units (ns, us/µs, ms, s, m, h) plus
    /// d and w; a bare number other than 0 is an error ("missing unit"), as in Compose.
    /// </summary>
    public static bool TryParseDuration(string text, out TimeSpan duration, out string? error)
    {
        duration = TimeSpan.Zero;
        error = null;
        var s = text;
        if (s.Length == 0)
        {
            error = $"time: invalid duration {GoStrings.Quote(text)}";
            return false;
        }
        var negative = false;
        if (s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s == "0")
        {
            return true;
        }
        if (s.Length == 0)
        {
            error = $"time: invalid duration {GoStrings.Quote(text)}";
            return false;
        }
        decimal totalNanoseconds = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }
            var number = s[start..i];
            if (number.Length == 0 || number == "." || number.Count(c => c == '.') > 1
                || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                error = $"time: invalid duration {GoStrings.Quote(text)}";
                return false;
            }
            var unitStart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.')
            {
                i++;
            }
            var unit = s[unitStart..i];
            decimal? scale = unit switch
            {
                "ns" => 1m,
                "us" or "\u00b5s" or "\u03bcs" => 1_000m,
                "ms" => 1_000_000m,
                "s" => 1_000_000_000m,
                "m" => 60m * 1_000_000_000m,
                "h" => 3600m * 1_000_000_000m,
                "d" => 86400m * 1_000_000_000m,
                "w" => 7m * 86400m * 1_000_000_000m,
                _ => null,
            };
            if (unit.Length == 0)
            {
                error = $"time: missing unit in duration {GoStrings.Quote(text)}";
                return false;
            }
            if (scale is null)
            {
                error = $"time: unknown unit {GoStrings.Quote(unit)} in duration {GoStrings.Quote(text)}";
                return false;
            }
            // Checked before multiplying: decimal arithmetic throws on overflow (99999999999999999999999s).
            if (value > long.MaxValue / scale.Value)
            {
                error = $"time: invalid duration {GoStrings.Quote(text)}";
                return false;
            }
            totalNanoseconds += value * scale.Value;
            if (totalNanoseconds > long.MaxValue)
            {
                error = $"time: invalid duration {GoStrings.Quote(text)}";
                return false;
            }
        }
        var ticks = (long)Math.Floor(totalNanoseconds / 100m);
        duration = TimeSpan.FromTicks(negative ? -ticks : ticks);
        return true;
    }

    /// <summary>Go's <c>time.Duration.String()</c>: <c>1h0m0s</c>, <c>1m30s</c>, <c>1.5s</c>, <c>300ms</c>, <c>0s</c>.</summary>
    public static string FormatDuration(TimeSpan duration)
    {
        var nanoseconds = duration.Ticks * 100L;
        if (nanoseconds == 0)
        {
            return "0s";
        }
        var negative = nanoseconds < 0;
        var u = (ulong)Math.Abs(nanoseconds);
        string result;
        if (u < 1_000_000_000UL)
        {
            // Under a second: the largest unit that keeps a leading digit, with a fraction.
            if (u < 1_000UL)
            {
                result = u.ToString(CultureInfo.InvariantCulture) + "ns";
            }
            else if (u < 1_000_000UL)
            {
                result = Fraction(u, 1_000UL) + "\u00b5s";
            }
            else
            {
                result = Fraction(u, 1_000_000UL) + "ms";
            }
        }
        else
        {
            var seconds = Fraction(u % 60_000_000_000UL, 1_000_000_000UL) + "s";
            var totalMinutes = u / 60_000_000_000UL;
            if (totalMinutes == 0)
            {
                result = seconds;
            }
            else
            {
                var minutes = totalMinutes % 60;
                var hours = totalMinutes / 60;
                result = hours > 0
                    ? $"{hours.ToString(CultureInfo.InvariantCulture)}h{minutes.ToString(CultureInfo.InvariantCulture)}m{seconds}"
                    : $"{minutes.ToString(CultureInfo.InvariantCulture)}m{seconds}";
            }
        }
        return negative ? "-" + result : result;
    }

    private static string Fraction(ulong value, ulong unit)
    {
        var whole = value / unit;
        var rest = value % unit;
        if (rest == 0)
        {
            return whole.ToString(CultureInfo.InvariantCulture);
        }
        var digits = unit.ToString(CultureInfo.InvariantCulture).Length - 1;
        var fraction = rest.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
        return $"{whole.ToString(CultureInfo.InvariantCulture)}.{fraction}";
    }

    /// <summary>
    /// A size in bytes: an integer, or Docker's RAM notation (<c>256m</c>, <c>1.5g</c>, <c>512MiB</c>, <c>1gb</c>),
    /// where every unit is a power of 1024.
    /// </summary>
    public static bool TryParseBytes(string text, out long bytes)
    {
        bytes = 0;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out bytes))
        {
            return true;
        }
        // ^(\d+(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$
        var i = 0;
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
        {
            i++;
        }
        var number = text[..i];
        if (number.Length == 0 || number[0] == '.' || number.EndsWith('.') || number.Contains("..", StringComparison.Ordinal)
            || !double.TryParse(number.Count(c => c == '.') > 1 ? number[..number.IndexOf('.', number.IndexOf('.') + 1)] : number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }
        var rest = text[i..];
        if (rest.StartsWith(' '))
        {
            rest = rest[1..];
        }
        var multiplier = 1.0;
        if (rest.Length > 0 && "kKmMgGtTpP".Contains(rest[0], StringComparison.Ordinal))
        {
            multiplier = char.ToLowerInvariant(rest[0]) switch
            {
                'k' => 1024.0,
                'm' => 1024.0 * 1024,
                'g' => 1024.0 * 1024 * 1024,
                't' => 1024.0 * 1024 * 1024 * 1024,
                _ => 1024.0 * 1024 * 1024 * 1024 * 1024,
            };
            rest = rest[1..];
        }
        if (rest.Length > 0 && rest[0] is 'i' or 'I')
        {
            rest = rest[1..];
        }
        if (rest.Length > 0 && rest[0] is 'b' or 'B')
        {
            rest = rest[1..];
        }
        if (rest.Length > 0)
        {
            return false;
        }
        var result = value * multiplier;
        if (result > long.MaxValue)
        {
            return false;
        }
        bytes = (long)result;
        return true;
    }
}
