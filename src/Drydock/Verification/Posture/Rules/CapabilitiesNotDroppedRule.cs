using Drydock.Findings;

namespace Drydock.Verification.Posture.Rules;

/// <summary>RT005: the default capabilities are not dropped.</summary>
public sealed class CapabilitiesNotDroppedRule() : Rule<RuntimePostureModel>(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "RT005",
        "Capabilities not dropped",
        RuleCategories.Security,
        Severity.Warning,
        "service '{0}' keeps the engine's default capabilities (CapDrop: {1})",
        "Containers start with about a dozen capabilities (CHOWN, SETUID, NET_RAW…) most services never use. Add 'cap_drop: [ALL]' and, if needed, 'cap_add' the few the service requires.")
    {
        Aliases = ["CIS-5.3"],
    };

    public override IEnumerable<Finding> Check(RuntimePostureModel model)
    {
        // A privileged container has every capability whatever it drops; RT003 reports that.
        if (!model.DropsAllCapabilities && !model.Privileged)
        {
            yield return Report(model.ServiceSpan, model.Service, model.CapDrop.Count == 0 ? "none" : string.Join(", ", model.CapDrop)).WithFix("cap_drop: [ALL]");
        }
    }
}
