using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;
using Drydock.Text;

namespace Drydock.Dockerfiles.Rules.Runtime;

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
