namespace Drydock.Measurements;

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

/// <summary>A target from drydock.yml, e.g. <c>image_size &lt; 300 MB</c>; <see cref="Value"/> is in the metric's <see cref="Unit"/>.</summary>
public sealed record Target(Metric Metric, string? Service, Comparison Comparison, double Value)
{
    public Unit Unit => Metric.Unit;

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

    public override string ToString() => $"{Operator} {Units.Format(Value, Unit)}";
}

/// <summary>
/// One row of the table every verification ends with: Metric | Service | Target | Actual | Status.
/// <see cref="Actual"/> is always measured in this run (null when it could not be measured; <see cref="Detail"/> says why).
/// </summary>
public sealed record Measurement(Metric Metric, string? Service, Target? Target, double? Actual, MeasurementStatus Status)
{
    public Unit Unit => Metric.Unit;

    public string? Detail { get; init; }

    /// <summary>What the row is made of, line by line (the first matching log lines of <c>log_errors</c>); shown under the row.</summary>
    public IReadOnlyList<string> Evidence { get; init; } = [];

    public string ActualText => Actual is { } value ? Units.Format(value, Unit) : "not measured";

    public static Measurement Evaluate(Metric metric, string? service, Target? target, double? actual, string? detail = null)
    {
        var status = target is null ? MeasurementStatus.Info
            : actual is { } value && target.IsMetBy(value) ? MeasurementStatus.Pass
            : MeasurementStatus.Fail;
        return new Measurement(metric, service, target, actual, status) { Detail = detail };
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
