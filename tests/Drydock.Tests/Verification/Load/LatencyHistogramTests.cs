using Drydock.Verification.Load;
using FsCheck;
using FsCheck.Fluent;

namespace Drydock.Tests.Verification.Load;

public sealed class LatencyHistogramTests
{
    private static readonly double[] Percentiles = [0, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100];

    /// <summary>Latency-like values: log-uniform from 1 ns to about 10 minutes, so every bucket magnitude is hit.</summary>
    private static readonly Gen<long> Values =
        Gen.Choose(0, 11_800).Select(exponent => (long)Math.Pow(10, exponent / 1000.0));

    /// <summary>The nearest-rank percentile of sorted values: the smallest value with at least p% of values at or below it.</summary>
    private static long Exact(long[] sorted, double percentile) =>
        percentile == 0 ? sorted[0] : sorted[Math.Max(1, (int)Math.Ceiling(percentile / 100 * sorted.Length)) - 1];

    [Fact]
    public void Percentiles_match_the_exact_sorted_values_within_the_precision_on_random_data()
    {
        var cases = Gen.Choose(1, 4).SelectMany(digits => Gen.ArrayOf(Values).Where(values => values.Length > 0).Select(values => (digits, values)));
        Prop.ForAll(Arb.From(cases), ((int Digits, long[] Values) sample) =>
        {
            var histogram = new LatencyHistogram(significantDigits: sample.Digits);
            foreach (var value in sample.Values)
            {
                histogram.Record(value);
            }
            var sorted = sample.Values.Order().ToArray();
            var precision = Math.Pow(10, -sample.Digits);
            foreach (var percentile in Percentiles)
            {
                var exact = Exact(sorted, percentile);
                var estimate = histogram.ValueAtPercentile(percentile);
                // Never below the exact value, and above it by at most one unit of the kept precision.
                if (estimate < exact || estimate - exact > exact * precision)
                {
                    return false;
                }
            }
            return histogram.TotalCount == sorted.Length && histogram.Min == sorted[0] && histogram.Max == sorted[^1]
                && Math.Abs(histogram.Mean - sorted.Average(value => (double)value)) <= 1e-6 * Math.Max(1, sorted[^1]);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void A_large_run_keeps_three_digits_at_every_percentile()
    {
        var random = new Random(8);
        var values = new long[200_000];
        for (var index = 0; index < values.Length; index++)
        {
            // Mostly fast answers around 200 µs, with a tail of slow ones up to 2 s.
            values[index] = index % 100 == 0 ? random.NextInt64(1_000_000, 2_000_000_000) : random.NextInt64(100_000, 300_000);
        }
        var histogram = new LatencyHistogram();
        foreach (var value in values)
        {
            histogram.Record(value);
        }
        Array.Sort(values);
        foreach (var percentile in Percentiles)
        {
            var exact = Exact(values, percentile);
            histogram.ValueAtPercentile(percentile).ShouldBeInRange(exact, exact + exact / 1000);
        }
    }

    [Fact]
    public void Memory_does_not_grow_with_the_number_of_values()
    {
        var histogram = new LatencyHistogram();
        var footprint = histogram.FootprintBytes;
        footprint.ShouldBeLessThan(300 * 1024);
        for (var value = 0L; value < 2_000_000; value++)
        {
            histogram.Record(value * 1_000);
        }
        histogram.FootprintBytes.ShouldBe(footprint);
        histogram.TotalCount.ShouldBe(2_000_000);
    }

    [Fact]
    public void Merging_equals_recording_everything_in_one()
    {
        var random = new Random(3);
        var all = new LatencyHistogram();
        var left = new LatencyHistogram();
        var right = new LatencyHistogram();
        for (var index = 0; index < 10_000; index++)
        {
            var value = random.NextInt64(1, 5_000_000_000);
            all.Record(value);
            (index % 3 == 0 ? left : right).Record(value);
        }
        var merged = left.Copy();
        merged.Add(right);

        merged.TotalCount.ShouldBe(all.TotalCount);
        merged.Min.ShouldBe(all.Min);
        merged.Max.ShouldBe(all.Max);
        merged.Mean.ShouldBe(all.Mean, tolerance: 1e-3);
        foreach (var percentile in Percentiles)
        {
            merged.ValueAtPercentile(percentile).ShouldBe(all.ValueAtPercentile(percentile));
        }
        left.TotalCount.ShouldBeLessThan(all.TotalCount);
    }

    [Fact]
    public void Histograms_of_different_precision_merge_within_the_coarser_one()
    {
        var fine = new LatencyHistogram(significantDigits: 3);
        var coarse = new LatencyHistogram(significantDigits: 2);
        for (var value = 1_000L; value <= 1_000_000; value += 997)
        {
            coarse.Record(value);
            fine.Record(value);
        }
        var merged = new LatencyHistogram(significantDigits: 3);
        merged.Add(coarse);
        merged.TotalCount.ShouldBe(coarse.TotalCount);
        merged.Max.ShouldBe(coarse.Max);
        merged.Mean.ShouldBe(coarse.Mean, tolerance: 1e-6);
        foreach (var percentile in Percentiles)
        {
            var expected = fine.ValueAtPercentile(percentile);
            ((double)merged.ValueAtPercentile(percentile)).ShouldBe(expected, tolerance: expected / 100.0);
        }
    }

    [Fact]
    public void Values_above_the_range_are_clamped_and_counted()
    {
        var histogram = new LatencyHistogram(highestTrackableValue: 1_000_000);
        histogram.Record(5);
        histogram.Record(50_000_000);
        histogram.ClampedCount.ShouldBe(1);
        histogram.Max.ShouldBe(1_000_000);
        histogram.ValueAtPercentile(100).ShouldBe(1_000_000);
    }

    [Fact]
    public void Recording_from_many_threads_loses_nothing()
    {
        var histogram = new LatencyHistogram();
        Parallel.For(0, 4, thread =>
        {
            for (var index = 0; index < 50_000; index++)
            {
                histogram.Record(1_000 + (index % 1_000));
            }
        });
        histogram.TotalCount.ShouldBe(200_000);
        histogram.Min.ShouldBe(1_000);
        histogram.Max.ShouldBe(1_999);
        histogram.ValueAtPercentile(50).ShouldBeInRange(1_497, 1_501);
    }

    [Fact]
    public void An_empty_histogram_answers_zero_and_reset_forgets()
    {
        var histogram = new LatencyHistogram();
        histogram.ValueAtPercentile(99).ShouldBe(0);
        histogram.Mean.ShouldBe(0);
        histogram.Record(42);
        histogram.Reset();
        histogram.TotalCount.ShouldBe(0);
        histogram.Max.ShouldBe(0);
        histogram.ValueAtPercentile(50).ShouldBe(0);
        Should.Throw<ArgumentOutOfRangeException>(() => histogram.ValueAtPercentile(101));
        Should.Throw<ArgumentOutOfRangeException>(() => histogram.Record(-1));
        Should.Throw<ArgumentOutOfRangeException>(() => new LatencyHistogram(significantDigits: 6));
    }
}
