using Drydock.Findings;

namespace Drydock.BuildContext.Rules;

/// <summary>
/// CX006: a COPY/ADD source that exists in the context directory, but none of whose matches is sent: the builder
/// reports it as not found. Reported at the instruction. A wildcard source with some matches sent is fine.
/// </summary>
public sealed class CopySourceExcludedRule() : Rule<ContextModel>(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "CX006", "COPY/ADD source excluded by the ignore file", RuleCategories.Correctness, Severity.Error,
        "COPY/ADD source '{0}' exists in the context but {1} excludes it: the build fails",
        "The builder only sees what the ignore file lets through, so this instruction cannot find its source. Remove "
        + "the matching pattern, add an exception (`!path`) after it, or stop copying the path.");

    public override IEnumerable<Finding> Check(ContextModel model)
    {
        var ignoreFile = model.IgnoreFile is { } file ? Path.GetFileName(file.Path) : "the ignore file";
        foreach (var source in model.Sources)
        {
            if (source.OnDisk.Count > 0 && source.Sent.Count == 0)
            {
                var stage = source.Source.Stage is { Length: > 0 } name ? $" (stage {name})" : string.Empty;
                yield return Report(source.Source.Span, source.Source.Pattern, ignoreFile)
                    with { FixHint = $"add '!{source.OnDisk[0]}' after the pattern that excludes it in {ignoreFile}{stage}" };
            }
        }
    }
}
