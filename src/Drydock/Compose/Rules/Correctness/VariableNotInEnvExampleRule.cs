using Drydock.Findings;

namespace Drydock.Compose.Rules.Correctness;

/// <summary>DC034: a variable the Compose files use that the project's .env.example does not document.</summary>
public sealed class VariableNotInEnvExampleRule() : ComposeRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC034",
        "Variable missing from .env.example",
        RuleCategories.Correctness,
        Severity.Warning,
        "${0} is used here but {1} does not document it{2}",
        "The .env.example is how the next person learns what to set. Add every variable the Compose files use, with a placeholder or the default.")
    {
        Aliases = [],
    };

    /// <summary>Set by Compose itself, never by the user's .env.</summary>
    private static readonly string[] Implicit = ["COMPOSE_PROJECT_NAME", "PWD", "HOME", "USER", "UID", "GID"];

    public override IEnumerable<Finding> Check(ComposeAnalysis model)
    {
        if (model.Facts.EnvExample is not { } example)
        {
            yield break;
        }
        var documented = example.Entries.Select(entry => entry.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var variable in model.Project.Variables.Where(variable => !documented.Contains(variable.Name) && !Implicit.Contains(variable.Name)))
        {
            var note = variable.HasDefault ? $" (its default is '{variable.DefaultValue}')" : variable.Required ? " (it is required)" : string.Empty;
            yield return Report(variable.References[0], variable.Name, System.IO.Path.GetFileName(example.Path), note);
        }
    }
}
