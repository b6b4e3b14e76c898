using Drydock.Compose.Model;
using Drydock.Findings;

namespace Drydock.Compose.Rules.Security;

/// <summary>DC016: seccomp, AppArmor or SELinux confinement turned off.</summary>
public sealed class SecurityProfileDisabledRule() : ServiceRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC016",
        "Security profile disabled",
        RuleCategories.Security,
        Severity.Error,
        "service '{0}' turns off {1} ({2})",
        "The default seccomp and AppArmor profiles block the system calls most container escapes use. Keep them; if one call is missing, write a custom profile that allows just it.")
    {
        Aliases = ["CL-0009", "CIS-5.1", "CIS-5.2", "CIS-5.21"],
    };

    protected override IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model)
    {
        foreach (var option in service.SecurityOpt)
        {
            var normalized = option.Value.Replace('=', ':').ToLowerInvariant();
            var disabled = normalized switch
            {
                "seccomp:unconfined" => "seccomp",
                "apparmor:unconfined" => "AppArmor",
                "label:disable" => "SELinux labeling",
                "systempaths:unconfined" => "masked system paths",
                _ => null,
            };
            if (disabled is not null)
            {
                yield return Report(option.Span, service.Name, disabled, option.Value);
            }
        }
    }
}
