using Drydock.Measurements;
using Drydock.Verification.Load.Thresholds;

namespace Drydock.Verification.Load;

/// <summary>What a load step produced: the full result and one measurement row per threshold.</summary>
public sealed record LoadRunOutcome(LoadResult Result, IReadOnlyList<Measurement> Measurements)
{
    /// <summary>True when every threshold passed (or there were none).</summary>
    public bool Passed => Measurements.All(measurement => measurement.Status != MeasurementStatus.Fail);
}

/// <summary>
/// The entry point for a load step (drydock.yml → <c>verify</c>): run load against a service's port published on
/// 127.0.0.1 and judge it against k6 thresholds.
/// </summary>
/// <example>
/// <code>
/// var thresholds = K6ThresholdParser.Parse(section["thresholds"]!);   // spans point into drydock.yml
/// var outcome = await LoadTest.RunAsync(new LoadOptions
/// {
///     Target = new Uri("http://127.0.0.1:8080"), Path = "/health",
///     Model = LoadModel.Closed, Connections = 50,
///     Duration = TimeSpan.FromSeconds(10), MaxRequests = 100_000, WarmUp = TimeSpan.FromSeconds(1),
/// }, thresholds, service: "api", cancellationToken);
/// report.Measurements.AddRange(outcome.Measurements);
/// </code>
/// </example>
public static class LoadTest
{
    /// <exception cref="DrydockException">Invalid options, or a target other than 127.0.0.1.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; every connection is closed.</exception>
    public static async Task<LoadRunOutcome> RunAsync(
        LoadOptions options,
        IReadOnlyList<K6Threshold> thresholds,
        string? service = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(thresholds);
        var result = await LoadGenerator.RunAsync(options, cancellationToken).ConfigureAwait(false);
        return new LoadRunOutcome(result, K6ThresholdEvaluator.Evaluate(result, thresholds, service));
    }
}
