using System.Globalization;

namespace Drydock.Reports;

public enum Comparison
{
    LessThan,
    LessOrEqual,
    GreaterThan,
    GreaterOrEqual,
    Equal,
    NotEqual,
}

public enum MeasurementStatus
{
    Pass,
    Fail,
    /// <summary>Measured, but no target was set.</summary>
    Info,
}

/// <summary>A target from drydock.yml, e.g. <c>image_size &lt; 300 MB</c>; <see cref="Value"/> is in <see cref="Unit"/>.</summary>
public sealed record Target(string Metric, string? Service, Comparison Comparison, double Value, string Unit)
{
    /// <summary>
    /// A relative target (<c>&gt; 0.9 * baseline</c>): <see cref="Value"/> is this factor times the baseline run's value,
    /// NaN until a baseline is given (<c>verify --baseline</c>); such a row is then shown, not judged.
    /// </summary>
    public double? BaselineFactor { get; init; }

    /// <summary>A relative target whose baseline value is not known (no <c>--baseline</c>, or no such row in it).</summary>
    public bool IsUnresolved => BaselineFactor is not null && double.IsNaN(Value);

    public bool IsMetBy(double actual) => Comparison switch
    {
        Comparison.LessThan => actual < Value,
        Comparison.LessOrEqual => actual <= Value,
        Comparison.GreaterThan => actual > Value,
        Comparison.GreaterOrEqual => actual >= Value,
        Comparison.NotEqual => !actual.Equals(Value),
        _ => actual.Equals(Value),
    };

    public string Operator => Comparison switch
    {
        Comparison.LessThan => "<",
        Comparison.LessOrEqual => "<=",
        Comparison.GreaterThan => ">",
        Comparison.GreaterOrEqual => ">=",
        Comparison.NotEqual => "!=",
        _ => "==",
    };

    public override string ToString() => BaselineFactor is { } factor
        ? $"{Operator} {factor.ToString("0.###", CultureInfo.InvariantCulture)} × baseline{(IsUnresolved ? string.Empty : $" ({Units.Format(Value, Unit)})")}"
        : $"{Operator} {Units.Format(Value, Unit)}";
}

/// <summary>
/// One row of the table every verification ends with: Metric | Service | Target | Actual | Status.
/// <see cref="Actual"/> is always measured in this run (null when it could not be measured; <see cref="Detail"/> says why).
/// </summary>
public sealed record Measurement(string Metric, string? Service, Target? Target, double? Actual, string Unit, MeasurementStatus Status)
{
    public string? Detail { get; init; }

    /// <summary>What the row is made of, line by line (the first matching log lines of <c>log_errors</c>); shown under the row.</summary>
    public IReadOnlyList<string> Evidence { get; init; } = [];

    public string ActualText => Actual is { } value ? Units.Format(value, Unit) : "not measured";

    public static Measurement Evaluate(string metric, string? service, Target? target, double? actual, string unit, string? detail = null)
    {
        var status = target is null || target.IsUnresolved ? MeasurementStatus.Info
            : actual is { } value && target.IsMetBy(value) ? MeasurementStatus.Pass
            : MeasurementStatus.Fail;
        return new Measurement(metric, service, target, actual, unit, status) { Detail = detail };
    }
}

public enum ProbeStatus
{
    Passed,
    Failed,
    Skipped,
}

public sealed record ProbeResult(string Service, string Name, ProbeStatus Status, int Attempts, double DurationMs, string? Detail)
{
    /// <summary>Every attempt that did not pass, grouped by what it got ("503 Service Unavailable" × 3), in first-seen order.</summary>
    public IReadOnlyList<AttemptCount> FailedAttempts { get; init; } = [];
}

/// <summary>How many attempts of a probe got the same answer.</summary>
public sealed record AttemptCount(string Answer, int Count);

/// <summary>Human formatting of measured values in their unit.</summary>
public static class Units
{
    public static string Format(double value, string unit) => unit switch
    {
        "bytes" => FormatBytes(value),
        "s" => $"{Number(value, value < 10 ? 2 : 1)} s",
        "ms" => $"{Number(value, value < 10 ? 2 : 0)} ms",
        "%" => $"{Number(value, value < 10 ? 2 : 1)}%",
        "count" or "" => Number(value, 0),
        // A fraction of requests (k6's Rate metrics, e.g. http_req_failed), shown as a percentage.
        "rate" => $"{Number(value * 100, value * 100 < 10 ? 2 : 1)}%",
        _ => $"{Number(value, 2)} {unit}",
    };

    /// <summary>Decimal units (1 MB = 1,000,000 bytes), as <c>docker images</c> prints them.</summary>
    public static string FormatBytes(double bytes)
    {
        string[] units = ["B", "kB", "MB", "GB", "TB"];
        var index = 0;
        var value = bytes;
        while (Math.Abs(value) >= 1000 && index < units.Length - 1)
        {
            value /= 1000;
            index++;
        }
        return index == 0 ? $"{Number(value, 0)} B" : $"{Number(value, value < 10 ? 2 : value < 100 ? 1 : 0)} {units[index]}";
    }

    private static string Number(double value, int decimals) =>
        Math.Round(value, decimals).ToString("0." + new string('#', Math.Max(decimals, 0)), CultureInfo.InvariantCulture).TrimEnd('.');
}
