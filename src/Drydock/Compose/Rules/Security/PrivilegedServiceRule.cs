using Drydock.Compose.Model;
using Drydock.Findings;

namespace Drydock.Compose.Rules.Security;

/// <summary>DC002: <c>privileged: true</c>.</summary>
public sealed class PrivilegedServiceRule() : ServiceRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC002",
        "Privileged container",
        RuleCategories.Security,
        Severity.Error,
        "service '{0}' runs privileged: it has every capability and every host device",
        "A privileged container is root on the host in all but name. Remove 'privileged: true' and add only the capabilities (cap_add) or devices the service really needs.")
    {
        Aliases = ["CL-0002", "CIS-5.4", "KICS:Privileged Containers Enabled"],
    };

    protected override IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model)
    {
        if (service.Privileged is { Value: true } privileged)
        {
            yield return Report(privileged.Span, service.Name);
        }
    }
}
