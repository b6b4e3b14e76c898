using Drydock.Compose.Loading;
using Drydock.Compose.Model;
using Drydock.Findings;

namespace Drydock.Compose.Rules.Correctness;

/// <summary>
/// DC037: a string <c>command</c> or <c>entrypoint</c> with an unquoted <c>&amp;&amp;</c>, <c>;</c>, <c>|</c>, <c>&lt;</c> or
/// <c>&gt;</c>: Compose splits the string without a shell and silently drops everything from the operator on.
/// </summary>
public sealed class ShellOperatorsDroppedRule() : ServiceRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC037",
        "Shell operator in a string command",
        RuleCategories.Correctness,
        Severity.Warning,
        "service '{0}': Compose runs only '{1}' and drops '{2}' ({3} is split without a shell)",
        "Compose splits a string command into words but runs no shell, and stops at the first unquoted ;, &, |, < or >. Run a shell explicitly: command: [\"sh\", \"-c\", \"first && second\"].")
    {
        Aliases = [],
    };

    protected override IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model)
    {
        foreach (var (command, key) in new[] { (service.Command, "command"), (service.Entrypoint, "entrypoint") })
        {
            if (command is not { IsShellForm: true, Text: { } text })
            {
                continue;
            }
            if (ShellWords.TryParse(text, out var words, out _, out var stoppedAt) && stoppedAt >= 0)
            {
                yield return Report(command.Span, service.Name, string.Join(' ', words), text[stoppedAt..].Trim(), key)
                    .WithFix($"{key}: [\"sh\", \"-c\", {GoStrings.Quote(text)}]");
            }
        }
    }
}
