using Drydock.Text;

namespace Drydock.Findings;

/// <summary>One problem found at one place. The message names the offending value.</summary>
public sealed record Finding(RuleDescriptor Rule, Severity Severity, SourceSpan Span, string Message)
{
    /// <summary>An optional concrete fix for this occurrence (the descriptor's help is the general one).</summary>
    public string? FixHint { get; init; }

    /// <summary>
    /// What the finding is about when several rules judge the same thing (a Compose service), so that a report can
    /// gather their findings into one (<see cref="RuleDescriptor.Group"/>); null for most findings.
    /// </summary>
    public FindingSubject? Subject { get; init; }

    /// <summary>This finding with a concrete fix for this occurrence.</summary>
    public Finding WithFix(string fix) => this with { FixHint = fix };

    public static Finding Create(RuleDescriptor rule, SourceSpan span, params object?[] messageArgs) =>
        new(rule, rule.DefaultSeverity, span, rule.FormatMessage(messageArgs));
}

/// <summary>The thing a finding is about: its name as messages show it, and the scope that makes it unique (a project directory).</summary>
public sealed record FindingSubject(string Name, string Scope);

/// <summary>
/// A rule: a descriptor plus a pure function from a model to findings. No I/O, no global state;
/// state needed for one walk (seen stages, aliases) lives inside <see cref="Check"/>.
/// </summary>
public interface IRule<in TModel>
{
    RuleDescriptor Descriptor { get; }

    IEnumerable<Finding> Check(TModel model);
}

/// <summary>Orders findings the way people read them: by file, then position, then rule id.</summary>
public sealed class FindingOrder : IComparer<Finding>
{
    public static readonly FindingOrder Instance = new();

    public int Compare(Finding? x, Finding? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }
        if (x is null)
        {
            return -1;
        }
        if (y is null)
        {
            return 1;
        }
        var byFile = string.CompareOrdinal(x.Span.File, y.Span.File);
        if (byFile != 0)
        {
            return byFile;
        }
        var byLine = x.Span.Line.CompareTo(y.Span.Line);
        if (byLine != 0)
        {
            return byLine;
        }
        var byColumn = x.Span.Column.CompareTo(y.Span.Column);
        return byColumn != 0 ? byColumn : string.CompareOrdinal(x.Rule.Id, y.Rule.Id);
    }
}
