using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;
using Drydock.Text;

namespace Drydock.Dockerfiles.Rules.Runtime;

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
