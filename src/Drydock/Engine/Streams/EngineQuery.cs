using System.Text;
using System.Text.Json;

namespace Drydock.Engine;

/// <summary>Builds a path with an escaped query string: <c>containers/x/logs?stdout=1&amp;tail=50</c>.</summary>
internal sealed class EngineQuery
{
    private readonly StringBuilder _text;
    private bool _hasQuery;

    public EngineQuery(string path)
    {
        _text = new StringBuilder(path);
        _hasQuery = path.Contains('?', StringComparison.Ordinal);
    }

    /// <summary>An id or name as one path segment.</summary>
    public static string Segment(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        return Uri.EscapeDataString(value);
    }

    /// <summary>An image reference, whose slashes the engine's router takes as part of the name.</summary>
    public static string ImageReference(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        return string.Join('/', value.Split('/').Select(Uri.EscapeDataString));
    }

    /// <summary>The engine's filter syntax: <c>{"label":["a=b"],"type":["container"]}</c>; empty lists are left out.</summary>
    public static string? Filters(params (string Name, IEnumerable<string> Values)[] filters)
    {
        var map = new Dictionary<string, string[]>();
        foreach (var (name, values) in filters)
        {
            var list = values.ToArray();
            if (list.Length > 0)
            {
                map[name] = list;
            }
        }
        return map.Count == 0 ? null : JsonSerializer.Serialize(map, EngineJsonContext.Default.DictionaryStringStringArray);
    }

    public EngineQuery Add(string name, string? value)
    {
        if (value is null)
        {
            return this;
        }
        _text.Append(_hasQuery ? '&' : '?').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        _hasQuery = true;
        return this;
    }

    public EngineQuery Add(string name, bool value) => Add(name, value ? "1" : "0");

    public EngineQuery AddIf(bool condition, string name, string value) => condition ? Add(name, value) : this;

    public override string ToString() => _text.ToString();
}
