using System.Globalization;
using System.Text.Json.Nodes;

namespace Drydock.Verification.Load;

/// <summary>Percentiles of one latency distribution, in milliseconds.</summary>
public sealed record LatencySummary(long Count, double MinMs, double MeanMs, double P50Ms, double P90Ms, double P95Ms, double P99Ms, double P999Ms, double MaxMs)
{
    public static LatencySummary From(LatencyHistogram histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        return new LatencySummary(
            histogram.TotalCount,
            Ms(histogram.Min),
            histogram.Mean / NanosPerMs,
            Ms(histogram.ValueAtPercentile(50)),
            Ms(histogram.ValueAtPercentile(90)),
            Ms(histogram.ValueAtPercentile(95)),
            Ms(histogram.ValueAtPercentile(99)),
            Ms(histogram.ValueAtPercentile(99.9)),
            Ms(histogram.Max));
    }

    internal const double NanosPerMs = 1_000_000;

    internal static double Ms(long nanoseconds) => nanoseconds / NanosPerMs;

    public JsonObject ToJson() => new()
    {
        ["count"] = Count,
        ["minMs"] = Round(MinMs),
        ["meanMs"] = Round(MeanMs),
        ["p50Ms"] = Round(P50Ms),
        ["p90Ms"] = Round(P90Ms),
        ["p95Ms"] = Round(P95Ms),
        ["p99Ms"] = Round(P99Ms),
        ["p999Ms"] = Round(P999Ms),
        ["maxMs"] = Round(MaxMs),
    };

    internal static double Round(double value) => Math.Round(value, 3);
}

/// <summary>Answers by status class.</summary>
public sealed record StatusClasses(long Informational, long Success, long Redirection, long ClientError, long ServerError)
{
    public JsonObject ToJson() => new()
    {
        ["1xx"] = Informational,
        ["2xx"] = Success,
        ["3xx"] = Redirection,
        ["4xx"] = ClientError,
        ["5xx"] = ServerError,
    };
}

/// <summary>Failed requests by kind: transport failures, then answers with an error status.</summary>
public sealed record ErrorCounts(long Connect, long Write, long Read, long Timeout, long Status4xx, long Status5xx)
{
    public long Transport => Connect + Write + Read + Timeout;

    public long Total => Transport + Status4xx + Status5xx;

    public JsonObject ToJson() => new()
    {
        ["connect"] = Connect,
        ["write"] = Write,
        ["read"] = Read,
        ["timeout"] = Timeout,
        ["4xx"] = Status4xx,
        ["5xx"] = Status5xx,
    };
}

/// <summary>
/// One second of the measured window (second 0 starts when warm-up ends), by the time requests finished: how many,
/// how many failed, and the latency of the answers in it. Seconds with no answers have zero latencies.
/// </summary>
public sealed record TimelineSecond(int Second, long Requests, long Errors, double P50Ms, double P99Ms, double MaxMs)
{
    public JsonObject ToJson() => new()
    {
        ["second"] = Second,
        ["requests"] = Requests,
        ["errors"] = Errors,
        ["p50Ms"] = LatencySummary.Round(P50Ms),
        ["p99Ms"] = LatencySummary.Round(P99Ms),
        ["maxMs"] = LatencySummary.Round(MaxMs),
    };
}

/// <summary>The generator's own CPU use over the run: process CPU time over wall time.</summary>
public sealed record GeneratorUsage(double CpuSeconds, double WallSeconds, int ProcessorCount)
{
    /// <summary>Cores kept busy on average (1.0 = one whole core).</summary>
    public double Cores => WallSeconds > 0 ? CpuSeconds / WallSeconds : 0;

    /// <summary>Share of the whole machine (all cores), 0 to 100.</summary>
    public double MachinePercent => ProcessorCount > 0 ? 100 * Cores / ProcessorCount : 0;

    public JsonObject ToJson() => new()
    {
        ["cpuSeconds"] = LatencySummary.Round(CpuSeconds),
        ["wallSeconds"] = LatencySummary.Round(WallSeconds),
        ["cores"] = LatencySummary.Round(Cores),
        ["processorCount"] = ProcessorCount,
    };
}

public enum LoadStopReason
{
    /// <summary>The measured duration elapsed.</summary>
    Duration,
    /// <summary>The request count bound was reached first.</summary>
    MaxRequests,
}

/// <summary>
/// Everything one load run measured. Latency (<see cref="Latency"/>) counts from each request's intended send time
/// in the open model (so a stalled service shows in it, as in wrk2) and from the actual send in the closed model;
/// <see cref="ServiceTime"/> always counts from the actual send, and the gap between the two is coordinated omission.
/// </summary>
public sealed record LoadResult
{
    public required string Target { get; init; }

