using Drydock.Compose.Model;
using Drydock.Findings;

namespace Drydock.Compose.Rules.Reliability;

/// <summary>DC020: no health check (in the Compose file, nor in the Dockerfile of a service built here).</summary>
public sealed class HealthcheckMissingRule() : ServiceRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC020",
        "No health check",
        RuleCategories.Reliability,
        Severity.Warning,
        "service '{0}' has no health check{1}",
        "Without a health check Compose only knows the process started, not that it serves: dependents start too early and a hung service stays 'running'. Add a 'healthcheck:' with a test that exercises the service (an HTTP endpoint, 'pg_isready', 'redis-cli ping').")
    {
        Aliases = ["CIS-4.6", "KICS:Healthcheck Not Set"],
    };

    protected override IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model)
    {
        if (ServiceRoles.IsOneShot(service, model))
        {
            yield break;
        }
        if (service.Healthcheck is { IsDisabled: true } disabled)
        {
            yield return Report(service.SpanOf("healthcheck"), service.Name, " (it is disabled)");
            yield break;
        }
        var has = ServiceRoles.HasHealthcheck(service, model);
        if (has == false)
        {
            yield return Report(service.Span, service.Name, ServiceRoles.DockerfileKnown(service, model) ? " (and its Dockerfile has no HEALTHCHECK)" : string.Empty);
        }
        else if (has is null)
        {
            yield return Report(service.Span, service.Name, $" (unless {ServiceRoles.Describe(service)} defines one)");
        }
    }
}
