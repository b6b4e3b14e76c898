using System.Globalization;
using System.Text;
using System.Text.Json;
using Drydock.Measurements;

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
            if (text.AsSpan(position).StartsWith(".."))
            {
                // ..name: that member of the value and of every value below it.
                var start = position += 2;
                while (position < text.Length && text[position] is not ('.' or '['))
                {
                    position++;
                }
                if (position == start)
                {
                    throw new FormatException($"the JSON path '{text}' needs a member name after '..' at position {start}");
                }
                steps.Add(new Step(text[start..position], 0, StepKind.Descendant));
            }
            else if (text.AsSpan(position).StartsWith(".*") || text.AsSpan(position).StartsWith("[*]"))
            {
                position += text[position] == '.' ? 2 : 3;
                steps.Add(new Step(null, 0, StepKind.Wildcard));
            }
            else if (text[position] == '.')
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
    /// <summary>Whether the path can select more than one value (<c>..name</c>, <c>[*]</c>, <c>.*</c>).</summary>
    public bool SelectsMany => _steps.Any(step => step.Kind != StepKind.Single);

    /// <summary>Every value the path selects, in document order (none when it selects nothing).</summary>
    public IReadOnlyList<JsonElement> SelectAll(JsonElement root)
    {
        IEnumerable<JsonElement> current = [root];
        foreach (var step in _steps)
        {
            current = step.Kind switch
            {
                StepKind.Wildcard => current.SelectMany(Children),
                StepKind.Descendant => current.SelectMany(Descendants).Where(element => element.ValueKind == JsonValueKind.Object)
                    .Select(element => element.TryGetProperty(step.Member!, out var value) ? (JsonElement?)value : null).OfType<JsonElement>(),
                _ => current.Select(element => SelectStep(element, step)).OfType<JsonElement>(),
            };
        }
        return current.ToList();
    }

    private static IEnumerable<JsonElement> Children(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => element.EnumerateArray(),
        JsonValueKind.Object => element.EnumerateObject().Select(member => member.Value),
        _ => [],
    };

    /// <summary>The element and every value below it, depth first.</summary>
    private static IEnumerable<JsonElement> Descendants(JsonElement element) => Children(element).SelectMany(Descendants).Prepend(element);

    private static JsonElement? SelectStep(JsonElement current, Step step)
    {
        if (step.Member is { } member)
        {
            return current.ValueKind == JsonValueKind.Object && current.TryGetProperty(member, out var value) ? value : null;
        }
        if (current.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        var length = current.GetArrayLength();
        var index = step.Index < 0 ? length + step.Index : step.Index;
        return index >= 0 && index < length ? current[index] : null;
    }

    public JsonElement? Select(JsonElement root)
    {
        if (SelectsMany)
        {
            return SelectAll(root) is { Count: > 0 } all ? all[0] : null;
        }
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
    private readonly record struct Step(string? Member, int Index, StepKind Kind = StepKind.Single);

    private enum StepKind
    {
        Single,
        Wildcard,
        Descendant,
    }

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

/// <summary>
/// One <c>json:</c> expectation of an HTTP probe: a path and the value every value it selects must equal, or
/// <c>count(path)</c> and a comparison (<c>"&gt;= 3"</c>, or a number for equality) its count must meet.
/// </summary>
internal sealed record JsonCheck(string Key, JsonPath Path, string Expected, Target? Count)
{
    private static readonly System.Text.RegularExpressions.Regex Comparison = new(@"^\s*(>=|<=|==|!=|>|<)\s*(\d+)\s*$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <exception cref="FormatException">The path, or a count's comparison, is not valid.</exception>
    public static JsonCheck Parse(string key, string expected)
    {
        if (!key.StartsWith("count(", StringComparison.Ordinal) || !key.EndsWith(')'))
        {
            return new JsonCheck(key, JsonPath.Parse(key), expected, null);
        }
        var path = JsonPath.Parse(key["count(".Length..^1]);
        return new JsonCheck(key, path, expected, CountTarget(key, expected));
    }

    /// <summary>What <c>count(path)</c> counts: the length of the one array (or object) the path selects, else the values it selects.</summary>
    public static int CountOf(JsonPath path, JsonElement root)
    {
        var values = path.SelectAll(root);
        return values.Count == 1 && !path.SelectsMany
            ? values[0].ValueKind switch
            {
                JsonValueKind.Array => values[0].GetArrayLength(),
                JsonValueKind.Object => values[0].EnumerateObject().Count(),
                _ => 1,
            }
            : values.Count;
    }

    private static Target CountTarget(string key, string expected)
    {
        using var document = JsonDocument.Parse(expected);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Number && root.TryGetInt32(out var exact) && exact >= 0)
        {
            return new Target(Metrics.JsonCount, null, Measurements.Comparison.Equal, exact);
        }
        var match = root.ValueKind == JsonValueKind.String ? Comparison.Match(root.GetString()!) : System.Text.RegularExpressions.Match.Empty;
        if (!match.Success)
        {
            throw new FormatException($"{key}: {expected} is not a count comparison; write e.g. \">= 3\" or 3");
        }
        var comparison = match.Groups[1].Value switch
        {
            ">=" => Measurements.Comparison.GreaterOrEqual,
            "<=" => Measurements.Comparison.LessOrEqual,
            ">" => Measurements.Comparison.GreaterThan,
            "<" => Measurements.Comparison.LessThan,
            "!=" => Measurements.Comparison.NotEqual,
            _ => Measurements.Comparison.Equal,
        };
        return new Target(Metrics.JsonCount, null, comparison, double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
    }
}
