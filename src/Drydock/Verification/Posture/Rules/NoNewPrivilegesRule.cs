using Drydock.Findings;

namespace Drydock.Verification.Posture.Rules;

/// <summary>RT006: no-new-privileges is not set.</summary>
public sealed class NoNewPrivilegesRule() : Rule<RuntimePostureModel>(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "RT006",
        "Privilege escalation not blocked",
        RuleCategories.Security,
        Severity.Warning,
        "service '{0}' runs without no-new-privileges (SecurityOpt: {1}): setuid programs can still raise privileges",
        "With 'security_opt: [\"no-new-privileges:true\"]' a process can never gain privileges through setuid or setgid binaries (sudo, su, ping…). A daemon started with --no-new-privileges applies it without showing it here; set it on the service anyway so it holds on every engine.")
    {
        Aliases = ["CIS-5.25"],
    };

    public override IEnumerable<Finding> Check(RuntimePostureModel model)
    {
        if (!model.NoNewPrivileges)
        {
            var options = model.Container.HostConfig?.SecurityOpt is { Length: > 0 } set ? string.Join(", ", set) : "none";
            yield return Report(model.ServiceSpan, model.Service, options).WithFix("security_opt: [\"no-new-privileges:true\"]");
        }
    }
}
