using Drydock.Findings;

namespace Drydock.Verification.Posture.Rules;

/// <summary>RT007: a port is published on every interface.</summary>
public sealed class PortOnAllInterfacesRule() : Rule<RuntimePostureModel>(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "RT007",
        "Port published on all interfaces",
        RuleCategories.Security,
        Severity.Warning,
        "service '{0}' publishes {1} on every interface of the host",
        "Docker's port publishing bypasses host firewalls (ufw, firewalld), so the port is reachable from any network the host is on. Bind it to 127.0.0.1 ('127.0.0.1:8080:80') unless it must be public, and put a reverse proxy in front when it must.")
    {
        Aliases = ["CIS-5.13"],
    };

    public override IEnumerable<Finding> Check(RuntimePostureModel model)
    {
        // The engine binds 0.0.0.0 and :: for one published port: report the port once.
        var reported = new HashSet<(string, string)>();
        foreach (var port in model.PublishedPorts.Where(port => port.IsOnAllInterfaces))
        {
            if (reported.Add((port.ContainerPort, port.HostPort)))
            {
                var target = port.ContainerPort.Split('/')[0];
                yield return Report(model.ServiceSpan, model.Service, port).WithFix($"\"127.0.0.1:{port.HostPort}:{target}\"");
            }
        }
    }
}
