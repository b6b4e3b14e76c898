using Drydock.Compose.Model;
using Drydock.Compose.Rules.Security;
using Drydock.Findings;

namespace Drydock.Compose.Rules.Reliability;

/// <summary>DC025: no limit on the number of processes.</summary>
public sealed class PidsLimitMissingRule() : ServiceRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC025",
        "No pids limit",
        RuleCategories.Reliability,
        Severity.Warning,
        "service '{0}' has no pids limit: a fork bomb can exhaust the host's process table",
        "Set 'pids_limit: 200' (or deploy.resources.limits.pids) above what the service normally uses.")
    {
        Aliases = ["CIS-5.28", "KICS:Pids Limit Not Set"],
        Group = ServiceNotHardenedRule.Rule,
        GroupPart = "no pids limit",
        GroupFix = "pids_limit: 200",
    };

    protected override IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model)
    {
        if (service.EffectivePidsLimit is null or 0)
        {
            yield return Report(service.Span, service.Name).About(service, model);
        }
    }
}
