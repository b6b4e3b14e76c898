using Drydock.Compose.Model;
using Drydock.Findings;

namespace Drydock.Compose.Rules.Correctness;

/// <summary>DC030: two services (or two ports of one) publish the same host port.</summary>
public sealed class HostPortCollisionRule() : ComposeRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC030",
        "Host port published twice",
        RuleCategories.Correctness,
        Severity.Error,
        "host port {0}/{1}{2} is already published by service '{3}' ({4})",
        "Only one container can bind a host port; the second fails to start with 'port is already allocated'. Give each service its own host port.")
    {
        Aliases = ["dclint:no-duplicate-exported-ports"],
    };

    public override IEnumerable<Finding> Check(ComposeAnalysis model)
    {
        var published = new List<(ComposeService Service, ComposePort Port)>();
        foreach (var service in model.Project.Services)
        {
            foreach (var port in service.Ports.Where(port => port.PublishedStart is not null))
            {
                var clash = published.FirstOrDefault(earlier => Overlaps(earlier.Port, port));
                if (clash.Port is not null)
                {
                    var ip = port.HostIp is null ? string.Empty : $" on {port.HostIp}";
                    yield return Report(port.Span, port.Published, port.Protocol, ip, clash.Service.Name, clash.Port.Span);
                }
                published.Add((service, port));
            }
        }
    }

    private static bool Overlaps(ComposePort a, ComposePort b) =>
        a.Protocol == b.Protocol
        && a.PublishedStart <= b.PublishedEnd && b.PublishedStart <= a.PublishedEnd
        && (a.IsPublishedOnAllInterfaces || b.IsPublishedOnAllInterfaces || string.Equals(a.HostIp, b.HostIp, StringComparison.OrdinalIgnoreCase));
}
