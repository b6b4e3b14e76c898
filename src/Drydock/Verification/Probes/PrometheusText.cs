using System.Globalization;

namespace Drydock.Verification.Probes;

/// <summary>The outcome of validating a Prometheus text exposition: the first invalid line (1-based) or the sample names seen.</summary>
internal sealed record PrometheusValidation(int? InvalidLine, string? Error, IReadOnlySet<string> SampleNames)
{
    public bool IsValid => InvalidLine is null;

    /// <summary>
    /// Whether a metric appears: as a sample name, or as the base name of a counter (<c>_total</c>) or of a
    /// histogram's or summary's series (<c>_bucket</c>, <c>_sum</c>, <c>_count</c>).
    /// </summary>
    public bool HasMetric(string name) =>
        SampleNames.Contains(name) || Suffixes.Any(suffix => SampleNames.Contains(name + suffix));

    private static readonly string[] Suffixes = ["_total", "_bucket", "_sum", "_count"];
}

/// <summary>
/// A validator for the Prometheus text exposition format (version 0.0.4), line by line: <c># HELP name text</c>,
/// <c># TYPE name type</c>, other comments, and samples <c>name{label="value",…} value [timestamp]</c>.
/// Strict where scrapers are (names, label syntax and escapes, values, one TYPE per metric before its samples),
/// so a service that passes is one Prometheus can scrape.
/// </summary>
internal static class PrometheusText
{
    private static readonly HashSet<string> Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    public static PrometheusValidation Validate(string text)
    {
        var sampleNames = new HashSet<string>(StringComparer.Ordinal);
        var typed = new HashSet<string>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            // Tolerate CRLF endings: scrapers see the same samples either way.
            var line = lines[index].TrimEnd('\r');
            var error = line.TrimStart(' ', '\t') is var trimmed && trimmed.Length == 0 ? null
                : trimmed[0] == '#' ? ValidateComment(trimmed, typed, sampleNames)
                : ValidateSample(trimmed, sampleNames);
            if (error is not null)
            {
                return new PrometheusValidation(index + 1, error, sampleNames);
            }
        }
        return new PrometheusValidation(null, null, sampleNames);
    }

    public static bool IsMetricName(ReadOnlySpan<char> name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] is '_' or ':'))
        {
            return false;
        }
        foreach (var c in name[1..])
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or ':'))
            {
                return false;
            }
        }
        return true;
    }

    public static bool IsLabelName(ReadOnlySpan<char> name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }
        foreach (var c in name[1..])
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A sample value as Go's ParseFloat reads it: decimal, exponent, NaN and (signed) Inf.</summary>
    public static bool IsFloat(string token) =>
        token.TrimStart('+', '-') is var unsigned
        && (token.Length - unsigned.Length <= 1)
        && (unsigned.Equals("Inf", StringComparison.OrdinalIgnoreCase)
            || unsigned.Equals("Infinity", StringComparison.OrdinalIgnoreCase)
            || (token.Length == unsigned.Length && unsigned.Equals("NaN", StringComparison.OrdinalIgnoreCase))
            || (unsigned.Length > 0 && (char.IsAsciiDigit(unsigned[0]) || unsigned[0] == '.')
                && double.TryParse(token, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out _)));

    private static string? ValidateComment(string line, HashSet<string> typed, HashSet<string> sampleNames)
    {
        var tokens = line[1..].Split([' ', '\t'], 4, StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0 || tokens[0] is not ("HELP" or "TYPE"))
        {
            return null;
        }
        if (tokens.Length < 2)
        {
            return $"'# {tokens[0]}' without a metric name";
        }
        var name = tokens[1];
        if (!IsMetricName(name))
        {
            return $"invalid metric name '{name}' in # {tokens[0]}";
        }
        if (tokens[0] == "HELP")
        {
            return null;
        }
        if (tokens.Length < 3)
        {
            return $"'# TYPE {name}' without a type";
        }
        if (tokens.Length > 3)
        {
            return $"unexpected text after the type in '# TYPE {name} {tokens[2]}'";
        }
        if (!Types.Contains(tokens[2]))
        {
            return $"invalid type '{tokens[2]}' for {name} (counter, gauge, histogram, summary or untyped)";
        }
        if (!typed.Add(name))
        {
            return $"a second # TYPE line for {name}";
        }
        if (sampleNames.Contains(name))
        {
            return $"# TYPE for {name} after its samples";
        }
        return null;
    }

    private static string? ValidateSample(string line, HashSet<string> sampleNames)
    {
        var position = 0;
        while (position < line.Length && line[position] is not ('{' or ' ' or '\t'))
        {
            position++;
        }
        var name = line[..position];
        if (!IsMetricName(name))
        {
            return $"invalid metric name '{name}'";
        }
        var afterName = position;
        SkipBlanks(line, ref position);
        if (position < line.Length && line[position] == '{')
        {
            position++;
            if (ValidateLabels(line, ref position) is { } labelError)
            {
                return labelError;
            }
        }
        else
        {
            // No label set: the blanks separate the name from the value.
            position = afterName;
        }
        var rest = line[position..];
        if (rest.Length == 0 || rest[0] is not (' ' or '\t'))
        {
            return rest.Length == 0 ? $"sample {name} has no value" : $"expected a space before the value of {name}, got '{rest[0]}'";
        }
        var tokens = rest.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0)
        {
            return $"sample {name} has no value";
        }
        if (!IsFloat(tokens[0]))
        {
            return $"invalid value '{tokens[0]}' for {name}";
        }
        if (tokens.Length > 1 && !long.TryParse(tokens[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            return $"invalid timestamp '{tokens[1]}' for {name} (milliseconds as an integer)";
        }
        if (tokens.Length > 2)
        {
            return $"unexpected text after the timestamp of {name}: '{tokens[2]}'";
        }
        sampleNames.Add(name);
        return null;
    }

    /// <summary>Reads <c>name="value",…}</c> after the opening brace, up to and including the closing one.</summary>
    private static string? ValidateLabels(string line, ref int position)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            SkipBlanks(line, ref position);
            if (position >= line.Length)
            {
                return "unclosed '{' in the label set";
            }
            if (line[position] == '}')
            {
                position++;
                return null;
            }
            var start = position;
            while (position < line.Length && line[position] is not ('=' or ' ' or '\t' or ',' or '}'))
            {
                position++;
            }
            var labelName = line[start..position];
            if (!IsLabelName(labelName))
            {
                return $"invalid label name '{labelName}'";
            }
            if (!seen.Add(labelName))
            {
                return $"label '{labelName}' appears twice";
            }
            SkipBlanks(line, ref position);
            if (position >= line.Length || line[position] != '=')
            {
                return $"expected '=' after label {labelName}";
            }
            position++;
            SkipBlanks(line, ref position);
            if (position >= line.Length || line[position] != '"')
            {
                return $"expected a quoted value for label {labelName}";
            }
            position++;
            while (true)
            {
                if (position >= line.Length)
                {
                    return $"unterminated value of label {labelName}";
                }
                var c = line[position++];
                if (c == '"')
                {
                    break;
                }
                if (c == '\\')
                {
                    if (position >= line.Length || line[position] is not ('\\' or '"' or 'n'))
                    {
                        return position >= line.Length
                            ? $"unterminated value of label {labelName}"
                            : $"invalid escape '\\{line[position]}' in the value of label {labelName} (only \\\\, \\\" and \\n)";
                    }
                    position++;
                }
            }
            SkipBlanks(line, ref position);
            if (position < line.Length && line[position] == ',')
            {
                position++;
            }
            else if (position >= line.Length)
            {
                return "unclosed '{' in the label set";
            }
            else if (line[position] != '}')
            {
                return $"expected ',' or '}}' after label {labelName}";
            }
        }
    }

    private static void SkipBlanks(string line, ref int position)
    {
        while (position < line.Length && line[position] is ' ' or '\t')
        {
            position++;
        }
    }
}
