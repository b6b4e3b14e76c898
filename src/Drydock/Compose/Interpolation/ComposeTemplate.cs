using System.Text;

namespace Drydock.Compose.Interpolation;

/// <summary>
/// Looks a variable up: the value, or null when the variable is unset (an empty string is a set variable).
/// </summary>
public delegate string? VariableLookup(string name);

/// <summary>What substitution noticed about one variable, for <c>config --variables</c> and the rules.</summary>
/// <param name="Name">The variable's name.</param>
/// <param name="Found">Whether the lookup knew it.</param>
/// <param name="WarnsWhenUnset">A bare <c>$V</c>/<c>${V}</c> that Compose warns about when unset ("defaulting to a blank string").</param>
public readonly record struct VariableUse(string Name, bool Found, bool WarnsWhenUnset);

/// <summary>A substitution failed: a malformed template or a required variable without a value.</summary>
public abstract class TemplateException(string message) : Exception(message);

/// <summary><c>${</c>, <c>${}</c>, <c>${ foo}</c>, <c>${foo!}</c>…: Compose's "Invalid template".</summary>
public sealed class InvalidTemplateException(string template) : TemplateException($"Invalid template: {GoStrings.Quote(template)}")
{
    /// <summary>The whole template the bad reference was found in.</summary>
    public string Template { get; } = template;
}

/// <summary><c>${V:?reason}</c> or <c>${V?reason}</c> found no value.</summary>
public sealed class MissingRequiredVariableException(string variable, string reason)
    : TemplateException(reason.Length > 0 ? $"required variable {variable} is missing a value: {reason}" : $"required variable {variable} is missing a value")
{
    public string Variable { get; } = variable;

    public string Reason { get; } = reason;
}

/// <summary>
/// References nested deeper than <see cref="ComposeTemplate.MaxNesting"/> (<c>${A:-${B:-…}}</c>): refused, since each
/// level re-reads the rest of the string and thousands of levels would take gigabytes.
/// </summary>
public sealed class TemplateTooDeepException()
    : TemplateException($"variable references are nested more than {ComposeTemplate.MaxNesting} deep (${{A:-${{B:-…}}}}), or more than {ComposeTemplate.MaxRecursion} defaulted references follow each other on one line; Drydock refuses this")
{
}

/// <summary>The outcome of substituting one string: the value, or the first error (and the partial value Compose returns with it).</summary>
public readonly record struct SubstitutionResult(string Value, TemplateException? Error)
{
    public bool Succeeded => Error is null;
}

/// <summary>A variable a template refers to, as <c>docker compose config --variables</c> lists it.</summary>
public sealed record VariableReference(string Name, string DefaultValue, string PresenceValue, bool Required)
{
    /// <summary>The operator after the name (<c>:-</c>, <c>-</c>, <c>:?</c>, <c>?</c>, <c>:+</c>, <c>+</c>), or null for a bare reference.</summary>
    public string? Operator { get; init; }

    /// <summary>A default is given, possibly empty (<c>${V:-}</c> defaults to "").</summary>
    public bool HasDefault => Operator is ":-" or "-";
}

/// <summary>
/// Compose's variable substitution (the compose-spec "interpolation" section, as compose-go implements it):
/// <c>$$</c>, <c>$V</c>, <c>${V}</c>, <c>${V:-d}</c>, <c>${V-d}</c>, <c>${V:?e}</c>, <c>${V?e}</c>, <c>${V:+a}</c>, <c>${V+a}</c>,
/// with nested references in defaults, alternatives and messages, evaluated lazily.
/// A small scanner, no regular expressions: it reproduces the reference matcher's quirks (a braced reference with
/// an operator runs to the last <c>}</c> on its line, then is cut at its balancing brace and the rest substituted).
/// </summary>
public static class ComposeTemplate
{
    /// <summary>How deep references may nest (<c>${A:-${B:-…}}</c>), measured in one pass before anything is substituted.</summary>
    public const int MaxNesting = 32;

    /// <summary>How many references one substitution may recurse through, counting defaulted references that follow each other on a line.</summary>
    public const int MaxRecursion = 200;

