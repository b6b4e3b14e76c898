using System.Diagnostics;
using System.Globalization;
using Drydock.Verification.Load;

// Usage: Drydock.LoadBench URL CONNECTIONS DURATION_S WARMUP_S [sockets|handler]
//   sockets: Drydock's load generator (closed model), the code under test.
//   handler: the same closed loop on HttpClient + SocketsHttpHandler, to compare the two client stacks.
if (args.Length < 4)
{
    Console.Error.WriteLine("usage: Drydock.LoadBench URL CONNECTIONS DURATION_S WARMUP_S [sockets|handler]");
    return 2;
}
var url = new Uri(args[0]);
var connections = int.Parse(args[1], CultureInfo.InvariantCulture);
var duration = TimeSpan.FromSeconds(double.Parse(args[2], CultureInfo.InvariantCulture));
var warmUp = TimeSpan.FromSeconds(double.Parse(args[3], CultureInfo.InvariantCulture));
var client = args.Length > 4 ? args[4] : "sockets";

double requestsPerSecond, p50, p99, cores;
long errors;
if (client == "sockets")
{
    var result = await LoadGenerator.RunAsync(new LoadOptions
    {
        Target = url,
        Model = LoadModel.Closed,
        Connections = connections,
        Duration = duration,
        WarmUp = warmUp,
        MaxRequests = 1_000_000_000,
    });
    requestsPerSecond = result.Throughput;
    p50 = result.Latency.P50Ms;
    p99 = result.Latency.P99Ms;
    cores = result.Generator.Cores;
    errors = result.Errors.Total;
    foreach (var warning in result.Warnings)
    {
        Console.Error.WriteLine($"warning: {warning}");
    }
}
else
{
    (requestsPerSecond, p50, p99, cores, errors) = await HandlerLoop.RunAsync(url, connections, duration, warmUp);
}
Console.WriteLine(FormattableString.Invariant($"rps={requestsPerSecond:0.0}"));
Console.WriteLine(FormattableString.Invariant($"p50_ms={p50:0.000}"));
Console.WriteLine(FormattableString.Invariant($"p99_ms={p99:0.000}"));
Console.WriteLine(FormattableString.Invariant($"cpu_cores={cores:0.00}"));
Console.WriteLine(FormattableString.Invariant($"errors={errors}"));
return 0;

/// <summary>A closed loop of N tasks on one HttpClient limited to N connections: the SocketsHttpHandler baseline.</summary>
internal static class HandlerLoop
{
    public static async Task<(double Rps, double P50, double P99, double Cores, long Errors)> RunAsync(Uri url, int connections, TimeSpan duration, TimeSpan warmUp)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseProxy = false, UseCookies = false, AutomaticDecompression = System.Net.DecompressionMethods.None };
        using var http = new HttpClient(handler);
        var histogram = new LatencyHistogram();
        long completed = 0, errors = 0;
        var start = Stopwatch.GetTimestamp();
        var measureStart = start + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
        var end = measureStart + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var loops = Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var sent = Stopwatch.GetTimestamp();
                if (sent >= end)
                {
                    return;
                }
                try
                {
                    using var response = await http.GetAsync(url, HttpCompletionOption.ResponseContentRead);
                    var done = Stopwatch.GetTimestamp();
                    if (sent >= measureStart)
                    {
                        histogram.Record((long)((done - sent) * 1e9 / Stopwatch.Frequency));
                        Interlocked.Increment(ref completed);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })).ToArray();
        await Task.WhenAll(loops);
        var wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var cores = (Environment.CpuUsage.TotalTime - cpuBefore).TotalSeconds / wall;
        return (completed / duration.TotalSeconds, histogram.ValueAtPercentile(50) / 1e6, histogram.ValueAtPercentile(99) / 1e6, cores, errors);
    }
}
