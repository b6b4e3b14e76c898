using Drydock.Compose.Model;
using Drydock.Compose.Rules.Security;
using Drydock.Findings;

namespace Drydock.Compose.Rules.Reliability;

/// <summary>DC023: no memory limit.</summary>
public sealed class MemoryLimitMissingRule() : ServiceRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC023",
        "No memory limit",
        RuleCategories.Reliability,
        Severity.Warning,
        "service '{0}' has no memory limit: a leak can take the whole host's memory",
        "Set 'mem_limit: 512m' (or deploy.resources.limits.memory) to what the service needs plus headroom; the engine then kills only this container when it overruns.")
    {
        Aliases = ["CL-0026", "CIS-5.10", "KICS:Memory Not Limited"],
        Group = ServiceNotHardenedRule.Rule,
        GroupPart = "no memory limit",
        GroupFix = "mem_limit: 512m",
    };

    protected override IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model)
    {
        if (service.EffectiveMemoryLimit is null or <= 0)
        {
            yield return Report(service.Span, service.Name).About(service, model);
        }
    }
}
