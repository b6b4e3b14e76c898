using Drydock.Compose.Model;
using Drydock.Compose.Rules.Reliability;
using Drydock.Findings;

namespace Drydock.Compose.Rules.Correctness;

/// <summary>DC038: <c>condition: service_healthy</c> on a dependency that has no health check.</summary>
public sealed class HealthyConditionWithoutHealthcheckRule() : ServiceRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC038",
        "Waits for health that is never reported",
        RuleCategories.Correctness,
        Severity.Error,
        "service '{0}' waits for '{1}' to be healthy, but '{1}' has no health check",
        "'docker compose up' fails with 'container has no healthcheck configured'. Add a healthcheck to the dependency, or wait with condition: service_started.")
    {
        Aliases = [],
    };

    /// <summary>
    /// The dependency is built from a Dockerfile this check could not read: its image may define the health check, so
    /// the finding is a warning that says where the check must come from.
    /// </summary>
    private static readonly RuleMessage HealthcheckOnlyInImage = new(Severity.Warning, "service '{0}' waits for '{1}' to be healthy, but '{1}' has no health check in the Compose file (it needs one in {2})");

    protected override IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model)
    {
        foreach (var dependency in service.DependsOn.Where(dependency => dependency.Condition == ComposeDependency.Healthy))
        {
            if (model.Project.FindService(dependency.Service) is not { } target)
            {
                continue;
            }
            var has = ServiceRoles.HasHealthcheck(target, model);
            if (has == false)
            {
                yield return Report(dependency.Span, service.Name, dependency.Service);
            }
            else if (has is null)
            {
                yield return Report(dependency.Span, HealthcheckOnlyInImage, service.Name, dependency.Service, ServiceRoles.Describe(target));
            }
        }
    }
}
