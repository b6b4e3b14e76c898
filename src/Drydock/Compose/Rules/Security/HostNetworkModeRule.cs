using Drydock.Compose.Model;
using Drydock.Findings;

namespace Drydock.Compose.Rules.Security;

/// <summary>DC008: <c>network_mode: host</c>.</summary>
public sealed class HostNetworkModeRule() : ServiceRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC008",
        "Host network",
        RuleCategories.Security,
        Severity.Error,
        "service '{0}' uses the host's network stack (network_mode: host)",
        "With the host's network the container reaches every host interface and local service, and its ports bypass Compose's isolation. Use a bridge network and publish only the ports needed, on 127.0.0.1 when only the host needs them.")
    {
        Aliases = ["CL-0008", "CIS-5.9", "KICS:Host Namespace is Shared"],
    };

    protected override IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model)
    {
        if (service.NetworkMode is { } mode && mode.Value.Equals("host", StringComparison.OrdinalIgnoreCase))
        {
            yield return Report(mode.Span, service.Name);
        }
    }
}
