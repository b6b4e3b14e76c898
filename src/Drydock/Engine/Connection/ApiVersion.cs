using System.Globalization;

namespace Drydock.Engine;

/// <summary>A Docker Engine API version such as 1.41.</summary>
public readonly record struct ApiVersion(int Major, int Minor) : IComparable<ApiVersion>
{
    /// <summary>The newest API this client speaks; older engines are spoken to in their own version.</summary>
    public static readonly ApiVersion ClientMaximum = new(1, 52);

    /// <summary>The oldest API this client supports (Docker 20.10, as Debian 12 ships it).</summary>
    public static readonly ApiVersion ClientMinimum = new(1, 41);

    public static bool TryParse(string? text, out ApiVersion version)
    {
        version = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var parts = text.Trim().TrimStart('v').Split('.');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            return false;
        }
        version = new ApiVersion(major, minor);
        return true;
    }

    public static ApiVersion Parse(string text) =>
        TryParse(text, out var version) ? version : throw new FormatException($"'{text}' is not an API version like 1.41.");

    /// <summary>
    /// The version to speak: the engine's own when it is not newer than ours, else ours. An engine that cannot
    /// go down to ours (its minimum is above our maximum) or one older than our minimum is refused.
    /// </summary>
    public static ApiVersion Negotiate(ApiVersion engineVersion) => engineVersion < ClientMaximum ? engineVersion : ClientMaximum;

    public int CompareTo(ApiVersion other) => Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public static bool operator <(ApiVersion left, ApiVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(ApiVersion left, ApiVersion right) => left.CompareTo(right) > 0;

    public static bool operator <=(ApiVersion left, ApiVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >=(ApiVersion left, ApiVersion right) => left.CompareTo(right) >= 0;

    public override string ToString() => $"{Major}.{Minor}";
}
