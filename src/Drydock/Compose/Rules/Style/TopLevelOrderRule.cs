using Drydock.Compose.Model;
using Drydock.Findings;
using Drydock.Yaml;

namespace Drydock.Compose.Rules.Style;

/// <summary>DC041: top-level keys in order: x- extensions, version, name, include, services, networks, volumes, secrets, configs.</summary>
public sealed class TopLevelOrderRule() : StyleRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC041",
        "Top-level keys out of order",
        RuleCategories.Style,
        Severity.Info,
        "top-level '{0}' should come before '{1}'",
        "Order the top level as x- extensions (alphabetically), version, name, include, services, networks, volumes, secrets, configs.")
    {
        Aliases = ["dclint:top-level-properties-order"],
        EnabledByDefault = false,
    };

    private static readonly string[] Order = ["version", "name", "include", "services", "networks", "volumes", "secrets", "configs"];

    protected override IEnumerable<Finding> Check(YamlMapping root, ComposeSourceDocument document)
    {
        var keys = root.Entries.Select(entry => entry.Key).ToList();
        string Rank(YamlScalar key) => key.Value.StartsWith("x-", StringComparison.Ordinal)
            ? "00" + key.Value
            : (Array.IndexOf(Order, key.Value) is var index and >= 0 ? (index + 1).ToString("00", System.Globalization.CultureInfo.InvariantCulture) : "99") + key.Value;
        for (var i = 1; i < keys.Count; i++)
        {
            if (string.CompareOrdinal(Rank(keys[i - 1]), Rank(keys[i])) > 0)
            {
                yield return Report(keys[i].Span, keys[i].Value, keys[i - 1].Value);
                yield break;
            }
        }
    }
}
