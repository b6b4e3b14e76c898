namespace Drydock.Verification.Load;

public enum LoadModel
{
    /// <summary>A fixed request rate, whatever the service does; latency counts from each request's intended send time.</summary>
    Open,

    /// <summary>N connections, each sending its next request as soon as the previous answer arrived.</summary>
    Closed,
}

/// <summary>
/// One load run: where, how hard, how long. Every run is bounded twice, by <see cref="Duration"/> and by
/// <see cref="MaxRequests"/>, whichever comes first; <see cref="WarmUp"/> runs before both and is not measured.
/// </summary>
public sealed record LoadOptions
{
    /// <summary>Hard limits, so a typo in drydock.yml cannot start an endless or absurd run.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(1);

    public const int MaxConnections = 10_000;

    public const double MaxRate = 1_000_000;

    /// <summary><c>http://127.0.0.1:PORT</c>, optionally with a path; nothing but 127.0.0.1 is accepted.</summary>
    public required Uri Target { get; init; }

    public LoadModel Model { get; init; } = LoadModel.Closed;

    /// <summary>Requests per second; required by the open model, ignored by the closed one.</summary>
    public double? Rate { get; init; }

    /// <summary>
    /// Closed model: the number of connections, each with one request in flight. Open model: the most connections
    /// used at once (default: enough for the rate at 100 ms per request, between 2 and 256); a request due while
    /// all are busy waits for one, and that wait counts in its latency.
    /// </summary>
    public int? Connections { get; init; }

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The most measured requests; warm-up requests do not count.</summary>
    public long MaxRequests { get; init; } = 1_000_000;

    public TimeSpan WarmUp { get; init; } = TimeSpan.Zero;

    public string Method { get; init; } = "GET";

    /// <summary>Path and query; null uses the target URL's own path.</summary>
    public string? Path { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>A request with no complete answer after this is a timeout error (its connection is closed).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Runs the closed model on one task per connection even where the epoll event loop is available (the loop used
    /// where it is not), so tests cover both.
    /// </summary>
    internal bool ClosedModelOnTasks { get; init; }

    /// <summary>The connection count this run uses.</summary>
    public int EffectiveConnections => Connections ?? Model switch
    {
        LoadModel.Open => (int)Math.Clamp(Math.Ceiling((Rate ?? 0) / 10), 2, 256),
        _ => 10,
    };

    /// <summary>Throws a <see cref="DrydockException"/> naming the first thing wrong.</summary>
    public void Validate()
    {
        LoadTarget.Check(Target);
        if (Model == LoadModel.Open)
        {
            if (Rate is not { } rate || double.IsNaN(rate) || rate <= 0 || rate > MaxRate)
            {
                throw new DrydockException($"the open load model needs a rate above 0 and at most {MaxRate:0} requests per second.",
                    fix: "set rate, e.g. rate: 200 (requests per second), or use the closed model with a connection count.");
            }
        }
        if (EffectiveConnections is < 1 or > MaxConnections)
        {
            throw new DrydockException($"load connections must be between 1 and {MaxConnections}, not {EffectiveConnections}.");
        }
        if (Duration <= TimeSpan.Zero || Duration > MaxDuration)
        {
            throw new DrydockException($"load duration must be above 0 and at most {MaxDuration.TotalMinutes:0} minutes, not {Duration}.");
        }
        if (MaxRequests < 1)
        {
            throw new DrydockException($"load max_requests must be at least 1, not {MaxRequests}.");
        }
        if (WarmUp < TimeSpan.Zero || WarmUp > MaxDuration)
        {
            throw new DrydockException($"load warm-up must be between 0 and {MaxDuration.TotalMinutes:0} minutes, not {WarmUp}.");
        }
        if (RequestTimeout <= TimeSpan.Zero || RequestTimeout > TimeSpan.FromMinutes(10))
        {
            throw new DrydockException($"load request timeout must be above 0 and at most 10 minutes, not {RequestTimeout}.");
        }
    }
}
