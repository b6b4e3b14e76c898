using Drydock.Measurements;

namespace Drydock.Verification.Load.Thresholds;

/// <summary>
/// Turns k6 thresholds into measurement rows of a load run: metric <c>http_req_duration p(95)</c>, the threshold as
/// the target, the measured value as the actual. Values follow k6: trends in milliseconds, <c>http_req_failed</c> as a
/// share from 0 to 1, counters as totals and per-second rates over the measured window.
/// </summary>
public static class K6ThresholdEvaluator
{
    public static IReadOnlyList<Measurement> Evaluate(LoadResult result, IEnumerable<K6Threshold> thresholds, string? service = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(thresholds);
        return thresholds.Select(threshold => Evaluate(result, threshold, service)).ToList();
    }

    public static Measurement Evaluate(LoadResult result, K6Threshold threshold, string? service = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(threshold);
        var actual = ValueOf(result, threshold);
        var detail = actual is null
            ? $"no answers were measured for {threshold.Metric.Name} ({result.Sent} requests sent, {result.Errors.Transport} transport errors)"
            : null;
        return Measurement.Evaluate(threshold.MeasurementMetric, service, threshold.ToTarget(service), actual, detail);
    }

    /// <summary>The measured value a threshold compares; null when there is nothing to aggregate (no answers).</summary>
    public static double? ValueOf(LoadResult result, K6Threshold threshold)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(threshold);
        var metric = threshold.Metric;
        if (metric.Type == K6MetricType.Trend)
        {
            var histogram = metric == K6Metric.HttpReqWaiting ? result.TimeToFirstByteHistogram : result.LatencyHistogram;
            if (histogram.TotalCount == 0)
            {
                return null;
            }
            var nanoseconds = threshold.Aggregation switch
            {
                K6Aggregation.Avg => histogram.Mean,
                K6Aggregation.Min => histogram.Min,
                K6Aggregation.Max => histogram.Max,
                K6Aggregation.Med => histogram.ValueAtPercentile(50),
                _ => histogram.ValueAtPercentile(threshold.Percentile ?? 50),
            };
            return nanoseconds / LatencySummary.NanosPerMs;
        }
        if (metric.Type == K6MetricType.Rate)
        {
            return result.Sent == 0 ? null : result.FailedRate;
        }
        double total = metric.Name switch
        {
            "dropped_iterations" => result.Dropped,
            "data_sent" => result.BytesSent,
            "data_received" => result.BytesReceived,
            _ => result.Sent,
        };
        return threshold.Aggregation == K6Aggregation.Count ? total : total / Math.Max(result.ElapsedSeconds, 1e-9);
    }
}
