using Drydock.Dockerfiles.Shell;
using Drydock.Text;

namespace Drydock.Dockerfiles.Stages;

public enum VariableSource
{
    /// <summary>TARGETPLATFORM, BUILDARCH…: set by the builder.</summary>
    Predefined,
    /// <summary>An ARG before the first FROM.</summary>
    GlobalArg,
    /// <summary>An ARG inside the stage.</summary>
    Arg,
    /// <summary>An ENV of the stage (or of the stage it is built FROM).</summary>
    Env,
}

/// <summary>
/// A variable as a stage sees it at one point. <see cref="Value"/> is null when it is declared without a value
/// (an ARG with no default and no build argument): its value is only known at build time.
/// </summary>
public sealed record VariableBinding(string Name, string? Value, VariableSource Source, SourceSpan? DeclaredAt)
{
    /// <summary>The value came from a build argument (<c>--build-arg</c> or configuration), not the Dockerfile.</summary>
    public bool FromBuildArgument { get; init; }
}

/// <summary>The variables visible at one point of a stage (an immutable snapshot; later ENV wins over ARG).</summary>
public sealed class VariableScope : IVariableLookup
{
    public static readonly VariableScope Empty = new(new Dictionary<string, VariableBinding>(StringComparer.Ordinal));

    private readonly Dictionary<string, VariableBinding> _bindings;

    private VariableScope(Dictionary<string, VariableBinding> bindings)
    {
        _bindings = bindings;
    }

    public IEnumerable<VariableBinding> Bindings => _bindings.Values;

    public VariableBinding? Find(string name) => _bindings.GetValueOrDefault(name);

    public bool IsDeclared(string name) => _bindings.ContainsKey(name);

    /// <summary>Known values only: a variable declared without a value counts as unset.</summary>
    public bool TryGet(string name, out string value)
    {
        if (_bindings.TryGetValue(name, out var binding) && binding.Value is not null)
        {
            value = binding.Value;
            return true;
        }
        value = string.Empty;
        return false;
    }

    internal VariableScope With(IEnumerable<VariableBinding> bindings)
    {
        var copy = new Dictionary<string, VariableBinding>(_bindings, StringComparer.Ordinal);
        foreach (var binding in bindings)
        {
            copy[binding.Name] = binding;
        }
        return new VariableScope(copy);
    }

    internal VariableScope Where(Func<VariableBinding, bool> keep) =>
        new(_bindings.Values.Where(keep).ToDictionary(binding => binding.Name, StringComparer.Ordinal));

    /// <summary>Expands a word as written in the Dockerfile (quotes removed); unknown plain references stay as written.</summary>
    public ExpandedValue Expand(string raw, char escapeToken = '\\')
    {
        if (raw.IndexOf('$', StringComparison.Ordinal) < 0 && raw.IndexOfAny(QuoteOrEscape) < 0)
        {
            return ExpandedValue.Literal(raw);
        }
        var lexer = new ShellLexer(escapeToken) { PreserveUnsetReferences = true };
        var result = lexer.ProcessWord(raw, this);
        return result.Failed
            ? new ExpandedValue(raw, raw, result.Preserved, result.Matched, result.Error)
            : new ExpandedValue(raw, result.Result, result.Preserved, result.Matched, null);
    }

    /// <summary>Expands as BuildKit does at build time: unset variables are empty.</summary>
    public ShellExpansion ExpandLikeBuildKit(string raw, char escapeToken = '\\') => new ShellLexer(escapeToken).ProcessWord(raw, this);

    private static readonly char[] QuoteOrEscape = ['\'', '"', '\\', '`'];
}

/// <summary>
/// A value after ARG/ENV expansion. <see cref="Unresolved"/> lists the variables whose value is only known at
/// build time: they stay in <see cref="Text"/> as written, and rules treat such values as unknown rather than wrong.
/// </summary>
public sealed record ExpandedValue(string Raw, string Text, IReadOnlySet<string> Unresolved, IReadOnlySet<string> Used, string? Error)
{
    private static readonly IReadOnlySet<string> None = new HashSet<string>();

    public static ExpandedValue Literal(string text) => new(text, text, None, None, null);

    /// <summary>Every variable had a value (or a default), and the expansion did not fail.</summary>
    public bool IsResolved => Unresolved.Count == 0 && Error is null;

    public bool HasVariables => Raw.Contains('$', StringComparison.Ordinal);

    public override string ToString() => Text;
}
