using Drydock.Configuration;
using Drydock.Text;
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

    internal static readonly string[] Keys = ["max_size"];

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
                    throw new DrydockException($"unknown key 'context.{entry.Key.Value}' in drydock.yml (known: {string.Join(", ", Keys)})", entry.Key.Span);
            }
        }
        return settings;
    }
}
