using System.Text;

namespace Drydock.Verification.Config;

/// <summary>
/// <c>${name}</c> references in a scenario probe's request (http path, body, header values, exec command), filled from
/// values an earlier <c>save:</c> kept. <c>$$</c> is a literal <c>$</c> (so <c>$${HOME}</c> reaches a shell as
/// <c>${HOME}</c>); any other <c>$</c> is left as written. A name is <c>[A-Za-z_][A-Za-z0-9_]*</c>.
/// </summary>
public static class ScenarioVariables
{
    /// <summary>
    /// The names <paramref name="text"/> refers to, in order (repeats included).
    /// Throws <see cref="FormatException"/> for a <c>${</c> with no closing brace or a name that is not one.
    /// </summary>
    public static IEnumerable<string> References(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Scan(text).Where(part => part.IsReference).Select(part => part.Text).ToList();
    }

    /// <summary>
    /// <paramref name="text"/> with each <c>${name}</c> replaced by its value and each <c>$$</c> by <c>$</c>.
    /// An unknown name throws <see cref="InvalidOperationException"/>: the parser has already refused those.
    /// </summary>
    public static string Substitute(string text, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(values);
        var result = new StringBuilder(text.Length);
        foreach (var part in Scan(text))
        {
            if (!part.IsReference)
            {
                result.Append(part.Text);
            }
            else if (values.TryGetValue(part.Text, out var value))
            {
                result.Append(value);
            }
            else
            {
                throw new InvalidOperationException($"no saved value named '{part.Text}' (drydock.yml's parser should have refused '${{{part.Text}}}')");
            }
        }
        return result.ToString();
    }

    /// <summary>A variable name <c>save:</c> may define: <c>[A-Za-z_][A-Za-z0-9_]*</c>.</summary>
    public static bool IsName(string name) =>
        name.Length > 0
        && (char.IsAsciiLetter(name[0]) || name[0] == '_')
        && name.All(character => char.IsAsciiLetterOrDigit(character) || character == '_');

    /// <summary>Literal runs (with <c>$$</c> already turned into <c>$</c>) and reference names.</summary>
    private static IEnumerable<(string Text, bool IsReference)> Scan(string text)
    {
        var literal = new StringBuilder();
        var index = 0;
        while (index < text.Length)
        {
            var dollar = text.IndexOf('$', index);
            if (dollar < 0 || dollar == text.Length - 1)
            {
                literal.Append(text, index, text.Length - index);
                break;
            }
            literal.Append(text, index, dollar - index);
            switch (text[dollar + 1])
            {
                case '$':
                    literal.Append('$');
                    index = dollar + 2;
                    break;
                case '{':
                    var close = text.IndexOf('}', dollar + 2);
                    if (close < 0)
                    {
                        throw new FormatException($"'${{' at character {dollar + 1} has no closing '}}'");
                    }
                    var name = text[(dollar + 2)..close];
                    if (!IsName(name))
                    {
                        throw new FormatException($"'${{{name}}}' is not a variable name (letters, digits and _, not starting with a digit)");
                    }
                    if (literal.Length > 0)
                    {
                        yield return (literal.ToString(), false);
                        literal.Clear();
                    }
                    yield return (name, true);
                    index = close + 1;
                    break;
                default:
                    literal.Append('$');
                    index = dollar + 1;
                    break;
            }
        }
        if (literal.Length > 0)
        {
            yield return (literal.ToString(), false);
        }
    }
}
