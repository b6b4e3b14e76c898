using System.Text.Json.Nodes;

namespace Drydock.Verification.Load;

/// <summary>One bar of a latency histogram: answers slower than the previous bound, up to <see cref="UpToMs"/>.</summary>
public sealed record LatencyBucket(double UpToMs, long Count);

/// <summary>
/// A recorded latency distribution folded into few, fixed, readable buckets for report.json and the HTML chart: the
/// Renard R10 series (ten steps a decade, 1, 1.25, 1.6, 2, 2.5, 3.15, 4, 5, 6.3, 8, each about 26% wider than the last),
/// from 10 µs up. Fixed bounds make the buckets of two runs line up, so a baseline's can be drawn behind them.
/// </summary>
public static class LatencyBuckets
{
    private static readonly double[] Steps = [1, 1.25, 1.6, 2, 2.5, 3.15, 4, 5, 6.3, 8];

    /// <summary>Buckets from the first to the last non-empty one (empty ones between kept, so the shape reads right).</summary>
    public static IReadOnlyList<LatencyBucket> From(LatencyHistogram histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var counts = new SortedDictionary<int, long>();
        foreach (var (value, count) in histogram.RecordedValues())
        {
            var bucket = IndexOf(value / LatencySummary.NanosPerMs);
            counts[bucket] = counts.GetValueOrDefault(bucket) + count;
        }
        if (counts.Count == 0)
        {
            return [];
        }
        var first = counts.Keys.First();
        var last = counts.Keys.Last();
        return [.. Enumerable.Range(first, last - first + 1).Select(index => new LatencyBucket(Bound(index), counts.GetValueOrDefault(index)))];
    }

    public static JsonArray ToJson(IReadOnlyList<LatencyBucket> buckets) =>
        new([.. buckets.Select(bucket => (JsonNode?)new JsonObject { ["upToMs"] = bucket.UpToMs, ["count"] = bucket.Count })]);

    /// <summary>The upper bound, in ms, of bucket <paramref name="index"/>: bucket 0 ends at 0.01 ms.</summary>
    public static double Bound(int index) => Math.Round(Steps[index % Steps.Length] * Math.Pow(10, (index / Steps.Length) - 2), 6);

    /// <summary>The first bucket whose bound is at least <paramref name="milliseconds"/>.</summary>
    public static int IndexOf(double milliseconds)
    {
        var index = 0;
        while (Bound(index) < milliseconds && index < 200)
        {
            index++;
        }
        return index;
    }
}
