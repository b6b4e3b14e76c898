using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Drydock.Verification.Load;

/// <summary>
/// Collects the measured requests of one run from every connection: distributions, counters, and the per-second
/// timeline. Memory is fixed apart from the timeline's one row per second.
/// </summary>
internal sealed class LoadRecorder
{
    private const int MaxErrorSamples = 5;

    private readonly Lock _lock = new();
    private readonly long _measureStart;
    private readonly double _nanosPerTick = 1e9 / Stopwatch.Frequency;

    private readonly LatencyHistogram _latency = new();
    private readonly LatencyHistogram _serviceTime = new();
    private readonly LatencyHistogram _firstByte = new();
    private readonly LatencyHistogram _sendLag = new();
    private readonly LatencyHistogram _second = new();
    private readonly List<TimelineSecond> _timeline = [];
    private readonly List<string> _errorSamples = [];
    private readonly long[] _statusClasses = new long[6];
    private readonly long[] _transportErrors = new long[5];
    private long _sent;
    private long _completed;
    private long _status4xx;
    private long _status5xx;
    private long _bytesSent;
    private long _bytesReceived;
    private long _lastEnd;
    private int _currentSecond;
    private long _secondRequests;
    private long _secondErrors;

    public LoadRecorder(long measureStart)
    {
        _measureStart = measureStart;
        _lastEnd = measureStart;
    }

    public long Sent => Volatile.Read(ref _sent);

    public void CountSent() => Interlocked.Increment(ref _sent);

    /// <param name="exchange">The request and its response (or error).</param>
    /// <param name="intendedAt">When the request was due: its schedule slot (open model) or its actual send (closed).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Record(in Exchange exchange, long intendedAt)
    {
        var failed = exchange.Error != TransportError.None || exchange.Status >= 400;
        lock (_lock)
        {
            if (exchange.Error == TransportError.None)
            {
                _completed++;
                var latency = Nanos(exchange.CompletedAt - intendedAt);
                _latency.Record(latency);
                _serviceTime.Record(Nanos(exchange.CompletedAt - exchange.SentAt));
                if (exchange.FirstByteAt != 0)
                {
                    _firstByte.Record(Nanos(exchange.FirstByteAt - exchange.SentAt));
                }
                _statusClasses[Math.Clamp(exchange.Status / 100, 0, 5)]++;
                if (exchange.Status is >= 400 and < 500)
                {
                    _status4xx++;
                }
                else if (exchange.Status >= 500)
                {
                    _status5xx++;
                }
                AdvanceTimeline(exchange.CompletedAt);
                _second.Record(latency);
            }
            else
            {
                _transportErrors[(int)exchange.Error]++;
                if (exchange.ErrorDetail is { } detail && _errorSamples.Count < MaxErrorSamples && !_errorSamples.Contains(detail))
                {
                    _errorSamples.Add(detail);
                }
                AdvanceTimeline(exchange.CompletedAt);
            }
            _sendLag.Record(Nanos(exchange.SentAt - intendedAt));
            _secondRequests++;
            if (failed)
            {
                _secondErrors++;
            }
            _bytesSent += exchange.BytesSent;
            _bytesReceived += exchange.BytesReceived;
            _lastEnd = Math.Max(_lastEnd, exchange.CompletedAt);
        }
    }

    /// <summary>Closes the timeline at <paramref name="end"/> and returns what was measured (everything but the run's own facts).</summary>
    public Snapshot Finish(long end)
    {
        lock (_lock)
        {
            // The last second is the one holding the last instant before the end, not the end itself.
            AdvanceTimeline(Math.Max(end - 1, _lastEnd));
            CloseSecond();
            return new Snapshot(
                Sent,
                _completed,
                (_lastEnd - _measureStart) * _nanosPerTick / 1e9,
                LatencySummary.From(_latency),
                LatencySummary.From(_serviceTime),
                LatencySummary.From(_firstByte),
                LatencySummary.From(_sendLag),
                new StatusClasses(_statusClasses[1], _statusClasses[2], _statusClasses[3], _statusClasses[4], _statusClasses[5]),
                new ErrorCounts(
                    _transportErrors[(int)TransportError.Connect],
                    _transportErrors[(int)TransportError.Write],
                    _transportErrors[(int)TransportError.Read],
                    _transportErrors[(int)TransportError.Timeout],
                    _status4xx,
                    _status5xx),
                _bytesSent,
                _bytesReceived,
                [.. _timeline],
                [.. _errorSamples],
                _latency,
                _firstByte);
        }
    }

    internal sealed record Snapshot(
        long Sent,
        long Completed,
        double ElapsedSeconds,
        LatencySummary Latency,
        LatencySummary ServiceTime,
        LatencySummary FirstByte,
        LatencySummary SendLag,
        StatusClasses Statuses,
        ErrorCounts Errors,
        long BytesSent,
        long BytesReceived,
        IReadOnlyList<TimelineSecond> Timeline,
        IReadOnlyList<string> ErrorSamples,
        LatencyHistogram LatencyHistogram,
        LatencyHistogram FirstByteHistogram);

    private long Nanos(long ticks) => ticks <= 0 ? 0 : (long)(ticks * _nanosPerTick);

    /// <summary>Moves the open second forward to the one holding <paramref name="timestamp"/>, closing (and padding) the ones before.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AdvanceTimeline(long timestamp)
    {
        var second = (int)Math.Max(0, Nanos(timestamp - _measureStart) / 1_000_000_000);
        while (_currentSecond < second)
        {
            CloseSecond();
            _currentSecond++;
        }
    }

    private void CloseSecond()
    {
        if (_timeline.Count > _currentSecond)
        {
            return;
        }
        _timeline.Add(new TimelineSecond(
            _currentSecond,
            _secondRequests,
            _secondErrors,
            LatencySummary.Ms(_second.ValueAtPercentile(50)),
            LatencySummary.Ms(_second.ValueAtPercentile(99)),
            LatencySummary.Ms(_second.Max)));
        _second.Reset();
        _secondRequests = 0;
        _secondErrors = 0;
    }
}
