using System.Globalization;
using Drydock.Text;
using Drydock.Yaml;

namespace Drydock.Compose.Loading;

/// <summary>What a scalar is once YAML has typed it (go-yaml's resolution of plain scalars, which Compose uses).</summary>
public enum ScalarKind
{
    Null,
    Boolean,
    Integer,
    Float,
    String,
}

/// <summary>
/// Small helpers over <see cref="YamlNode"/> trees for the loader: building nodes that keep the span of the value
/// they were derived from, typing scalars the way Compose's YAML library does, and rendering them as Go would.
/// </summary>
public static class ComposeNodes
{
    /// <summary>A string scalar (typed as a string whatever its text looks like).</summary>
    public static YamlScalar String(string value, SourceSpan span) => new(value, YamlScalarStyle.DoubleQuoted, span);

    /// <summary>A plain scalar: typed from its text (a number, a boolean, null or a string).</summary>
    public static YamlScalar Plain(string value, SourceSpan span) => new(value, YamlScalarStyle.Plain, span);

    public static YamlScalar Boolean(bool value, SourceSpan span) => Plain(value ? "true" : "false", span);

    public static YamlScalar Integer(long value, SourceSpan span) => Plain(value.ToString(CultureInfo.InvariantCulture), span);

    public static YamlScalar Null(SourceSpan span) => Plain("null", span);

    public static YamlEntry Entry(string key, YamlNode value) => new(String(key, value.Span), value);

    public static YamlEntry Entry(string key, YamlNode value, SourceSpan keySpan) => new(String(key, keySpan), value);

    public static YamlMapping Mapping(SourceSpan span, IEnumerable<YamlEntry> entries) => new(entries.ToList(), span);

    public static YamlMapping Mapping(SourceSpan span, params YamlEntry[] entries) => new(entries, span);

    public static YamlSequence Sequence(SourceSpan span, IEnumerable<YamlNode> items) => new(items.ToList(), span);

    public static bool IsNull(YamlNode? node) => node is null || node is YamlScalar scalar && Kind(scalar) == ScalarKind.Null;