    /// <summary>The deepest nesting of <c>${</c> in <paramref name="text"/>, in one linear pass.</summary>
    public static int NestingDepth(string text)
    {
        var depth = 0;
        var deepest = 0;
        for (var i = text.IndexOf('$', StringComparison.Ordinal); i >= 0 && i < text.Length; i++)
        {
            var c = text[i];
            if (c == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                deepest = Math.Max(deepest, ++depth);
                i++;
            }
            else if (c == '}' && depth > 0)
            {
                depth--;
            }
        }
        return deepest;
    }

    private static readonly string[] Operators = [":?", "?", ":-", "-", ":+", "+"];

    public static SubstitutionResult Substitute(string template, VariableLookup lookup, Action<VariableUse>? observe = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(lookup);
        if (template.IndexOf('$', StringComparison.Ordinal) < 0)
        {
            return new SubstitutionResult(template, null);
        }
        if (NestingDepth(template) > MaxNesting)
        {
            return new SubstitutionResult(string.Empty, new TemplateTooDeepException());
        }
        var substitution = new Substitution(lookup, observe, template, 0);
        var value = substitution.Run(0, template.Length);
        return new SubstitutionResult(value, substitution.Error);
    }

    /// <summary>The operator that applies to the text between <c>${</c> and <c>}</c>: the first one after the name; null when none.</summary>
    public static string? OperatorOf(string substitution)
    {
        var best = -1;
        string? chosen = null;
        foreach (var op in Operators)
        {
            var index = substitution.IndexOf(op, StringComparison.Ordinal);
            if (index >= 0 && (best < 0 || index < best))
            {
                best = index;
                chosen = op;
            }
        }
        return chosen;
    }

    /// <summary>Every variable a string refers to, including those inside defaults and alternatives; later references to the same name win.</summary>
    public static IReadOnlyList<VariableReference> ExtractVariables(string value)
    {
        if (NestingDepth(value) > MaxNesting)
        {
            return []; // Substitution refuses the value, with its position.
        }
        var found = new List<VariableReference>();
        Extract(value, found, 0);
        return found;
    }

    private static void Extract(string value, List<VariableReference> found, int depth)
    {
        if (depth > MaxRecursion)
        {
            return; // Substitution reports it.
        }
        var position = 0;
        while (position < value.Length)
        {
            var dollar = value.IndexOf('$', position);
            if (dollar < 0)
            {
                return;
            }
            var match = Match(value, dollar);
            switch (match.Kind)
            {
                case MatchKind.None:
                    position = dollar + 1;
                    continue;
                case MatchKind.Escaped:
                    position = match.End;
                    continue;
            }
            string text;
            if (match.Kind == MatchKind.Named)
            {
                text = match.Content;
            }
            else
            {
                text = match.HasOperator ? value[(dollar + 2)..(match.End - 1)] : match.Content;
                var closing = FirstBraceClosingIndex(value, dollar, match.End);
                if (closing > dollar)
                {
                    text = value[(dollar + 2)..closing];
                    if (match.End > closing + 1)
                    {
                        Extract(value[(closing + 1)..match.End], found, depth + 1);
                    }
                }
            }
            position = match.End;
            var nameEnd = 0;
            while (nameEnd < text.Length && IsNameChar(text[nameEnd]))
            {
                nameEnd++;
            }
            var name = text;
            string defaultValue = string.Empty, presenceValue = string.Empty;
            string? op = null;
            var required = false;
            if (nameEnd > 0 && nameEnd < text.Length)
            {
                name = text[..nameEnd];
                var rest = text[nameEnd..];
                if (rest.StartsWith(":?", StringComparison.Ordinal) || rest.StartsWith('?'))
                {
                    required = true;
                    op = rest.StartsWith(':') ? ":?" : "?";
                }
                else if (rest.StartsWith(":-", StringComparison.Ordinal))
                {
                    defaultValue = rest[2..];
                    op = ":-";
                }
                else if (rest.StartsWith('-'))
                {
                    defaultValue = rest[1..];
                    op = "-";
                }
                else if (rest.StartsWith(":+", StringComparison.Ordinal))
                {
                    presenceValue = rest[2..];
                    op = ":+";
                }
                else if (rest.StartsWith('+'))
                {
                    presenceValue = rest[1..];
                    op = "+";
                }
            }
            if (name.Length == 0)
            {
                continue; // "${" alone: an invalid template, reported by substitution.
            }
            found.Add(new VariableReference(name, defaultValue, presenceValue, required) { Operator = op });
            if (defaultValue.Length > 0)
            {
                Extract(defaultValue, found, depth + 1);
            }
            if (presenceValue.Length > 0)
            {
                Extract(presenceValue, found, depth + 1);
            }
        }
    }

