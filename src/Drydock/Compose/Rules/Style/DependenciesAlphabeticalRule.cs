using Drydock.Compose.Model;
using Drydock.Findings;
using Drydock.Yaml;

namespace Drydock.Compose.Rules.Style;

/// <summary>DC045: <c>depends_on</c> entries sorted by name.</summary>
public sealed class DependenciesAlphabeticalRule() : StyleRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC045",
        "Dependencies not in alphabetical order",
        RuleCategories.Style,
        Severity.Info,
        "service '{0}': dependency '{1}' should come before '{2}'",
        "Sorted dependencies are easy to compare across services.")
    {
        Aliases = ["dclint:service-dependencies-alphabetical-order"],
        EnabledByDefault = false,
    };

    protected override IEnumerable<Finding> Check(YamlMapping root, ComposeSourceDocument document)
    {
        foreach (var (name, service, _) in Services(root))
        {
            var names = service["depends_on"] switch
            {
                YamlSequence list => list.Items.OfType<YamlScalar>().ToList(),
                YamlMapping map => map.Entries.Select(entry => entry.Key).ToList(),
                _ => [],
            };
            var index = FirstOutOfOrder(names, Comparer<YamlScalar>.Create((a, b) => string.CompareOrdinal(a.Value, b.Value)));
            if (index >= 0)
            {
                yield return Report(names[index].Span, name, names[index].Value, names[index - 1].Value);
            }
        }
    }
}
