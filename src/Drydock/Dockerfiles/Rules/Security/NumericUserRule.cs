using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Security;

/// <summary>DF035 (off by default): USER by name, which runtimes enforcing runAsNonRoot cannot verify.</summary>
public sealed class NumericUserRule() : DockerfileRule(Describe(
    "DF035", "Non-numeric USER", RuleCategories.Security, Severity.Info,
    "USER '{0}' is a name: platforms that require a non-root user (Kubernetes runAsNonRoot) cannot verify it",
    "Kubernetes and other platforms check that the image's user is non-root by its numeric id; a name cannot be checked without the image's /etc/passwd. Use the numeric uid (and gid): USER 10001:10001.",
    "DL3066")
    with { EnabledByDefault = false })
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (_, user) in analysis.All<SingleValueInstruction>())
        {
            if (user is { Kind: InstructionKind.User, Value: { } value })
            {
                var expanded = analysis.Expand(user, value.Value);
                var name = expanded.Text.Split(':')[0];
                if (expanded.IsResolved && name.Length > 0 && !name.All(char.IsAsciiDigit))
                {
                    yield return Report(value.Span, expanded.Text);
                }
            }
        }
    }
}
