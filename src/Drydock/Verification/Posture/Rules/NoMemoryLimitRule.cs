using Drydock.Findings;

namespace Drydock.Verification.Posture.Rules;

/// <summary>RT008: there is no memory limit.</summary>
public sealed class NoMemoryLimitRule() : Rule<RuntimePostureModel>(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "RT008",
        "No memory limit",
        RuleCategories.Reliability,
        Severity.Warning,
        "service '{0}' runs with no memory limit (Memory is 0): a leak can take the whole host's memory",
        "Set 'mem_limit: 512m' (or deploy.resources.limits.memory) to what the service needs plus headroom; the engine then kills only this container when it overruns.")
    {
        Aliases = ["CIS-5.10"],
    };

    public override IEnumerable<Finding> Check(RuntimePostureModel model)
    {
        if (model.MemoryLimitBytes is null)
        {
            yield return Report(model.ServiceSpan, model.Service).WithFix("mem_limit: 512m");
        }
    }
}