    /// <summary>
    /// Works on ranges of the one template string, never on copies: nested references cost no memory per level, so
    /// even the refused depths (thousands of levels) stay within a few times the template's size.
    /// </summary>
    private sealed class Substitution(VariableLookup lookup, Action<VariableUse>? observe, string source, int depth)
    {
        public TemplateException? Error { get; private set; }

        public string Run(int start, int end)
        {
            var builder = new StringBuilder(end - start);
            var position = start;
            while (position < end)
            {
                var dollar = source.IndexOf('$', position, end - position);
                if (dollar < 0)
                {
                    builder.Append(source, position, end - position);
                    break;
                }
                builder.Append(source, position, dollar - position);
                var match = Match(source, dollar, end);
                switch (match.Kind)
                {
                    case MatchKind.None:
                        builder.Append('$');
                        position = dollar + 1;
                        continue;
                    case MatchKind.Escaped:
                        builder.Append('$');
                        break;
                    case MatchKind.Invalid:
                        Fail(new InvalidTemplateException(source[start..end]));
                        break;
                    case MatchKind.Named:
                        builder.Append(Lookup(match.Content, warns: true));
                        break;
                    case MatchKind.Braced:
                        builder.Append(match.HasOperator ? Braced(dollar, match.End) : Lookup(match.Content, warns: true));
                        break;
                }
                position = match.End;
            }
            return builder.ToString();
        }

        /// <summary>A braced reference with an operator, <c>${NAME op argument}</c>, over [<paramref name="start"/>, <paramref name="end"/>).</summary>
        private string Braced(int start, int end)
        {
            // The matched text runs to the last '}' of its line; it is cut at the brace that balances "${", and the rest
            // is substituted after it (the reference's quirk).
            var contentEnd = end - 1;
            var restStart = end;
            var closing = FirstBraceClosingIndex(source, start, end);
            if (closing > -1)
            {
                restStart = closing + 1;
                contentEnd = closing;
            }
            var contentStart = start + 2;
            var (separator, op) = FirstOperator(source, contentStart, contentEnd);
            var name = source[contentStart..separator];
            var argumentStart = separator + op.Length;
            var value = lookup(name);
            observe?.Invoke(new VariableUse(name, value is not null, WarnsWhenUnset: false));
            string result;
            switch (op)
            {
                case ":-" or "-":
                    result = value is null || (op == ":-" && value.Length == 0) ? Nested(argumentStart, contentEnd) : value;
                    break;
                case ":+" or "+":
                    result = value is not null && (op == "+" || value.Length > 0) ? Nested(argumentStart, contentEnd) : value ?? string.Empty;
                    break;
                default:
                    if (value is null || (op == ":?" && value.Length == 0))
                    {
                        var reason = Nested(argumentStart, contentEnd);
                        if (Error is null)
                        {
                            Fail(new MissingRequiredVariableException(name, reason));
                        }
                        return string.Empty;
                    }
                    result = value;
                    break;
            }
            if (Error is not null)
            {
                return string.Empty;
            }
            var tail = restStart >= end ? string.Empty : Nested(restStart, end);
            return Error is null ? result + tail : string.Empty;
        }

        /// <summary>Defaults, alternatives, messages and the rest after a braced reference are templates themselves.</summary>
        private string Nested(int start, int end)
        {
            if (source.IndexOf('$', start, end - start) < 0)
            {
                return source[start..end];
            }
            if (depth >= MaxRecursion)
            {
                Fail(new TemplateTooDeepException());
                return string.Empty;
            }
            var inner = new Substitution(lookup, observe, source, depth + 1);
            var value = inner.Run(start, end);
            if (inner.Error is { } error)
            {
                Fail(error);
                return string.Empty;
            }
            return value;
        }

