namespace Drydock.Compose.Loading;

/// <summary>
/// A position in the Compose tree (<c>services.web.ports.[]</c>), as Compose names it in messages, and the patterns
/// (<c>services.*.ports</c>) that pick the keys with special merge, transform or cast rules.
/// </summary>
public sealed class ComposePath : IEquatable<ComposePath>
{
    public const string AnyKey = "*";
    public const string ListItem = "[]";

    private readonly string[] _segments;

    private ComposePath(string[] segments) => _segments = segments;

    public static ComposePath Root { get; } = new([]);

    public static ComposePath Of(params string[] segments) => new(segments);

    /// <summary>Parses a dotted pattern such as <c>services.*.depends_on.*.required</c>.</summary>
    public static ComposePath Pattern(string dotted) => new(dotted.Split('.'));

    public IReadOnlyList<string> Segments => _segments;

    public int Depth => _segments.Length;

    public ComposePath Next(string segment)
    {
        var next = new string[_segments.Length + 1];
        _segments.CopyTo(next, 0);
        next[^1] = segment;
        return new ComposePath(next);
    }

    public ComposePath Item() => Next(ListItem);

    /// <summary>Whether this concrete path matches <paramref name="pattern"/> ('*' matches any one key or list item).</summary>
    public bool Matches(ComposePath pattern)
    {
        if (pattern._segments.Length != _segments.Length)
        {
            return false;
        }
        for (var i = 0; i < _segments.Length; i++)
        {
            var expected = pattern._segments[i];
            if (expected != AnyKey && !string.Equals(expected, _segments[i], StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    public bool Matches(string pattern) => Matches(Pattern(pattern));

    public override string ToString() => string.Join('.', _segments);

    public bool Equals(ComposePath? other) => other is not null && _segments.AsSpan().SequenceEqual(other._segments);

    public override bool Equals(object? obj) => Equals(obj as ComposePath);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var segment in _segments)
        {
            hash.Add(segment, StringComparer.Ordinal);
        }
        return hash.ToHashCode();
    }
}
