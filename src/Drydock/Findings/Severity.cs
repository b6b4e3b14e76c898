namespace Drydock.Findings;

/// <summary>How serious a finding is. Ordered: a higher value is more severe.</summary>
public enum Severity
{
    Info = 0,
    Warning = 1,
    Error = 2,
}

public static class SeverityNames
{
    public static string ToName(this Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "info",
    };

    public static bool TryParse(string? text, out Severity severity)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "error":
                severity = Severity.Error;
                return true;
            case "warning" or "warn":
                severity = Severity.Warning;
                return true;
            case "info" or "information" or "style":
                severity = Severity.Info;
                return true;
            default:
                severity = default;
                return false;
        }
    }
}

/// <summary>The threshold of <c>--fail-on</c>: findings at or above it make a command exit 1.</summary>
public readonly record struct FailThreshold(Severity? Minimum)
{
    public static readonly FailThreshold None = new(null);
    public static readonly FailThreshold Default = new(Severity.Warning);

    public static IReadOnlyList<string> Names { get; } = ["error", "warning", "info", "none"];

    public static bool TryParse(string? text, out FailThreshold threshold)
    {
        if (string.Equals(text, "none", StringComparison.OrdinalIgnoreCase))
        {
            threshold = None;
            return true;
        }
        if (SeverityNames.TryParse(text, out var severity))
        {
            threshold = new FailThreshold(severity);
            return true;
        }
        threshold = Default;
        return false;
    }

    public bool IsFailure(Severity severity) => Minimum is { } minimum && severity >= minimum;
}
