using Drydock.Findings;

namespace Drydock.Verification.Posture.Rules;

/// <summary>RT011: there is no restart policy.</summary>
public sealed class NoRestartPolicyRule() : Rule<RuntimePostureModel>(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "RT011",
        "No restart policy",
        RuleCategories.Reliability,
        Severity.Warning,
        "service '{0}' runs with restart policy '{1}': it stays down after a crash or a host reboot",
        "Set 'restart: unless-stopped' (or 'on-failure:5' for a service that should give up) so the engine brings it back.")
    {
        Aliases = ["CIS-5.14"],
    };

    public override IEnumerable<Finding> Check(RuntimePostureModel model)
    {
        if (model.RestartPolicy == "no")
        {
            yield return Report(model.ServiceSpan, model.Service, model.RestartPolicy).WithFix("restart: unless-stopped");
        }
    }
}
