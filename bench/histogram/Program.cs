using System.Diagnostics;
using System.Globalization;
using Drydock.Verification.Load;
using HdrHistogram;

// Run: dotnet run -c Release --project bench/histogram. Two threads record 5 M latencies each into one histogram, as
// the load generator's event-loop threads do; best of five rounds. Then the answers that differ.
const int PerThread = 5_000_000;
var values = new long[PerThread];
var random = new Random(42);
for (var i = 0; i < values.Length; i++)
{
    values[i] = 200_000 + (long)(random.NextDouble() * random.NextDouble() * 50_000_000);
}

var ours = new LatencyHistogram();
var concurrent = new LongConcurrentHistogram(1, 3_600_000_000_000, 3);
Print("Drydock LatencyHistogram (lock-free)", Run(value => ours.Record(value)));
Print("HdrHistogram LongConcurrentHistogram", Run(value => concurrent.RecordValue(value)));
Print("p99, ns", ours.ValueAtPercentile(99), concurrent.GetValueAtPercentile(99));
Print("footprint, bytes", ours.FootprintBytes, concurrent.GetEstimatedFootprintInBytes());

var small = new LatencyHistogram();
var smallHdr = new LongConcurrentHistogram(1, 3_600_000_000_000, 3);
for (long value = 1; value <= 10; value++)
{
    small.Record(value);
    smallHdr.RecordValue(value);
}
Print("p14 of 1..10 (nearest rank is 2)", small.ValueAtPercentile(14), smallHdr.GetValueAtPercentile(14));
var one = new LatencyHistogram();
var oneHdr = new LongConcurrentHistogram(1, 3_600_000_000_000, 3);
one.Record(1_000_001);
oneHdr.RecordValue(1_000_001);
Print("max of one 1000001 ns", one.Max, oneHdr.GetMaxValue());
Print("mean of one 1000001 ns", one.Mean, oneHdr.GetMean());

double Run(Action<long> record)
{
    var best = double.MaxValue;
    for (var round = 0; round < 5; round++)
    {
        var watch = Stopwatch.StartNew();
        Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, _ =>
        {
            foreach (var value in values)
            {
                record(value);
            }
        });
        best = Math.Min(best, watch.Elapsed.TotalNanoseconds / (2.0 * PerThread));
    }
    return best;
}

static void Print(string what, double ours, double? theirs = null) =>
    Console.WriteLine(theirs is null
        ? $"{what}: {ours.ToString("0.0", CultureInfo.InvariantCulture)} ns/record"
        : $"{what}: drydock {ours.ToString("0.###", CultureInfo.InvariantCulture)}, HdrHistogram {theirs.Value.ToString("0.###", CultureInfo.InvariantCulture)}");
