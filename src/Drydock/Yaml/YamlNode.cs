using System.Globalization;
using Drydock.Text;

namespace Drydock.Yaml;

public enum YamlScalarStyle
{
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// <summary>
/// A YAML node with the span it was written at. Aliases are resolved to the anchored node (so a value reached
/// through an alias or a <c>&lt;&lt;</c> merge keeps the span of where it was written).
/// </summary>
public abstract record YamlNode(SourceSpan Span)
{
    /// <summary>An explicit tag such as <c>!reset</c>, <c>!override</c> or <c>!!str</c>; null when untagged.</summary>
    public string? Tag { get; init; }

    public abstract string Kind { get; }
}

public sealed record YamlScalar(string Value, YamlScalarStyle Style, SourceSpan Span) : YamlNode(Span)
{
    public override string Kind => "scalar";

    public bool IsPlain => Style == YamlScalarStyle.Plain && Tag is null;

    /// <summary>YAML 1.2 core schema null: an untagged plain <c>null</c>, <c>Null</c>, <c>NULL</c>, <c>~</c> or nothing.</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    public bool TryGetBoolean(out bool value)
    {
        value = false;
        if (!IsPlain && Tag != "!!bool")
        {
            return false;
        }
        switch (Value)
        {
            case "true" or "True" or "TRUE":
                value = true;
                return true;
            case "false" or "False" or "FALSE":
                return true;
            default:
                return false;
        }
    }

    public bool TryGetInt64(out long value)
    {
        value = 0;
        if (!IsPlain && Tag != "!!int")
        {
            return false;
        }
        var text = Value.Replace("_", string.Empty, StringComparison.Ordinal);
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }
        if (text.StartsWith("0o", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                value = Convert.ToInt64(text[2..], 8);
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    public bool TryGetDouble(out double value)
    {
        value = 0;
        if (!IsPlain && Tag != "!!float")
        {
            return false;
        }
        switch (Value)
        {
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                value = double.PositiveInfinity;
                return true;
            case "-.inf" or "-.Inf" or "-.INF":
                value = double.NegativeInfinity;
                return true;
            case ".nan" or ".NaN" or ".NAN":
                value = double.NaN;
                return true;
        }
        return double.TryParse(Value, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}

public sealed record YamlEntry(YamlScalar Key, YamlNode Value);

public sealed record YamlMapping(IReadOnlyList<YamlEntry> Entries, SourceSpan Span) : YamlNode(Span)
{
    public override string Kind => "mapping";

    public YamlNode? this[string key] => Find(key)?.Value;

    public YamlEntry? Find(string key)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key.Value == key)
            {
                return entry;
            }
        }
        return null;
    }
}

public sealed record YamlSequence(IReadOnlyList<YamlNode> Items, SourceSpan Span) : YamlNode(Span)
{
    public override string Kind => "sequence";
}

/// <summary>One parsed file: its documents (most formats use only the first).</summary>
public sealed record YamlDocumentSet(string File, IReadOnlyList<YamlNode> Documents)
{
    /// <summary>The first document, or null for an empty file.</summary>
    public YamlNode? Root => Documents.Count > 0 ? Documents[0] : null;
}
