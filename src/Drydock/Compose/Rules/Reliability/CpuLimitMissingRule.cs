using Drydock.Compose.Model;
using Drydock.Compose.Rules.Security;
using Drydock.Findings;

namespace Drydock.Compose.Rules.Reliability;

/// <summary>DC024: no CPU limit.</summary>
public sealed class CpuLimitMissingRule() : ServiceRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC024",
        "No CPU limit",
        RuleCategories.Reliability,
        Severity.Warning,
        "service '{0}' has no CPU limit: a busy loop can starve every other service",
        "Set 'cpus: 1.0' (or deploy.resources.limits.cpus) so one service cannot take all the host's CPU.")
    {
        Aliases = ["CL-0026", "CIS-5.11", "KICS:Cpus Not Limited"],
        Group = ServiceNotHardenedRule.Rule,
        GroupPart = "no CPU limit",
        GroupFix = "cpus: 1.0",
    };

    protected override IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model)
    {
        if (service.EffectiveCpuLimit is null or <= 0 && !ComposeNodesHas(service, "cpu_quota"))
        {
            yield return Report(service.Span, service.Name).About(service, model);
        }
    }

    private static bool ComposeNodesHas(ComposeService service, string key) => service.Node.Find(key) is not null;
}
