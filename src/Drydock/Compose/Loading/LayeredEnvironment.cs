using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Drydock.Compose.Loading;

/// <summary>
/// The environment Compose interpolates with, in layers: values the loader sets (COMPOSE_PROJECT_NAME) over the
/// shell over the .env files. The shell is only ever asked for names (never enumerated), so a test or the CLI can
/// supply it as a lookup. Enumeration lists what is known: the .env values, the loader's values, and every shell
/// variable that was looked up and found.
/// </summary>
public sealed class LayeredEnvironment : IReadOnlyDictionary<string, string>
{
    private readonly Func<string, string?> _upper;
    private readonly Dictionary<string, string> _overrides = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _lower = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _lowerSources = new(StringComparer.Ordinal);

    public LayeredEnvironment(Func<string, string?> upper) => _upper = upper;

    /// <summary>Sets a value that wins over everything (the project name).</summary>
    public void Override(string key, string value) => _overrides[key] = value;

    /// <summary>Adds a .env value unless the key is already set above or by an earlier file.</summary>
    public bool AddLower(string key, string value, string source)
    {
        if (TryGetValue(key, out _))
        {
            return false;
        }
        _lower[key] = value;
        _lowerSources[key] = source;
        return true;
    }

    /// <summary>The .env file a value came from, or null when it came from the shell (or is unset).</summary>
    public string? SourceFile(string key) => _overrides.ContainsKey(key) || FromUpper(key) is not null ? null : _lowerSources.GetValueOrDefault(key);

    /// <summary>A child layer: this environment over another set of .env values (an included project's).</summary>
    public LayeredEnvironment Child() => new(name => TryGetValue(name, out var value) ? value : null);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        if (_overrides.TryGetValue(key, out value))
        {
            return true;
        }
        if (FromUpper(key) is { } upper)
        {
            value = upper;
            return true;
        }
        return _lower.TryGetValue(key, out value);
    }

    private string? FromUpper(string key)
    {
        if (_seen.TryGetValue(key, out var known))
        {
            return known;
        }
        var value = _upper(key);
        if (value is not null)
        {
            _seen[key] = value;
        }
        return value;
    }

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => Snapshot().Keys;

    public IEnumerable<string> Values => Snapshot().Values;

    public int Count => Snapshot().Count;

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Everything known, with the layers' precedence applied.</summary>
    public Dictionary<string, string> Snapshot()
    {
        var all = new Dictionary<string, string>(_lower, StringComparer.Ordinal);
        foreach (var (key, value) in _seen)
        {
            all[key] = value;
        }
        foreach (var (key, value) in _overrides)
        {
            all[key] = value;
        }
        return all;
    }
}
