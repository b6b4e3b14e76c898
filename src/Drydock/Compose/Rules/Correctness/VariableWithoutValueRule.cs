using Drydock.Compose.Model;
using Drydock.Findings;

namespace Drydock.Compose.Rules.Correctness;

/// <summary>DC032: a variable referenced with no value in the shell or .env, and no default.</summary>
public sealed class VariableWithoutValueRule() : ComposeRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC032",
        "Variable without a value",
        RuleCategories.Correctness,
        Severity.Warning,
        "${0} is not set and has no default: Compose substitutes an empty string",
        "Set the variable in the project's .env (or the shell), give it a default (${VAR:-value}), or make it required (${VAR:?message}) so a missing value stops the deployment instead of running it half-configured.")
    {
        Aliases = [],
    };

    public override IEnumerable<Finding> Check(ComposeAnalysis model)
    {
        foreach (var variable in model.Project.Variables.Where(variable => variable.Source == VariableSource.Unset && variable.HasBareReference))
        {
            foreach (var span in variable.References)
            {
                yield return Report(span, variable.Name);
            }
        }
    }
}
