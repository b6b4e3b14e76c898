using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;
using Drydock.Text;

namespace Drydock.Dockerfiles.Rules.Runtime;

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
