using Drydock.Findings;

namespace Drydock.Catalog;

/// <summary>
/// Every rule Drydock knows, as a static list (no reflection scanning: fast start-up, trimming-safe). This is the
/// composition root of the rule families: each family registers its descriptors here with one line, and
/// <see cref="Findings"/> (the leaf every family builds on) knows none of them. <c>drydock rules</c> prints this list.
/// </summary>
public static class RuleCatalog
{
    private static readonly Lazy<IReadOnlyList<RuleDescriptor>> AllRules = new(Build);

    public static IReadOnlyList<RuleDescriptor> All => AllRules.Value;

    public static RuleDescriptor? Find(string idOrAlias)
    {
        foreach (var rule in All)
        {
            if (string.Equals(rule.Id, idOrAlias, StringComparison.OrdinalIgnoreCase))
            {
                return rule;
            }
        }
        foreach (var rule in All)
        {
            foreach (var alias in rule.Aliases)
            {
                if (string.Equals(alias, idOrAlias, StringComparison.OrdinalIgnoreCase))
                {
                    return rule;
                }
            }
        }
        return null;
    }

    private static IReadOnlyList<RuleDescriptor> Build()
    {
        // Families register here, one line each.
        IEnumerable<IEnumerable<RuleDescriptor>> families =
        [
            Dockerfiles.Rules.DockerfileRules.Descriptors,
            Compose.Rules.ComposeRules.Descriptors,
            BuildContext.Rules.ContextRules.Descriptors,
            Images.Rules.ImageRules.Descriptors,
            Verification.Posture.RuntimePostureRules.Descriptors,
        ];
        var rules = families.SelectMany(family => family).OrderBy(rule => rule.Id, StringComparer.Ordinal).ToArray();
        var duplicate = rules.GroupBy(rule => rule.Id).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Rule id {duplicate.Key} is registered twice.");
        }
        return rules;
    }
}
