using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;
using Drydock.Text;

namespace Drydock.Dockerfiles.Rules.Runtime;

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
