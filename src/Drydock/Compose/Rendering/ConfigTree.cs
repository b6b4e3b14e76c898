using System.Globalization;
using System.Text;

namespace Drydock.Compose.Rendering;

/// <summary>A value of the rendered model: an ordered tree that writes itself as Go's JSON or as YAML.</summary>
public abstract record ConfigValue;

public sealed record ConfigString(string Value) : ConfigValue;

/// <summary>A number, already formatted as Go formats it.</summary>
public sealed record ConfigNumber(string Literal) : ConfigValue
{
    public static ConfigNumber Of(long value) => new(value.ToString(CultureInfo.InvariantCulture));
}

public sealed record ConfigBool(bool Value) : ConfigValue;

public sealed record ConfigNull : ConfigValue
{
    public static readonly ConfigNull Instance = new();
}

public sealed record ConfigArray(IReadOnlyList<ConfigValue> Items) : ConfigValue;

/// <summary>An object; <see cref="ConfigMember.OmitInYaml"/> marks members YAML leaves out (a null command).</summary>
public sealed record ConfigObject(IReadOnlyList<ConfigMember> Members) : ConfigValue;

public sealed record ConfigMember(string Name, ConfigValue Value, bool OmitInYaml = false);

/// <summary>Writes a <see cref="ConfigValue"/> exactly as <c>docker compose config</c> does.</summary>
public static class ConfigWriter
{
    /// <summary>
    /// Go's <c>json.MarshalIndent(v, "", "  ")</c>: HTML-safe escapes (&lt; &gt; &amp; as \u003c…), then every '$'
    /// doubled, since <c>docker compose config</c> escapes its output for re-use as a Compose file.
    /// </summary>
    public static string ToJson(ConfigValue value)
    {
        var builder = new StringBuilder();
        WriteJson(builder, value, 0);
        return builder.ToString().Replace("$", "$$", StringComparison.Ordinal);
    }

    private static void WriteJson(StringBuilder builder, ConfigValue value, int depth)
    {
        switch (value)
        {
            case ConfigString text:
                WriteJsonString(builder, text.Value);
                break;
            case ConfigNumber number:
                builder.Append(number.Literal);
                break;
            case ConfigBool flag:
                builder.Append(flag.Value ? "true" : "false");
                break;
            case ConfigNull:
                builder.Append("null");
                break;
            case ConfigArray array:
                if (array.Items.Count == 0)
                {
                    builder.Append("[]");
                    break;
                }
                builder.Append('[');
                for (var i = 0; i < array.Items.Count; i++)
                {
                    builder.Append(i == 0 ? "\n" : ",\n").Append(' ', (depth + 1) * 2);
                    WriteJson(builder, array.Items[i], depth + 1);
                }
                builder.Append('\n').Append(' ', depth * 2).Append(']');
                break;
            case ConfigObject obj:
                if (obj.Members.Count == 0)
                {
                    builder.Append("{}");
                    break;
                }
                builder.Append('{');
                for (var i = 0; i < obj.Members.Count; i++)
                {
                    builder.Append(i == 0 ? "\n" : ",\n").Append(' ', (depth + 1) * 2);
                    WriteJsonString(builder, obj.Members[i].Name);
                    builder.Append(": ");
                    WriteJson(builder, obj.Members[i].Value, depth + 1);
                }
                builder.Append('\n').Append(' ', depth * 2).Append('}');
                break;
        }
    }

    private static void WriteJsonString(StringBuilder builder, string text) => GoStrings.AppendQuoted(builder, text, QuoteStyle.Json);

    /// <summary>YAML with two-space indentation, indented sequences, and '$' doubled as in <c>docker compose config</c>.</summary>
    public static string ToYaml(ConfigValue value)
    {
        var builder = new StringBuilder();
        WriteYamlBlock(builder, value, 0);
        return builder.ToString().Replace("$", "$$", StringComparison.Ordinal);
    }

    private static void WriteYamlBlock(StringBuilder builder, ConfigValue value, int indent)
    {
        switch (value)
        {
            case ConfigObject obj:
                foreach (var member in obj.Members.Where(member => !member.OmitInYaml))
                {
                    builder.Append(' ', indent).Append(YamlScalar(member.Name)).Append(':');
                    WriteYamlValue(builder, member.Value, indent);
                }
                break;
            case ConfigArray array:
                foreach (var item in array.Items)
                {
                    builder.Append(' ', indent).Append('-');
                    if (item is ConfigObject { Members.Count: > 0 } itemObject)
                    {
                        var first = true;
                        foreach (var member in itemObject.Members.Where(member => !member.OmitInYaml))
                        {
                            builder.Append(first ? " " : new string(' ', indent + 2)).Append(YamlScalar(member.Name)).Append(':');
                            WriteYamlValue(builder, member.Value, indent + 2);
                            first = false;
                        }
                    }
                    else
                    {
                        WriteYamlValue(builder, item, indent);
                    }
                }
                break;
        }
    }

    private static void WriteYamlValue(StringBuilder builder, ConfigValue value, int indent)
    {
        switch (value)
        {
            case ConfigObject { Members.Count: 0 }:
                builder.Append(" {}\n");
                break;
            case ConfigArray { Items.Count: 0 }:
                builder.Append(" []\n");
                break;
            case ConfigObject:
                builder.Append('\n');
                WriteYamlBlock(builder, value, indent + 2);
                break;
            case ConfigArray:
                builder.Append('\n');
                WriteYamlBlock(builder, value, indent + 2);
                break;
            case ConfigString text:
                builder.Append(' ').Append(YamlScalar(text.Value)).Append('\n');
                break;
            case ConfigNumber number:
                builder.Append(' ').Append(number.Literal).Append('\n');
                break;
            case ConfigBool flag:
                builder.Append(flag.Value ? " true\n" : " false\n");
                break;
            default:
                builder.Append(" null\n");
                break;
        }
    }

    /// <summary>A string as a YAML scalar: plain when it reads back as the same string, double-quoted otherwise.</summary>
    public static string YamlScalar(string text)
    {
        if (NeedsQuotes(text))
        {
            return GoStrings.AppendQuoted(new StringBuilder(text.Length + 2), text, QuoteStyle.Yaml).ToString();
        }
        return text;
    }

    private static bool NeedsQuotes(string text)
    {
        if (text.Length == 0 || text != text.Trim())
        {
            return true;
        }
        var plain = new Drydock.Yaml.YamlScalar(text, Drydock.Yaml.YamlScalarStyle.Plain, default);
        if (Loading.ComposeNodes.Kind(plain) != Loading.ScalarKind.String || text is "y" or "Y" or "yes" or "Yes" or "YES" or "n" or "N" or "no" or "No" or "NO" or "on" or "On" or "ON" or "off" or "Off" or "OFF")
        {
            return true;
        }
        if (",[]{}#&*!|>'\"%@`".Contains(text[0], StringComparison.Ordinal))
        {
            return true;
        }
        if (text[0] is '-' or '?' or ':' && (text.Length == 1 || text[1] == ' '))
        {
            return true;
        }
        return text.Contains(": ", StringComparison.Ordinal) || text.Contains(" #", StringComparison.Ordinal) || text.EndsWith(':') || text.Any(c => c < 0x20);
    }
}
