using Drydock.Compose.Model;
using Drydock.Findings;

namespace Drydock.Compose.Rules.Security;

/// <summary>DC011: a credential written as a literal value in <c>environment:</c>.</summary>
public sealed class SecretInEnvironmentRule() : ServiceRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC011",
        "Hard-coded credential in environment",
        RuleCategories.Security,
        Severity.Error,
        "service '{0}' sets {1} to a literal value in the Compose file ({2})",
        "A credential in the Compose file ends up in version control, in 'docker inspect' and in every 'docker compose config' output. Reference a variable ('${DB_PASSWORD:?}') set in an ignored .env, or use Compose secrets and the image's *_FILE variable.")
    {
        Aliases = ["CL-0020", "CL-0021", "CIS-4.10", "KICS:Passwords And Secrets - Generic Password"],
        MasksSourceValues = true,
    };

    protected override IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model)
    {
        foreach (var variable in service.Environment.Where(variable => variable.Source == EnvironmentSource.Inline))
        {
            var written = model.Project.WrittenText(variable.Span, variable.Value);
            if (SecretDetector.Classify(variable.Name, variable.Value, written) is { } why)
            {
                yield return Report(variable.Span, service.Name, variable.Name, why).WithFix($"{variable.Name}: ${{{variable.Name}:?set {variable.Name} in .env}}");
            }
        }
    }
}
