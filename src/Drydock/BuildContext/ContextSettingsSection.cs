using System.Globalization;
using Drydock.Configuration;
using Drydock.Yaml;

namespace Drydock.BuildContext;

/// <summary>
/// The <c>context:</c> section of drydock.yml:
/// <code>
/// context:
///   max_size: 70 MB   # CX001's target (default 100 MB)
/// </code>
/// Unknown keys and bad values are errors with their position.
/// </summary>
public static class ContextSettingsSection
{
    public const string Name = "context";

    public static ContextRuleSettings? Read(DrydockConfigFile config)
    {
        if (config.Section(Name) is not { } section || section is YamlScalar { IsNull: true })
        {
            return null;
        }
        if (section is not YamlMapping mapping)
        {
            throw new DrydockException($"'{Name}' in drydock.yml must be a mapping, not a {section.Kind}.", section.Span);
        }
        var settings = new ContextRuleSettings();
        foreach (var entry in mapping.Entries)
        {
            switch (entry.Key.Value)
            {
                case "max_size":
                    if (entry.Value is not YamlScalar scalar || !SizeText.TryParseBytes(scalar.Value, out var bytes))
                    {
                        throw new DrydockException("context.max_size must be a size such as 70 MB", entry.Value.Span, "write a number with a unit: B, kB, MB, GB (or KiB, MiB, GiB).");
                    }
                    settings = settings with { MaxBytes = bytes };
                    break;
                default:
                    throw new DrydockException($"unknown key 'context.{entry.Key.Value}' in drydock.yml (known: max_size)", entry.Key.Span);
            }
        }
        return settings;
    }
}

/// <summary>Sizes as people write them: <c>70MB</c>, <c>70 MB</c>, <c>1.5 GiB</c>, <c>1000</c> (bytes). kB/MB/GB are decimal.</summary>
public static class SizeText
{
    public static bool TryParseBytes(string text, out long bytes)
    {
        bytes = 0;
        var trimmed = text.Trim();
        var split = 0;
        while (split < trimmed.Length && (char.IsAsciiDigit(trimmed[split]) || trimmed[split] == '.'))
        {
            split++;
        }
        if (split == 0 || !double.TryParse(trimmed[..split], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }
        double? multiplier = trimmed[split..].Trim().ToLowerInvariant() switch
        {
            "" or "b" => 1,
            "k" or "kb" => 1e3,
            "m" or "mb" => 1e6,
            "g" or "gb" => 1e9,
            "t" or "tb" => 1e12,
            "kib" => 1024d,
            "mib" => 1024d * 1024,
            "gib" => 1024d * 1024 * 1024,
            _ => null,
        };
        if (multiplier is null || number * multiplier.Value > long.MaxValue)
        {
            return false;
        }
        bytes = (long)Math.Round(number * multiplier.Value);
        return true;
    }
}
