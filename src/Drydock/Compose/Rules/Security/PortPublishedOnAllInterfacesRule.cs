using Drydock.Compose.Model;
using Drydock.Findings;

namespace Drydock.Compose.Rules.Security;

/// <summary>
/// DC010: a published port without a host IP (every interface), including <c>"80"</c> and a long-syntax port without
/// <c>published</c>, for which Docker picks a random host port: random, but open on every interface all the same.
/// </summary>
public sealed class PortPublishedOnAllInterfacesRule() : ServiceRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC010",
        "Port published on all interfaces",
        RuleCategories.Security,
        Severity.Warning,
        "service '{0}' publishes port {1} on every interface of the host",
        "Docker's port publishing bypasses host firewalls (ufw, firewalld), so the port is reachable from any network the host is on. Bind it to 127.0.0.1 ('127.0.0.1:8080:80') unless it must be public, and put a reverse proxy in front when it must.")
    {
        Aliases = ["CL-0005", "CIS-5.13", "dclint:no-unbound-port-interfaces", "KICS:Container Traffic Not Bound To Host Interface"],
    };

    protected override IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model)
    {
        if (service.NetworkMode?.Value == "host")
        {
            yield break;
        }
        foreach (var port in service.Ports.Where(port => port.IsOnAllInterfaces))
        {
            yield return port.Published is null
                ? Report(port.Span, service.Name, $"{port.Target}/{port.Protocol} (on a random host port)").WithFix($"\"127.0.0.1::{port.Target}\"")
                : Report(port.Span, service.Name, $"{port.Published}->{port.Target}/{port.Protocol}").WithFix($"\"127.0.0.1:{port.Published}:{port.Target}\"");
        }
    }
}
