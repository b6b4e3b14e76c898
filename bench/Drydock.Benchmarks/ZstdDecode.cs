using System.Diagnostics;
using System.Globalization;
using Drydock.Images.Layers;

namespace Drydock.Benchmarks;

/// <summary>
/// bench/zstd: decodes one zstd file to nothing, alternating the managed candidate (ZstdSharp.Port,
/// <see cref="ManagedZstdDecompressionStream"/>) and Drydock's libzstd P/Invoke stream (<see cref="ZstdDecompressionStream"/>),
/// N rounds; prints each time and the medians.
/// </summary>
public static class ZstdDecode
{
    public static void Run(string path, int rounds)
    {
        var managed = new List<double>();
        var native = new List<double>();
        long bytes = 0;
        for (var round = 0; round < rounds; round++)
        {
            bytes = Time(path, raw => new ManagedZstdDecompressionStream(raw), managed);
            Time(path, raw => new ZstdDecompressionStream(raw), native);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"decoded {bytes} bytes from {new FileInfo(path).Length} ({path}), {rounds} rounds"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"managed (ZstdSharp.Port): {string.Join(" ", managed.Select(s => s.ToString("0.000", CultureInfo.InvariantCulture)))} s, median {Median(managed):0.000} s, {bytes / Median(managed) / 1e6:0} MB/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"libzstd (P/Invoke):       {string.Join(" ", native.Select(s => s.ToString("0.000", CultureInfo.InvariantCulture)))} s, median {Median(native):0.000} s, {bytes / Median(native) / 1e6:0} MB/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"managed / libzstd: {Median(managed) / Median(native):0.00}"));
    }

    private static long Time(string path, Func<Stream, Stream> open, List<double> seconds)
    {
        var buffer = new byte[1 << 18];
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var watch = Stopwatch.StartNew();
        long total = 0;
        using (var stream = open(file))
        {
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                total += read;
            }
        }
        seconds.Add(watch.Elapsed.TotalSeconds);
        return total;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
