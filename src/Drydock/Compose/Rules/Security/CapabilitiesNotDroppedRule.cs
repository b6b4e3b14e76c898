using Drydock.Compose.Model;
using Drydock.Findings;

namespace Drydock.Compose.Rules.Security;

/// <summary>DC004: no <c>cap_drop: [ALL]</c>.</summary>
public sealed class CapabilitiesNotDroppedRule() : ServiceRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC004",
        "Capabilities not dropped",
        RuleCategories.Security,
        Severity.Warning,
        "service '{0}' keeps the engine's default capabilities (no cap_drop: [ALL])",
        "Containers start with about a dozen capabilities (CHOWN, SETUID, NET_RAW…) most services never use. Add 'cap_drop: [ALL]' and, if needed, 'cap_add' the few the service requires.")
    {
        Aliases = ["CL-0006", "CIS-5.3"],
        Group = ServiceNotHardenedRule.Rule,
        GroupPart = "no cap_drop",
        GroupFix = "cap_drop: [ALL]",
    };

    protected override IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model)
    {
        if (service.Privileged?.Value == true || service.CapDrop.Any(capability => capability.Value.Equals("ALL", StringComparison.OrdinalIgnoreCase) || capability.Value.Equals("CAP_ALL", StringComparison.OrdinalIgnoreCase)))
        {
            yield break;
        }
        yield return Report(service.CapDrop.Count > 0 ? service.SpanOf("cap_drop") : service.Span, service.Name).WithFix("cap_drop: [ALL]").About(service, model);
    }
}
