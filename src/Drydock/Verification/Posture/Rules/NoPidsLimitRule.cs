using Drydock.Findings;

namespace Drydock.Verification.Posture.Rules;

/// <summary>RT010: there is no pids limit.</summary>
public sealed class NoPidsLimitRule() : Rule<RuntimePostureModel>(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "RT010",
        "No pids limit",
        RuleCategories.Reliability,
        Severity.Warning,
        "service '{0}' runs with no pids limit (PidsLimit is {1}): a fork bomb can exhaust the host's process table",
        "Set 'pids_limit: 200' (or deploy.resources.limits.pids) above what the service normally uses.")
    {
        Aliases = ["CIS-5.28"],
    };

    public override IEnumerable<Finding> Check(RuntimePostureModel model)
    {
        if (model.PidsLimit is null)
        {
            var configured = model.Container.HostConfig?.PidsLimit is { } value ? value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "unset";
            yield return Report(model.ServiceSpan, model.Service, configured).WithFix("pids_limit: 200");
        }
    }
}