    public required LoadModel Model { get; init; }

    /// <summary>The open model's requests per second; null for the closed model.</summary>
    public double? TargetRate { get; init; }

    public required int Connections { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required double WarmUpSeconds { get; init; }

    /// <summary>From the end of warm-up to the last measured request's end.</summary>
    public required double ElapsedSeconds { get; init; }

    public required LoadStopReason StoppedBy { get; init; }

    /// <summary>Measured requests written (or attempted: a refused connection counts).</summary>
    public required long Sent { get; init; }

    /// <summary>Measured requests that got a whole HTTP answer, whatever its status.</summary>
    public required long Completed { get; init; }

    /// <summary>Open model: requests that were due but never sent, because no connection was free within the request timeout.</summary>
    public required long Dropped { get; init; }

    /// <summary>Requests sent per second: the open model's schedule kept, or the closed model's pace.</summary>
    public required double AchievedRate { get; init; }

    /// <summary>Whole answers per second.</summary>
    public required double Throughput { get; init; }

    public required LatencySummary Latency { get; init; }

    public required LatencySummary ServiceTime { get; init; }

    public required LatencySummary TimeToFirstByte { get; init; }

    /// <summary>Open model: how late requests were written after their intended time (waiting for a free connection).</summary>
    public required LatencySummary SendLag { get; init; }

    public required StatusClasses Statuses { get; init; }

    public required ErrorCounts Errors { get; init; }

    /// <summary>k6's <c>http_req_failed</c>: transport errors plus answers with status 400 or more, over all requests.</summary>
    public double FailedRate => Sent == 0 ? 0 : (double)Errors.Total / Sent;

    public required long BytesSent { get; init; }

    public required long BytesReceived { get; init; }

    /// <summary>Connections opened, including reconnects after the server closed one.</summary>
    public required long ConnectionsOpened { get; init; }

    public required IReadOnlyList<TimelineSecond> Timeline { get; init; }

    public required GeneratorUsage Generator { get; init; }

    /// <summary>Up to five distinct transport error messages, for diagnostics.</summary>
    public required IReadOnlyList<string> ErrorSamples { get; init; }

    /// <summary>Why the numbers may say more about the generator than about the service.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Full distributions, for any percentile a threshold asks for.</summary>
    public required LatencyHistogram LatencyHistogram { get; init; }

    public required LatencyHistogram TimeToFirstByteHistogram { get; init; }

    public JsonObject ToJson()
    {
        var timeline = new JsonArray([.. Timeline.Select(second => (JsonNode)second.ToJson())]);
        var warnings = new JsonArray([.. Warnings.Select(warning => (JsonNode)JsonValue.Create(warning))]);
        var samples = new JsonArray([.. ErrorSamples.Select(sample => (JsonNode)JsonValue.Create(sample))]);
        return new JsonObject
        {
            ["target"] = Target,
            ["model"] = Model == LoadModel.Open ? "open" : "closed",
            ["targetRate"] = TargetRate,
            ["connections"] = Connections,
            ["startedAt"] = StartedAt.ToString("O", CultureInfo.InvariantCulture),
            ["warmUpSeconds"] = LatencySummary.Round(WarmUpSeconds),
            ["elapsedSeconds"] = LatencySummary.Round(ElapsedSeconds),
            ["stoppedBy"] = StoppedBy == LoadStopReason.Duration ? "duration" : "max_requests",
            ["sent"] = Sent,
            ["completed"] = Completed,
            ["dropped"] = Dropped,
            ["achievedRate"] = LatencySummary.Round(AchievedRate),
            ["throughput"] = LatencySummary.Round(Throughput),
            ["failedRate"] = Math.Round(FailedRate, 6),
            ["latency"] = Latency.ToJson(),
            ["serviceTime"] = ServiceTime.ToJson(),
            ["timeToFirstByte"] = TimeToFirstByte.ToJson(),
            ["sendLag"] = SendLag.ToJson(),
            ["statuses"] = Statuses.ToJson(),
            ["errors"] = Errors.ToJson(),
            ["bytesSent"] = BytesSent,
            ["bytesReceived"] = BytesReceived,
            ["connectionsOpened"] = ConnectionsOpened,
            ["generator"] = Generator.ToJson(),
            ["warnings"] = warnings,
            ["errorSamples"] = samples,
            ["timeline"] = timeline,
            ["latencyHistogram"] = LatencyBuckets.ToJson(LatencyBuckets.From(LatencyHistogram)),
        };
    }
}
