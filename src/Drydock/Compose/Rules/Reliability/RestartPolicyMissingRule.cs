using Drydock.Compose.Model;
using Drydock.Findings;

namespace Drydock.Compose.Rules.Reliability;

/// <summary>DC022: no restart policy.</summary>
public sealed class RestartPolicyMissingRule() : ServiceRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC022",
        "No restart policy",
        RuleCategories.Reliability,
        Severity.Warning,
        "service '{0}' has no restart policy: it stays down after a crash or a host reboot",
        "Set 'restart: unless-stopped' (or 'on-failure:5' for a service that should give up) so the engine brings it back.")
    {
        Aliases = ["CIS-5.14", "KICS:Restart Policy On Failure Not Set To 5"],
    };

    protected override IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model)
    {
        if (service.Restart is null && service.Deploy?.RestartPolicyCondition is null && !ServiceRoles.IsOneShot(service, model))
        {
            yield return Report(service.Span, service.Name).WithFix("restart: unless-stopped");
        }
    }
}
