using Drydock.Findings;

namespace Drydock.Compose.Rules;

/// <summary>DC001: every problem the loader found (syntax, schema, interpolation, missing files, consistency).</summary>
public sealed class InvalidComposeFile : ComposeRule
{
    public static readonly RuleDescriptor Rule = new(
        "DC001",
        "Invalid Compose file",
        RuleCategories.Syntax,
        Severity.Error,
        "{0}",
        "docker compose would refuse this project. Fix the file, key or value named in the message; the position is where it was written.");

    public override RuleDescriptor Descriptor => Rule;

    public override IEnumerable<Finding> Check(ComposeAnalysis model) =>
        model.Problems.Where(problem => problem.Topic is null).Select(problem => At(problem.Span, problem.Message) with { FixHint = problem.Fix });
}
