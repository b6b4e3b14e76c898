using Drydock.Findings;
using Drydock.Text;

namespace Drydock.BuildContext.Rules;

/// <summary>CX007: a file or directory that would be sent but cannot be read.</summary>
public sealed class UnreadableEntryRule : IRule<ContextModel>
{
    public RuleDescriptor Descriptor => ContextRules.UnreadableEntry;

    public IEnumerable<Finding> Check(ContextModel model) =>
        model.Walk.Unreadable.Select(problem =>
            Finding.Create(Descriptor, SourceSpan.WholeFile(Path.Combine(model.Root, problem.Path)), problem.Path, problem.Problem));
}
