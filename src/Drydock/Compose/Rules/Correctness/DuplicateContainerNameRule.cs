using Drydock.Findings;

namespace Drydock.Compose.Rules.Correctness;

/// <summary>DC031: two services with the same <c>container_name</c>.</summary>
public sealed class DuplicateContainerNameRule() : ComposeRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC031",
        "Duplicate container name",
        RuleCategories.Correctness,
        Severity.Error,
        "container_name '{0}' is also used by service '{1}'",
        "Container names are unique per engine; the second service fails to start. Give each a different name, or drop container_name and let Compose name them.")
    {
        Aliases = ["dclint:no-duplicate-container-names"],
    };

    public override IEnumerable<Finding> Check(ComposeAnalysis model)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var service in model.Project.Services)
        {
            if (service.ContainerName is not { } name)
            {
                continue;
            }
            if (seen.TryGetValue(name.Value, out var first))
            {
                yield return Report(name.Span, name.Value, first);
            }
            else
            {
                seen[name.Value] = service.Name;
            }
        }
    }
}
