using Drydock.Compose.Model;
using Drydock.Findings;
using Drydock.Yaml;

namespace Drydock.Compose.Rules.Style;

/// <summary>DC042: services sorted by name.</summary>
public sealed class ServicesAlphabeticalRule() : StyleRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC042",
        "Services not in alphabetical order",
        RuleCategories.Style,
        Severity.Info,
        "service '{0}' should come before '{1}'",
        "Sorted services are easy to find in a long file.")
    {
        Aliases = ["dclint:services-alphabetical-order"],
        EnabledByDefault = false,
    };

    protected override IEnumerable<Finding> Check(YamlMapping root, ComposeSourceDocument document)
    {
        var names = Services(root).Select(service => service.Entry.Key).ToList();
        var index = FirstOutOfOrder(names, Comparer<YamlScalar>.Create((a, b) => string.CompareOrdinal(a.Value, b.Value)));
        if (index >= 0)
        {
            yield return Report(names[index].Span, names[index].Value, names[index - 1].Value);
        }
    }
}
