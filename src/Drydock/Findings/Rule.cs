using Drydock.Text;

namespace Drydock.Findings;

/// <summary>
/// The one shape of a rule in every family (DF, DC, CX, IM, RT): a descriptor and a pure check from the family's model
/// to findings, reported through <see cref="Report(SourceSpan, object?[])"/>. No I/O, no global state; state needed
/// for one walk (seen stages, aliases) lives inside <see cref="Check"/>.
/// </summary>
public abstract class Rule<TModel> : IRule<TModel>
{
    protected Rule(RuleDescriptor descriptor)
    {
        Descriptor = descriptor;
    }

    public RuleDescriptor Descriptor { get; }

    public abstract IEnumerable<Finding> Check(TModel model);

    /// <summary>A finding at <paramref name="span"/> with the descriptor's severity and message.</summary>
    protected Finding Report(SourceSpan span, params object?[] messageArgs) => Finding.Create(Descriptor, span, messageArgs);

    /// <summary>A finding whose severity depends on what was found (a capability's danger), with the rule's message.</summary>
    protected Finding Report(SourceSpan span, Severity severity, params object?[] messageArgs) =>
        new(Descriptor, severity, span, Descriptor.FormatMessage(messageArgs));

    /// <summary>A finding at <paramref name="span"/> in one of the rule's message variants (its own text and severity).</summary>
    protected Finding Report(SourceSpan span, RuleMessage variant, params object?[] messageArgs) =>
        new(Descriptor, variant.Severity, span, variant.Format(messageArgs));
}

/// <summary>
/// A second message of a rule, for a case that differs in what it can say and how serious it is (DC038's dependency
/// whose health check may come from an image this check cannot read). Findings keep the rule's id, title and help.
/// </summary>
public sealed record RuleMessage(Severity Severity, string MessageFormat)
{
    public string Format(params object?[] args) =>
        args.Length == 0 ? MessageFormat : string.Format(System.Globalization.CultureInfo.InvariantCulture, MessageFormat, args);
}
