using Drydock.Findings;

namespace Drydock.BuildContext.Rules;

/// <summary>
/// CX006: a COPY/ADD source that exists in the context directory, but none of whose matches is sent: the builder
/// reports it as not found. Reported at the instruction. A wildcard source with some matches sent is fine.
/// </summary>
public sealed class CopySourceExcludedRule : IRule<ContextModel>
{
    public RuleDescriptor Descriptor => ContextRules.CopySourceExcluded;

    public IEnumerable<Finding> Check(ContextModel model)
    {
        var ignoreFile = model.IgnoreFile is { } file ? Path.GetFileName(file.Path) : "the ignore file";
        foreach (var source in model.Sources)
        {
            if (source.OnDisk.Count > 0 && source.Sent.Count == 0)
            {
                var stage = source.Source.Stage is { Length: > 0 } name ? $" (stage {name})" : string.Empty;
                yield return Finding.Create(Descriptor, source.Source.Span, source.Source.Pattern, ignoreFile)
                    with { FixHint = $"add '!{source.OnDisk[0]}' after the pattern that excludes it in {ignoreFile}{stage}" };
            }
        }
    }
}
