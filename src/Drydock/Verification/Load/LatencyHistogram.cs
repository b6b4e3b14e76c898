using System.Numerics;
using System.Runtime.CompilerServices;

namespace Drydock.Verification.Load;

/// <summary>
/// A high-dynamic-range histogram of non-negative integer values (latencies in nanoseconds): log-linear buckets,
/// each power of two split into linear sub-buckets, so every recorded value keeps <see cref="SignificantDigits"/>
/// significant decimal digits whatever its magnitude. Memory depends only on the configured range and precision,
/// never on how many values are recorded. Recording is lock-free and safe from many threads at once.
/// </summary>
/// <remarks>
/// The layout is the classic HDR one: bucket 0 covers [0, 2·S) with unit resolution (S = half the sub-bucket count),
/// bucket k (k ≥ 1) covers [S·2^k, S·2^(k+1)) with resolution 2^k, and only its upper half is stored.
/// Percentiles use the nearest-rank definition and return the highest value equivalent to the bucket that holds it,
/// so they never understate a latency.
/// </remarks>
public sealed class LatencyHistogram
{
    private readonly long[] _counts;
    private readonly int _subBucketHalfCountMagnitude;
    private readonly int _subBucketHalfCount;
    private readonly long _subBucketMask;
    private readonly int _unitMagnitude;
    private long _totalCount;
    private long _sum;
    private long _min = long.MaxValue;
    private long _max = long.MinValue;
    private long _clampedCount;

    /// <param name="lowestDiscernibleValue">The smallest value told apart from 0 (a power of two is exact; others round down).</param>
    /// <param name="highestTrackableValue">Larger values are recorded as this value and counted in <see cref="ClampedCount"/>.</param>
    /// <param name="significantDigits">Decimal digits of precision kept for every value, 1 to 5.</param>
    public LatencyHistogram(long lowestDiscernibleValue = 1, long highestTrackableValue = 3_600_000_000_000, int significantDigits = 3)
    {
        if (lowestDiscernibleValue < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(lowestDiscernibleValue), "must be at least 1");
        }
        if (highestTrackableValue < 2 * lowestDiscernibleValue)
        {
            throw new ArgumentOutOfRangeException(nameof(highestTrackableValue), "must be at least twice the lowest discernible value");
        }
        if (significantDigits is < 1 or > 5)
        {
            throw new ArgumentOutOfRangeException(nameof(significantDigits), "must be between 1 and 5");
        }
        LowestDiscernibleValue = lowestDiscernibleValue;
        HighestTrackableValue = highestTrackableValue;
        SignificantDigits = significantDigits;

        // Enough linear sub-buckets that one step is at most 10^-digits of the values it holds.
        var largestSingleUnitValue = 2 * (long)Math.Pow(10, significantDigits);
        var subBucketCountMagnitude = (int)Math.Ceiling(Math.Log2(largestSingleUnitValue));
        _subBucketHalfCountMagnitude = Math.Max(subBucketCountMagnitude, 1) - 1;
        _unitMagnitude = BitOperations.Log2((ulong)lowestDiscernibleValue);
        var subBucketCount = 1 << (_subBucketHalfCountMagnitude + 1);
        _subBucketHalfCount = subBucketCount / 2;
        _subBucketMask = ((long)subBucketCount - 1) << _unitMagnitude;