    /// <summary>The type go-yaml gives a scalar: tags first, then quoting, then the plain text's form.</summary>
    public static ScalarKind Kind(YamlScalar scalar)
    {
        switch (scalar.Tag)
        {
            case "!!str":
                return ScalarKind.String;
            case "!!int":
                return ScalarKind.Integer;
            case "!!float":
                return ScalarKind.Float;
            case "!!bool":
                return ScalarKind.Boolean;
            case "!!null":
                return ScalarKind.Null;
        }
        if (scalar.Style != YamlScalarStyle.Plain)
        {
            return ScalarKind.String;
        }
        var text = scalar.Value;
        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return ScalarKind.Null;
        }
        if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return ScalarKind.Boolean;
        }
        if (TryParseInteger(text, out _))
        {
            return ScalarKind.Integer;
        }
        if (TryParseFloat(text, out _))
        {
            return ScalarKind.Float;
        }
        return ScalarKind.String;
    }

    /// <summary>The text Go's <c>fmt.Sprint</c> gives the decoded value: how Compose turns numbers and booleans into strings.</summary>
    public static string GoText(YamlScalar scalar) => Kind(scalar) switch
    {
        ScalarKind.Null => string.Empty,
        ScalarKind.Boolean => scalar.Value.Equals("true", StringComparison.OrdinalIgnoreCase) ? "true" : "false",
        ScalarKind.Integer => TryParseInteger(scalar.Value, out var integer) ? integer.ToString(CultureInfo.InvariantCulture) : scalar.Value,
        ScalarKind.Float => TryParseFloat(scalar.Value, out var number) ? GoFloat(number) : scalar.Value,
        _ => scalar.Value,
    };

    /// <summary>A scalar's text for string-typed fields; null for a null scalar or a non-scalar node.</summary>
    public static string? TextOf(YamlNode? node) => node is YamlScalar scalar && Kind(scalar) != ScalarKind.Null ? GoText(scalar) : null;

    public static bool TryBoolean(YamlNode? node, out bool value)
    {
        value = false;
        if (node is not YamlScalar scalar)
        {
            return false;
        }
        // Compose casts strings at boolean fields with YAML 1.1's words (with a warning for yes/no/on/off).
        switch (scalar.Value.ToLowerInvariant())
        {
            case "true" or "y" or "yes" or "on":
                value = true;
                return Kind(scalar) is ScalarKind.Boolean or ScalarKind.String;
            case "false" or "n" or "no" or "off":
                return Kind(scalar) is ScalarKind.Boolean or ScalarKind.String;
            default:
                return false;
        }
    }

    public static bool TryInteger(YamlNode? node, out long value)
    {
        value = 0;
        return node is YamlScalar scalar && Kind(scalar) is ScalarKind.Integer or ScalarKind.String && TryParseInteger(scalar.Value.Trim(), out value);
    }

    public static bool TryNumber(YamlNode? node, out double value)
    {
        value = 0;
        if (node is not YamlScalar scalar || Kind(scalar) is ScalarKind.Null or ScalarKind.Boolean)
        {
            return false;
        }
        if (TryParseInteger(scalar.Value.Trim(), out var integer))
        {
            value = integer;
            return true;
        }
        // Go's ParseFloat refuses what does not fit a float64 (1e309) with a range error; so does this.
        return TryParseFloat(scalar.Value.Trim(), out value) && double.IsFinite(value);
    }

    /// <summary>go-yaml's integers: decimal, 0x/0o/0b prefixes, a leading 0 for octal, '_' separators.</summary>
    public static bool TryParseInteger(string text, out long value)
    {
        value = 0;
        if (text.Length == 0)
        {
            return false;
        }
        var plain = text.Replace("_", string.Empty, StringComparison.Ordinal);
        var negative = false;
        var digits = plain;
        if (digits.StartsWith('-') || digits.StartsWith('+'))
        {
            negative = digits[0] == '-';
            digits = digits[1..];
        }
        if (digits.Length == 0)
        {
            return false;
        }
        try
        {
            long magnitude;
            if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            {
                if (digits.Length == 2 || !long.TryParse(digits.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out magnitude))
                {
                    return false;
                }
            }
            else if (digits.StartsWith("0o", StringComparison.OrdinalIgnoreCase) || (digits.Length > 1 && digits[0] == '0' && digits.All(char.IsAsciiDigit)))
            {
                var octal = digits.StartsWith("0o", StringComparison.OrdinalIgnoreCase) ? digits[2..] : digits[1..];
                if (octal.Length == 0 || !octal.All(c => c is >= '0' and <= '7'))
                {
                    return false;
                }
                magnitude = Convert.ToInt64(octal, 8);
            }
            else if (digits.StartsWith("0b", StringComparison.OrdinalIgnoreCase))
            {
                if (digits.Length == 2 || !digits[2..].All(c => c is '0' or '1'))
                {
                    return false;
                }
                magnitude = Convert.ToInt64(digits[2..], 2);
            }
            else if (!digits.All(char.IsAsciiDigit) || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out magnitude))
            {
                return false;
            }
            value = negative ? -magnitude : magnitude;
            return true;
        }
        catch (Exception ex) when (ex is OverflowException or FormatException or ArgumentException)
        {
            return false;
        }
    }

    public static bool TryParseFloat(string text, out double value)
    {
        value = 0;
        if (text.Contains(".inf", StringComparison.OrdinalIgnoreCase) || text.Contains(".nan", StringComparison.OrdinalIgnoreCase))
        {
            // .inf, -.Inf, .NaN…: the YAML layer already knows these spellings.
            return new YamlScalar(text, YamlScalarStyle.Plain, default).TryGetDouble(out value) && !double.IsFinite(value);
        }
        // [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
        var i = 0;
        if (i < text.Length && text[i] is '-' or '+')
        {
            i++;
        }
        var mantissaDigits = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
            mantissaDigits++;
        }
        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
                mantissaDigits++;
            }
        }
        if (mantissaDigits == 0)
        {
            return false;
        }
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '-' or '+')
            {
                i++;
            }
            var exponentDigits = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0)
            {
                return false;
            }
        }
        return i == text.Length && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Go's <c>%v</c> for a float64: shortest representation, exponent form from 1e21 and below 1e-4.</summary>
    public static string GoFloat(double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            return "+Inf";
        }
        if (double.IsNegativeInfinity(value))
        {
            return "-Inf";
        }
        if (double.IsNaN(value))
        {
            return "NaN";
        }
        if (value == 0)
        {
            return double.IsNegative(value) ? "-0" : "0";
        }
        // Shortest round-trip digits, then Go's layout: %e below 1e-4 and from 1e21, plain decimals otherwise.
        var roundTrip = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var (digits, exponent) = SplitDecimal(roundTrip);
        var sign = value < 0 ? "-" : string.Empty;
        if (exponent < -4 || exponent >= 21)
        {
            var mantissa = digits.Length == 1 ? digits : $"{digits[0]}.{digits[1..]}";
            return $"{sign}{mantissa}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}";
        }
        if (exponent < 0)
        {
            return $"{sign}0.{new string('0', -exponent - 1)}{digits}";
        }
        if (digits.Length <= exponent + 1)
        {
            return sign + digits + new string('0', exponent + 1 - digits.Length);
        }
        return $"{sign}{digits[..(exponent + 1)]}.{digits[(exponent + 1)..]}";
    }

    /// <summary>"123.45" → ("12345", 2); "1.5E-05" → ("15", -5): significant digits and the power of ten of the first.</summary>
    private static (string Digits, int Exponent) SplitDecimal(string text)
    {
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var integerPart = dot < 0 ? text : text[..dot];
        var fraction = dot < 0 ? string.Empty : text[(dot + 1)..];
        var all = integerPart + fraction;
        var leadingZeros = all.Length - all.TrimStart('0').Length;
        var digits = all.TrimStart('0').TrimEnd('0');
        exponent += integerPart.Length - 1 - leadingZeros;
        return (digits.Length == 0 ? "0" : digits, exponent);
    }

    /// <summary>A mapping's entries as a dictionary for lookups (the last entry wins, as it never repeats after loading).</summary>
    public static YamlNode? Get(this YamlMapping mapping, string key) => mapping[key];

    /// <summary>A copy of <paramref name="mapping"/> with <paramref name="key"/> set (replaced in place, or appended).</summary>
    public static YamlMapping With(this YamlMapping mapping, string key, YamlNode value, SourceSpan? keySpan = null)
    {
        var entries = new List<YamlEntry>(mapping.Entries.Count + 1);
        var replaced = false;
        foreach (var entry in mapping.Entries)
        {
            if (!replaced && entry.Key.Value == key)
            {
                entries.Add(entry with { Value = value });
                replaced = true;
            }
            else
            {
                entries.Add(entry);
            }
        }
        if (!replaced)
        {
            entries.Add(new YamlEntry(String(key, keySpan ?? value.Span), value));
        }
        return new YamlMapping(entries, mapping.Span) { Tag = mapping.Tag };
    }

    public static YamlMapping Without(this YamlMapping mapping, string key)
    {
        if (mapping.Find(key) is null)
        {
            return mapping;
        }
        return new YamlMapping(mapping.Entries.Where(entry => entry.Key.Value != key).ToList(), mapping.Span) { Tag = mapping.Tag };
    }
}
