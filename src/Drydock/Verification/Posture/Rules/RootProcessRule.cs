using Drydock.Findings;

namespace Drydock.Verification.Posture.Rules;

/// <summary>RT001: the main process runs as root.</summary>
public sealed class RootProcessRule() : Rule<RuntimePostureModel>(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "RT001",
        "Runs as root",
        RuleCategories.Security,
        Severity.Warning,
        "service '{0}' runs as root (uid 0, {1})",
        "A process running as root in the container is root on the host's kernel, one escape away from the host. Set 'user: \"1000:1000\"' on the service, or end the Dockerfile with 'USER 1000:1000' after creating that user.")
    {
        Aliases = ["CIS-4.1"],
    };

    public override IEnumerable<Finding> Check(RuntimePostureModel model)
    {
        if (model.EffectiveUid == 0)
        {
            yield return Report(model.ServiceSpan, model.Service, model.UidSource).WithFix("user: \"1000:1000\"");
        }
    }
}
