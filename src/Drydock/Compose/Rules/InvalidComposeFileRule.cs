using Drydock.Findings;

namespace Drydock.Compose.Rules;

/// <summary>DC001: every problem the loader found (syntax, schema, interpolation, missing files, consistency).</summary>
public sealed class InvalidComposeFileRule() : ComposeRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC001",
        "Invalid Compose file",
        RuleCategories.Syntax,
        Severity.Error,
        "{0}",
        "docker compose would refuse this project. Fix the file, key or value named in the message; the position is where it was written.");

    public override IEnumerable<Finding> Check(ComposeAnalysis model) =>
        model.Problems.Where(problem => problem.Topic is null).Select(problem => Report(problem.Span, problem.Message) with { FixHint = problem.Fix });
}
