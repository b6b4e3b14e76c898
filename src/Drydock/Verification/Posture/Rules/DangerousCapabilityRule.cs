using Drydock.Compose.Rules.Security;
using Drydock.Findings;

namespace Drydock.Verification.Posture.Rules;

/// <summary>RT004: dangerous capabilities are added.</summary>
public sealed class DangerousCapabilityRule() : Rule<RuntimePostureModel>(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "RT004",
        "Dangerous capability added",
        RuleCategories.Security,
        Severity.Error,
        "service '{0}' runs with {1} added: {2}",
        "Capabilities such as SYS_ADMIN, SYS_MODULE or ALL let a process escape the container; NET_ADMIN, SYS_PTRACE and the like reach the host's network or other processes. Remove the capability from cap_add, or isolate the service that needs it.")
    {
        Aliases = ["CIS-5.3"],
    };

    public override IEnumerable<Finding> Check(RuntimePostureModel model)
    {
        foreach (var capability in model.CapAdd)
        {
            if (Compose.Rules.Security.DangerousCapabilityRule.Classify(capability) is { } danger)
            {
                yield return Report(model.ServiceSpan, danger.Severity, model.Service, danger.Name, danger.Why);
            }
        }
    }
}
