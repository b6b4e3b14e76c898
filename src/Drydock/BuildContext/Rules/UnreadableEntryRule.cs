using Drydock.Findings;
using Drydock.Text;

namespace Drydock.BuildContext.Rules;

/// <summary>CX007: a file or directory that would be sent but cannot be read.</summary>
public sealed class UnreadableEntryRule() : Rule<ContextModel>(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "CX007", "Unreadable file in the context", RuleCategories.Reliability, Severity.Error,
        "{0} cannot be read ({1}): the build fails when it sends the context",
        "The builder must read every file it sends. Fix the permissions, or exclude the path in .dockerignore.");

    public override IEnumerable<Finding> Check(ContextModel model) =>
        model.Walk.Unreadable.Select(problem =>
            Report(SourceSpan.WholeFile(Path.Combine(model.Root, problem.Path)), problem.Path, problem.Problem));
}
