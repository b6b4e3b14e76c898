using Drydock.Findings;

namespace Drydock.Images.Rules;

/// <summary>IM003: an ENV value that looks like a secret (the value itself is never printed).</summary>
public sealed class SecretInEnvironmentRule() : Rule<ImageRuleContext>(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "IM003",
        "Secret in the image environment",
        RuleCategories.Security,
        Severity.Error,
        "ENV {0} holds a secret-looking value ({1}).",
        "ENV values are stored in the image configuration: anyone who can pull the image can read them (`docker image inspect`). Pass secrets at run time (environment or Docker secrets, e.g. a *_FILE variable pointing at /run/secrets/…), never at build time.")
    {
        Aliases = ["CIS-DI-0010"],
    };

    public override IEnumerable<Finding> Check(ImageRuleContext context)
    {
        foreach (var variable in context.Analysis.Config.Environment)
        {
            if (variable.IsSecret)
            {
                yield return Report(context.Span, variable.Name, variable.DisplayValue);
            }
        }
    }
}
