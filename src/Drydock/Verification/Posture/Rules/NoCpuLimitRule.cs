using Drydock.Findings;

namespace Drydock.Verification.Posture.Rules;

/// <summary>RT009: there is no CPU limit.</summary>
public sealed class NoCpuLimitRule() : Rule<RuntimePostureModel>(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "RT009",
        "No CPU limit",
        RuleCategories.Reliability,
        Severity.Warning,
        "service '{0}' runs with no CPU limit (NanoCpus and CpuQuota are 0): a busy loop can starve every other service",
        "Set 'cpus: 1.0' (or deploy.resources.limits.cpus) so one service cannot take all the host's CPU.")
    {
        Aliases = ["CIS-5.11"],
    };

    public override IEnumerable<Finding> Check(RuntimePostureModel model)
    {
        if (model.CpuLimit is null)
        {
            yield return Report(model.ServiceSpan, model.Service).WithFix("cpus: 1.0");
        }
    }
}
