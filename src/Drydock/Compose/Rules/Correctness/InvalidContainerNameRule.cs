using Drydock.Compose.Model;
using Drydock.Findings;

namespace Drydock.Compose.Rules.Correctness;

/// <summary>DC039: a <c>container_name</c> the engine refuses.</summary>
public sealed class InvalidContainerNameRule() : ServiceRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC039",
        "Invalid container name",
        RuleCategories.Correctness,
        Severity.Error,
        "container_name '{0}' is not a valid container name",
        "The engine accepts names that start with a letter or digit and go on with letters, digits, '_', '.' and '-' only ([a-zA-Z0-9][a-zA-Z0-9_.-]+).")
    {
        Aliases = ["dclint:service-container-name-regex"],
    };

    protected override IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model)
    {
        if (service.ContainerName is { } name && !IsValid(name.Value))
        {
            yield return Report(name.Span, name.Value);
        }
    }

    public static bool IsValid(string name) =>
        name.Length >= 2 && char.IsAsciiLetterOrDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');
}