        var bucketCount = 1;
        var smallestUntrackable = (long)subBucketCount << _unitMagnitude;
        while (smallestUntrackable <= highestTrackableValue)
        {
            if (smallestUntrackable > long.MaxValue / 2)
            {
                bucketCount++;
                break;
            }
            smallestUntrackable <<= 1;
            bucketCount++;
        }
        _counts = new long[(bucketCount + 1) * _subBucketHalfCount];
    }

    public long LowestDiscernibleValue { get; }

    public long HighestTrackableValue { get; }

    public int SignificantDigits { get; }

    public long TotalCount => Volatile.Read(ref _totalCount);

    /// <summary>Values above <see cref="HighestTrackableValue"/> (recorded as that value).</summary>
    public long ClampedCount => Volatile.Read(ref _clampedCount);

    /// <summary>Exact smallest recorded value (0 when empty).</summary>
    public long Min => TotalCount == 0 ? 0 : Volatile.Read(ref _min);

    /// <summary>Exact largest recorded value (0 when empty).</summary>
    public long Max => TotalCount == 0 ? 0 : Volatile.Read(ref _max);

    /// <summary>Exact mean of the recorded values (0 when empty).</summary>
    public double Mean => TotalCount == 0 ? 0 : (double)Volatile.Read(ref _sum) / TotalCount;

    /// <summary>Bytes held by the counts: fixed at construction.</summary>
    public int FootprintBytes => _counts.Length * sizeof(long);

    public void Record(long value) => Record(value, 1);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Record(long value, long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        if (count <= 0)
        {
            return;
        }
        if (value > HighestTrackableValue)
        {
            Interlocked.Add(ref _clampedCount, count);
            value = HighestTrackableValue;
        }
        Interlocked.Add(ref _counts[CountsIndexFor(value)], count);
        Interlocked.Add(ref _totalCount, count);
        Interlocked.Add(ref _sum, value * count);
        UpdateMin(value);
        UpdateMax(value);
    }

    /// <summary>The value at <paramref name="percentile"/> (0 to 100), nearest rank; 0 when empty.</summary>
    public long ValueAtPercentile(double percentile)
    {
        if (double.IsNaN(percentile) || percentile < 0 || percentile > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), "must be between 0 and 100");
        }
        var total = TotalCount;
        if (total == 0)
        {
            return 0;
        }
        if (percentile == 0)
        {
            return Min;
        }
        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100 * total));
        rank = Math.Min(rank, total);
        long seen = 0;
        for (var index = 0; index < _counts.Length; index++)
        {
            seen += Volatile.Read(ref _counts[index]);
            if (seen >= rank)
            {
                // The exact extremes are known: never report beyond them.
                var value = HighestEquivalentValue(ValueFromIndex(index));
                long min = Min, max = Max;
                return min <= max ? Math.Clamp(value, min, max) : value;
            }
        }
        return Max;
    }

    /// <summary>Adds every value of <paramref name="other"/> (any layout) into this histogram.</summary>
    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.TotalCount == 0)
        {
            return;
        }
        var sameLayout = other._counts.Length == _counts.Length && other._unitMagnitude == _unitMagnitude
            && other._subBucketHalfCountMagnitude == _subBucketHalfCountMagnitude && other.HighestTrackableValue == HighestTrackableValue;
        if (sameLayout)
        {
            for (var index = 0; index < _counts.Length; index++)
            {
                var count = Volatile.Read(ref other._counts[index]);
                if (count != 0)
                {
                    Interlocked.Add(ref _counts[index], count);
                }
            }
            Interlocked.Add(ref _totalCount, other.TotalCount);
            Interlocked.Add(ref _sum, Volatile.Read(ref other._sum));
            Interlocked.Add(ref _clampedCount, other.ClampedCount);
            UpdateMin(other.Min);
            UpdateMax(other.Max);
            return;
        }
        var recordedSum = 0L;
        for (var index = 0; index < other._counts.Length; index++)
        {
            var count = Volatile.Read(ref other._counts[index]);
            if (count != 0)
            {
                var value = other.ValueFromIndex(index);
                Record(value, count);
                recordedSum += value * count;
            }
        }
        // Keep the exact extremes and mean of the source rather than their bucket approximations.
        Interlocked.Add(ref _sum, Volatile.Read(ref other._sum) - recordedSum);
        UpdateMin(other.Min);
        UpdateMax(Math.Min(other.Max, HighestTrackableValue));
    }

    /// <summary>Every non-empty bucket in value order: the highest value it holds and how many values it counted.</summary>
    public IEnumerable<(long Value, long Count)> RecordedValues()
    {
        for (var index = 0; index < _counts.Length; index++)
        {
            var count = Volatile.Read(ref _counts[index]);
            if (count != 0)
            {
                yield return (HighestEquivalentValue(ValueFromIndex(index)), count);
            }
        }
    }

    /// <summary>Forgets every value; the memory is kept. Not atomic with concurrent recording.</summary>
    public void Reset()
    {
        Array.Clear(_counts);
        Volatile.Write(ref _totalCount, 0);
        Volatile.Write(ref _sum, 0);
        Volatile.Write(ref _clampedCount, 0);
        Volatile.Write(ref _min, long.MaxValue);
        Volatile.Write(ref _max, long.MinValue);
    }

    public LatencyHistogram Copy()
    {
        var copy = new LatencyHistogram(LowestDiscernibleValue, HighestTrackableValue, SignificantDigits);
        copy.Add(this);
        return copy;
    }

    /// <summary>The smallest value that lands in the same bucket as <paramref name="value"/>.</summary>
    public long LowestEquivalentValue(long value)
    {
        var bucketIndex = BucketIndexFor(value);
        var subBucketIndex = SubBucketIndexFor(value, bucketIndex);
        return (long)subBucketIndex << (bucketIndex + _unitMagnitude);
    }

    /// <summary>The largest value that lands in the same bucket as <paramref name="value"/>.</summary>
    public long HighestEquivalentValue(long value) => LowestEquivalentValue(value) + EquivalentRangeSize(value) - 1;

    private long EquivalentRangeSize(long value)
    {
        var bucketIndex = BucketIndexFor(value);
        var subBucketIndex = SubBucketIndexFor(value, bucketIndex);
        var adjustedBucket = subBucketIndex >= 2 * _subBucketHalfCount ? bucketIndex + 1 : bucketIndex;
        return 1L << (_unitMagnitude + adjustedBucket);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int BucketIndexFor(long value)
    {
        // Position of the highest set bit, counting the sub-bucket range as one unit.
        var pow2Ceiling = 64 - BitOperations.LeadingZeroCount((ulong)(value | _subBucketMask));
        return pow2Ceiling - _unitMagnitude - (_subBucketHalfCountMagnitude + 1);
    }

    private int SubBucketIndexFor(long value, int bucketIndex) => (int)(value >> (bucketIndex + _unitMagnitude));

    private int CountsIndexFor(long value)
    {
        var bucketIndex = BucketIndexFor(value);
        var subBucketIndex = SubBucketIndexFor(value, bucketIndex);
        var bucketBase = (bucketIndex + 1) << _subBucketHalfCountMagnitude;
        return bucketBase + (subBucketIndex - _subBucketHalfCount);
    }

    private long ValueFromIndex(int index)
    {
        var bucketIndex = (index >> _subBucketHalfCountMagnitude) - 1;
        var subBucketIndex = (index & (_subBucketHalfCount - 1)) + _subBucketHalfCount;
        if (bucketIndex < 0)
        {
            subBucketIndex -= _subBucketHalfCount;
            bucketIndex = 0;
        }
        return (long)subBucketIndex << (bucketIndex + _unitMagnitude);
    }

    private void UpdateMin(long value)
    {
        var current = Volatile.Read(ref _min);
        while (value < current)
        {
            var seen = Interlocked.CompareExchange(ref _min, value, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }

    private void UpdateMax(long value)
    {
        var current = Volatile.Read(ref _max);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref _max, value, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }
}
