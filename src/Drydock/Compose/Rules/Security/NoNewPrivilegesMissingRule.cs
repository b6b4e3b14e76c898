using Drydock.Compose.Model;
using Drydock.Findings;

namespace Drydock.Compose.Rules.Security;

/// <summary>DC005: no <c>security_opt: [no-new-privileges:true]</c>.</summary>
public sealed class NoNewPrivilegesMissingRule() : ServiceRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC005",
        "Privilege escalation not blocked",
        RuleCategories.Security,
        Severity.Warning,
        "service '{0}' does not set no-new-privileges: setuid programs can still raise privileges",
        "With 'security_opt: [\"no-new-privileges:true\"]' a process can never gain privileges through setuid or setgid binaries (sudo, su, ping…).")
    {
        Aliases = ["CL-0003", "CIS-5.25", "KICS:No New Privileges Not Set"],
        Group = ServiceNotHardenedRule.Rule,
        GroupPart = "no no-new-privileges",
        GroupFix = "security_opt: [\"no-new-privileges:true\"]",
    };

    protected override IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model)
    {
        if (service.Privileged?.Value == true)
        {
            yield break;
        }
        var set = service.SecurityOpt.Any(option =>
            option.Value.Replace('=', ':').ToLowerInvariant() is "no-new-privileges" or "no-new-privileges:true");
        if (!set)
        {
            yield return Report(service.SecurityOpt.Count > 0 ? service.SpanOf("security_opt") : service.Span, service.Name).WithFix("security_opt: [\"no-new-privileges:true\"]").About(service, model);
        }
    }
}
