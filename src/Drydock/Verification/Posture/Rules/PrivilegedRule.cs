using Drydock.Findings;

namespace Drydock.Verification.Posture.Rules;

/// <summary>RT003: the container runs privileged.</summary>
public sealed class PrivilegedRule() : Rule<RuntimePostureModel>(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "RT003",
        "Privileged container",
        RuleCategories.Security,
        Severity.Error,
        "service '{0}' runs privileged (Privileged is true): every capability and every host device",
        "A privileged container is root on the host in all but name. Remove 'privileged: true' and add only the capabilities (cap_add) or devices the service really needs.")
    {
        Aliases = ["CIS-5.4"],
    };

    public override IEnumerable<Finding> Check(RuntimePostureModel model)
    {
        if (model.Privileged)
        {
            yield return Report(model.ServiceSpan, model.Service).WithFix("remove privileged: true");
        }
    }
}
