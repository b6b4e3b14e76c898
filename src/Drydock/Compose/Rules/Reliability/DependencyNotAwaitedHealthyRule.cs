using Drydock.Compose.Model;
using Drydock.Findings;

namespace Drydock.Compose.Rules.Reliability;

/// <summary>DC021: <c>depends_on</c> a service that has a health check, without waiting for it to be healthy.</summary>
public sealed class DependencyNotAwaitedHealthyRule() : ServiceRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC021",
        "Dependency not awaited healthy",
        RuleCategories.Reliability,
        Severity.Warning,
        "service '{0}' starts as soon as '{1}' has started, not when it is healthy",
        "The dependency has a health check, yet depends_on uses the default condition service_started: the service may start before its dependency accepts connections. Use the long syntax with 'condition: service_healthy'.")
    {
        Aliases = [],
    };

    protected override IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model)
    {
        foreach (var dependency in service.DependsOn.Where(dependency => dependency.Condition == ComposeDependency.Started))
        {
            if (model.Project.FindService(dependency.Service) is { } target && target.Healthcheck is { IsDisabled: false, Test.Count: > 0 })
            {
                yield return Report(dependency.Span, service.Name, dependency.Service)
                    .WithFix($"depends_on: {{{dependency.Service}: {{condition: service_healthy}}}}");
            }
        }
    }
}
