using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Security;

/// <summary>DF033: the image's last USER is root.</summary>
public sealed class FinalUserRootRule() : DockerfileRule(Describe(
    "DF033", "Final user is root", RuleCategories.Security, Severity.Warning,
    "The final stage {0} runs as '{1}' (root)",
    "A process running as root in a container is root on the host if it escapes. Create an unprivileged user and switch to it as the last USER (USER 10001:10001); switch to root only for the steps that need it.",
    "DL3002"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        if (analysis.Resolution.Target is { EffectiveUser: { IsRoot: true } user } target)
        {
            yield return Report(user.Instruction.Value?.Span ?? user.Instruction.Span, target.Stage.DisplayName, user.Value.Text);
        }
    }
}