        private string Lookup(string name, bool warns)
        {
            var value = lookup(name);
            observe?.Invoke(new VariableUse(name, value is not null, warns));
            return value ?? string.Empty;
        }

        private void Fail(TemplateException error) => Error ??= error;
    }

    /// <summary>The first operator after the name in [start, end): <see cref="OperatorOf"/> without a copy.</summary>
    private static (int Index, string Operator) FirstOperator(string text, int start, int end)
    {
        var best = -1;
        var chosen = string.Empty;
        foreach (var op in Operators)
        {
            var searchEnd = best < 0 ? end : Math.Min(end, best + op.Length);
            var index = searchEnd - start < op.Length ? -1 : text.IndexOf(op, start, searchEnd - start, StringComparison.Ordinal);
            if (index >= 0 && (best < 0 || index < best))
            {
                best = index;
                chosen = op;
            }
        }
        return (best, chosen);
    }

    private enum MatchKind
    {
        None,
        Escaped,
        Named,
        Braced,
        Invalid,
    }

    private readonly record struct TemplateMatch(MatchKind Kind, int End, string Content = "", bool HasOperator = false);

    /// <summary>What starts at <paramref name="dollar"/> (a '$').</summary>
    private static TemplateMatch Match(string text, int dollar) => Match(text, dollar, text.Length);

    /// <summary>As above, within [.., <paramref name="end"/>) of <paramref name="text"/>.</summary>
    private static TemplateMatch Match(string text, int dollar, int end)
    {
        var next = dollar + 1;
        if (next >= end)
        {
            return new TemplateMatch(MatchKind.None, next);
        }
        var c = text[next];
        if (c == '$')
        {
            return new TemplateMatch(MatchKind.Escaped, next + 1);
        }
        if (IsNameStart(c))
        {
            var stop = next + 1;
            while (stop < end && IsNameChar(text[stop]))
            {
                stop++;
            }
            return new TemplateMatch(MatchKind.Named, stop, text[next..stop]);
        }
        if (c != '{')
        {
            return new TemplateMatch(MatchKind.None, next);
        }
        var nameStart = next + 1;
        if (nameStart < end && IsNameStart(text[nameStart]))
        {
            var nameEnd = nameStart + 1;
            while (nameEnd < end && IsNameChar(text[nameEnd]))
            {
                nameEnd++;
            }
            if (nameEnd < end)
            {
                if (text[nameEnd] == '}')
                {
                    return new TemplateMatch(MatchKind.Braced, nameEnd + 1, text[nameStart..nameEnd]);
                }
                var operatorEnd = nameEnd;
                if (text[operatorEnd] == ':' && operatorEnd + 1 < end && text[operatorEnd + 1] is '-' or '+' or '?')
                {
                    operatorEnd += 2;
                }
                else if (text[operatorEnd] is '-' or '+' or '?')
                {
                    operatorEnd += 1;
                }
                if (operatorEnd > nameEnd)
                {
                    // The argument runs greedily to the last '}' before the end of the line.
                    var lineEnd = text.IndexOf('\n', operatorEnd, end - operatorEnd);
                    var searchEnd = lineEnd < 0 ? end : lineEnd;
                    var close = searchEnd > operatorEnd ? text.LastIndexOf('}', searchEnd - 1, searchEnd - operatorEnd) : -1;
                    if (close >= operatorEnd)
                    {
                        // No copy of the argument: callers read it from the template by position.
                        return new TemplateMatch(MatchKind.Braced, close + 1, HasOperator: true);
                    }
                }
            }
        }
        return new TemplateMatch(MatchKind.Invalid, nameStart);
    }

    /// <summary>The index of the brace that closes the first one; each '{' also skips the character after it (as the reference does).</summary>
    private static int FirstBraceClosingIndex(string text, int start, int end)
    {
        var open = 0;
        for (var i = start; i < end; i++)
        {
            if (text[i] == '}')
            {
                open--;
                if (open == 0)
                {
                    return i;
                }
            }
            if (text[i] == '{')
            {
                open++;
                i++;
            }
        }
        return -1;
    }

    private static bool IsNameStart(char c) => c == '_' || char.IsAsciiLetter(c);

    private static bool IsNameChar(char c) => c == '_' || char.IsAsciiLetterOrDigit(c);
}
