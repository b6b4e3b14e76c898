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
    : TemplateException($"variable references are nested more than {ComposeTemplate.MaxNesting} deep (${{A:-${{B:-…}}}} or many defaulted references on one line); Drydock refuses deeper nesting")
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
    /// <summary>How deep references may nest: defaults within defaults, and defaulted references after each other on one line.</summary>
    public const int MaxNesting = 200;

    private static readonly string[] Operators = [":?", "?", ":-", "-", ":+", "+"];

    public static SubstitutionResult Substitute(string template, VariableLookup lookup, Action<VariableUse>? observe = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(lookup);
        if (template.IndexOf('$', StringComparison.Ordinal) < 0)
        {
            return new SubstitutionResult(template, null);
        }
        var substitution = new Substitution(lookup, observe, 0);
        var value = substitution.Run(template);
        return new SubstitutionResult(value, substitution.Error);
    }

    /// <summary>Substitutes or throws the first <see cref="TemplateException"/>.</summary>
    public static string SubstituteOrThrow(string template, VariableLookup lookup, Action<VariableUse>? observe = null)
    {
        var result = Substitute(template, lookup, observe);
        return result.Error is { } error ? throw error : result.Value;
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
        var found = new List<VariableReference>();
        Extract(value, found, 0);
        return found;
    }

    private static void Extract(string value, List<VariableReference> found, int depth)
    {
        if (depth > MaxNesting)
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
                text = match.Content;
                var whole = value[dollar..match.End];
                var closing = FirstBraceClosingIndex(whole);
                if (closing > 0)
                {
                    text = whole[2..closing];
                    if (whole.Length > closing)
                    {
                        Extract(whole[(closing + 1)..], found, depth + 1);
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

    private sealed class Substitution(VariableLookup lookup, Action<VariableUse>? observe, int depth)
    {
        public TemplateException? Error { get; private set; }

        public string Run(string template)
        {
            var builder = new StringBuilder(template.Length);
            var position = 0;
            while (position < template.Length)
            {
                var dollar = template.IndexOf('$', position);
                if (dollar < 0)
                {
                    builder.Append(template, position, template.Length - position);
                    break;
                }
                builder.Append(template, position, dollar - position);
                var match = Match(template, dollar);
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
                        Fail(new InvalidTemplateException(template));
                        break;
                    case MatchKind.Named:
                        builder.Append(Lookup(match.Content, warns: true));
                        break;
                    case MatchKind.Braced:
                        builder.Append(Braced(template[dollar..match.End], match.Content, match.HasOperator, template));
                        break;
                }
                position = match.End;
            }
            return builder.ToString();
        }

        private string Braced(string matched, string content, bool hasOperator, string template)
        {
            if (!hasOperator)
            {
                return Lookup(content, warns: true);
            }
            var rest = string.Empty;
            var closing = FirstBraceClosingIndex(matched);
            if (closing > -1)
            {
                rest = matched[(closing + 1)..];
                content = matched[2..closing];
            }
            var op = OperatorOf(content)!;
            var separator = content.IndexOf(op, StringComparison.Ordinal);
            var name = content[..separator];
            var argument = content[(separator + op.Length)..];
            var value = lookup(name);
            observe?.Invoke(new VariableUse(name, value is not null, WarnsWhenUnset: false));
            string result;
            switch (op)
            {
                case ":-" or "-":
                    result = value is null || (op == ":-" && value.Length == 0) ? Nested(argument) : value;
                    break;
                case ":+" or "+":
                    result = value is not null && (op == "+" || value.Length > 0) ? Nested(argument) : value ?? string.Empty;
                    break;
                default:
                    if (value is null || (op == ":?" && value.Length == 0))
                    {
                        var reason = Nested(argument);
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
            var tail = rest.Length == 0 ? string.Empty : Nested(rest);
            return Error is null ? result + tail : string.Empty;
        }

        /// <summary>Defaults, alternatives, messages and the rest after a braced reference are templates themselves.</summary>
        private string Nested(string text)
        {
            if (text.IndexOf('$', StringComparison.Ordinal) < 0)
            {
                return text;
            }
            if (depth >= MaxNesting)
            {
                Fail(new TemplateTooDeepException());
                return string.Empty;
            }
            var inner = new Substitution(lookup, observe, depth + 1);
            var value = inner.Run(text);
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
    private static TemplateMatch Match(string text, int dollar)
    {
        var next = dollar + 1;
        if (next >= text.Length)
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
            var end = next + 1;
            while (end < text.Length && IsNameChar(text[end]))
            {
                end++;
            }
            return new TemplateMatch(MatchKind.Named, end, text[next..end]);
        }
        if (c != '{')
        {
            return new TemplateMatch(MatchKind.None, next);
        }
        var nameStart = next + 1;
        if (nameStart < text.Length && IsNameStart(text[nameStart]))
        {
            var nameEnd = nameStart + 1;
            while (nameEnd < text.Length && IsNameChar(text[nameEnd]))
            {
                nameEnd++;
            }
            if (nameEnd < text.Length)
            {
                if (text[nameEnd] == '}')
                {
                    return new TemplateMatch(MatchKind.Braced, nameEnd + 1, text[nameStart..nameEnd]);
                }
                var operatorEnd = nameEnd;
                if (text[operatorEnd] == ':' && operatorEnd + 1 < text.Length && text[operatorEnd + 1] is '-' or '+' or '?')
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
                    var lineEnd = text.IndexOf('\n', operatorEnd);
                    var searchEnd = lineEnd < 0 ? text.Length : lineEnd;
                    var close = searchEnd > operatorEnd ? text.LastIndexOf('}', searchEnd - 1, searchEnd - operatorEnd) : -1;
                    if (close >= operatorEnd)
                    {
                        return new TemplateMatch(MatchKind.Braced, close + 1, text[nameStart..close], HasOperator: true);
                    }
                }
            }
        }
        return new TemplateMatch(MatchKind.Invalid, nameStart);
    }

    /// <summary>The index of the brace that closes the first one; each '{' also skips the character after it (as the reference does).</summary>
    private static int FirstBraceClosingIndex(string text)
    {
        var open = 0;
        for (var i = 0; i < text.Length; i++)
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
