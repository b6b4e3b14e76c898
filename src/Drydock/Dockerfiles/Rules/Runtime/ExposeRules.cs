using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;
using Drydock.Text;

namespace Drydock.Dockerfiles.Rules.Runtime;

/// <summary>One EXPOSE value taken apart: <c>[ip:][host:]port[-end][/protocol]</c>.</summary>
internal sealed record ExposedPort(string Text, SourceSpan Span, string? HostPart, string Ports, string? Protocol)
{
    public static IEnumerable<ExposedPort> All(DockerfileAnalysis analysis)
    {
        foreach (var (_, expose) in analysis.All<ListInstruction>())
        {
            if (expose.Kind != InstructionKind.Expose)
            {
                continue;
            }
            foreach (var value in expose.Values)
            {
                var expanded = analysis.Expand(expose, value.Value);
                if (!expanded.IsResolved)
                {
                    continue;
                }
                foreach (var port in expanded.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var slash = port.IndexOf('/', StringComparison.Ordinal);
                    var protocol = slash < 0 ? null : port[(slash + 1)..];
                    var address = slash < 0 ? port : port[..slash];
                    var colon = address.LastIndexOf(':');
                    yield return new ExposedPort(port, value.Span, colon < 0 ? null : address[..colon], colon < 0 ? address : address[(colon + 1)..], protocol);
                }
            }
        }
    }

    /// <summary>The container port range, or null when it is not a valid port or range (0 to 65535).</summary>
    public (int First, int Last)? Range
    {
        get
        {
            var dash = Ports.IndexOf('-', StringComparison.Ordinal);
            var first = dash < 0 ? Ports : Ports[..dash];
            var last = dash < 0 ? Ports : Ports[(dash + 1)..];
            if (!IsPort(first, out var start) || !IsPort(last, out var end) || end < start)
            {
                return null;
            }
            return (start, end);
        }
    }

    private static bool IsPort(string text, out int port) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port) && port is >= 0 and <= 65535;
}

/// <summary>DF046: an EXPOSE value that is not a port, a range or a known protocol.</summary>
public sealed class InvalidExposeRule() : DockerfileRule(Describe(
    "DF046", "Invalid EXPOSE port", RuleCategories.Correctness, Severity.Error,
    "EXPOSE '{0}' is not valid: {1}",
    "EXPOSE takes container ports from 0 to 65535, optionally a range (8000-8010) and a protocol (tcp, udp or sctp): EXPOSE 8080/tcp.",
    "DL3011", "DS-0008"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var port in ExposedPort.All(analysis))
        {
            if (port.Range is null)
            {
                yield return Report(port.Span, port.Text, $"'{port.Ports}' is not a port number from 0 to 65535 or a range of them");
            }
            else if (port.Protocol is { } protocol && protocol.ToLowerInvariant() is not ("tcp" or "udp" or "sctp"))
            {
                yield return Report(port.Span, port.Text, $"'{protocol}' is not tcp, udp or sctp");
            }
        }
    }
}

/// <summary>DF047: EXPOSE with an IP address or host port (BuildKit: ExposeInvalidFormat).</summary>
public sealed class ExposeHostMappingRule() : DockerfileRule(Describe(
    "DF047", "EXPOSE with a host mapping", RuleCategories.Correctness, Severity.Warning,
    "EXPOSE instruction should not define an IP address or host-port mapping, found '{0}'",
    "EXPOSE documents the container's ports; which host port or address they are published on is decided at run time (docker run -p, compose ports:). Write only the container port: EXPOSE 8080.",
    "ExposeInvalidFormat"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis) =>
        ExposedPort.All(analysis).Where(port => port.HostPart is not null).Select(port => Report(port.Span, port.Text));
}

/// <summary>DF048: EXPOSE 80/TCP (BuildKit: ExposeProtoCasing).</summary>
public sealed class ExposeProtocolCasingRule() : DockerfileRule(Describe(
    "DF048", "EXPOSE protocol not lowercase", RuleCategories.Style, Severity.Info,
    "Defined protocol '{0}' in EXPOSE instruction should be lowercase",
    "Write the protocol in lower case: EXPOSE 53/udp.",
    "ExposeProtoCasing"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis) =>
        ExposedPort.All(analysis).Where(port => port.Protocol is { } protocol && protocol != protocol.ToLowerInvariant()).Select(port => Report(port.Span, port.Text));
}

/// <summary>DF049: the image exposes SSH.</summary>
public sealed class ExposeSshRule() : DockerfileRule(Describe(
    "DF049", "SSH port exposed", RuleCategories.Security, Severity.Warning,
    "EXPOSE '{0}' exposes the SSH port 22",
    "Running an SSH server in a container adds credentials and an attack surface the orchestration already covers: use docker exec (or kubectl exec) to get a shell.",
    "DS-0004"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis) =>
        ExposedPort.All(analysis).Where(port => port.Range is { } range && range.First <= 22 && range.Last >= 22 && port.Protocol?.ToLowerInvariant() is null or "tcp")
            .Select(port => Report(port.Span, port.Text));
}
