using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Drydock.Verification.Probes;

/// <summary>
/// The small JSON path probes use: <c>$</c>, then members (<c>.name</c>, <c>['key with space']</c>, <c>["key"]</c>)
/// and array indexes (<c>[0]</c>, <c>[-1]</c> from the end). No wildcards or filters: a path names one value.
/// </summary>
internal sealed class JsonPath
{
    private readonly IReadOnlyList<Step> _steps;

    private JsonPath(string text, IReadOnlyList<Step> steps)
    {
        Text = text;
        _steps = steps;
    }

    public string Text { get; }

    /// <summary>Parses a path; an invalid one is a <see cref="FormatException"/> saying where it went wrong.</summary>
    public static JsonPath Parse(string text)
    {
        var steps = new List<Step>();
        var position = 0;
        if (!text.StartsWith('$'))
        {
            throw new FormatException($"the JSON path '{text}' must start with '$'");
        }
        position++;
        while (position < text.Length)
        {
            if (text[position] == '.')
            {
                var start = ++position;
                while (position < text.Length && text[position] is not ('.' or '['))
                {
                    position++;
                }
                if (position == start)
                {
                    throw new FormatException($"the JSON path '{text}' has an empty member name at position {start}");
                }
                steps.Add(new Step(text[start..position], 0));
            }
            else if (text[position] == '[')
            {
                position++;
                steps.Add(position < text.Length && text[position] is '\'' or '"'
                    ? ReadQuotedKey(text, ref position)
                    : ReadIndex(text, ref position));
            }
            else
            {
                throw new FormatException($"the JSON path '{text}' has '{text[position]}' at position {position}; expected '.' or '['");
            }
        }
        return new JsonPath(text, steps);
    }

    /// <summary>The value the path names, or null when a member or index along the way is missing.</summary>
    public JsonElement? Select(JsonElement root)
    {
        var current = root;
        foreach (var step in _steps)
        {
            if (step.Member is { } name)
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
                {
                    return null;
                }
            }
            else
            {
                var index = step.Index;
                if (current.ValueKind != JsonValueKind.Array)
                {
                    return null;
                }
                var length = current.GetArrayLength();
                index = index < 0 ? length + index : index;
                if (index < 0 || index >= length)
                {
                    return null;
                }
                current = current[index];
            }
        }
        return current;
    }

    /// <summary>
    /// JSON values compared by meaning: numbers by value (<c>3</c> equals <c>3.0</c>), strings exactly, objects
    /// member by member whatever their order, arrays element by element.
    /// </summary>
    public static bool ValuesEqual(JsonElement left, JsonElement right)
    {
        if (left.ValueKind != right.ValueKind)
        {
            return false;
        }
        switch (left.ValueKind)
        {
            case JsonValueKind.Number:
                return left.TryGetDecimal(out var leftDecimal) && right.TryGetDecimal(out var rightDecimal)
                    ? leftDecimal == rightDecimal
                    : left.GetDouble().Equals(right.GetDouble());
            case JsonValueKind.String:
                return string.Equals(left.GetString(), right.GetString(), StringComparison.Ordinal);
            case JsonValueKind.Array:
                return left.GetArrayLength() == right.GetArrayLength()
                    && left.EnumerateArray().Zip(right.EnumerateArray()).All(pair => ValuesEqual(pair.First, pair.Second));
            case JsonValueKind.Object:
                var leftMembers = left.EnumerateObject().ToList();
                var rightMembers = right.EnumerateObject().ToDictionary(member => member.Name, member => member.Value, StringComparer.Ordinal);
                return leftMembers.Count == rightMembers.Count
                    && leftMembers.All(member => rightMembers.TryGetValue(member.Name, out var other) && ValuesEqual(member.Value, other));
            default:
                // true, false, null: the kind is the value.
                return true;
        }
    }

    public override string ToString() => Text;

    /// <summary>A member (<see cref="Member"/> set) or an array index (negative: from the end).</summary>
    private readonly record struct Step(string? Member, int Index);

    private static Step ReadQuotedKey(string text, ref int position)
    {
        var quote = text[position++];
        var key = new StringBuilder();
        while (true)
        {
            if (position >= text.Length)
            {
                throw new FormatException($"the JSON path '{text}' has an unclosed {quote} quote");
            }
            var c = text[position++];
            if (c == quote)
            {
                break;
            }
            if (c == '\\' && position < text.Length)
            {
                c = text[position++];
            }
            key.Append(c);
        }
        if (position >= text.Length || text[position] != ']')
        {
            throw new FormatException($"the JSON path '{text}' needs ']' after the quoted key '{key}'");
        }
        position++;
        return new Step(key.ToString(), 0);
    }

    private static Step ReadIndex(string text, ref int position)
    {
        var end = text.IndexOf(']', position);
        if (end < 0)
        {
            throw new FormatException($"the JSON path '{text}' has an unclosed '['");
        }
        var token = text[position..end];
        if (!int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
        {
            throw new FormatException($"the JSON path '{text}' has '[{token}]'; expected an index such as [0] or a quoted key such as ['name']");
        }
        position = end + 1;
        return new Step(null, index);
    }
}
