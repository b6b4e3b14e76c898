using System.Diagnostics;
using System.Threading.Channels;

namespace Drydock.Verification.Load;

/// <summary>
/// Runs one load run against a <see cref="LoadTarget"/> on 127.0.0.1: HTTP/1.1 keep-alive connections on raw
/// sockets, one request in flight per connection.
/// <list type="bullet">
/// <item>Closed model: each connection sends its next request as soon as the previous answer arrived. On Linux it runs
/// on wrk's design, a few event-loop threads over epoll (<see cref="ClosedEventLoop"/>); elsewhere one task per
/// connection.</item>
/// <item>Open model: a scheduler thread releases request i at start + i / rate; any free connection takes it. A
/// request due while every connection is busy waits, and its latency still counts from when it was due (wrk2's
/// answer to coordinated omission).</item>
/// </list>
/// Warm-up requests are sent but not measured. The run ends by itself at the duration or the request count,
/// whichever comes first; requests in flight then get up to the request timeout to finish, and in the open model a
/// request that waited longer than the request timeout for a connection is dropped (counted, never sent).
/// </summary>
public static class LoadGenerator
{
    private static readonly TimeSpan WatchdogPeriod = TimeSpan.FromMilliseconds(20);

    /// <exception cref="DrydockException">The options are invalid or the target is not on 127.0.0.1.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; every connection is closed.</exception>
    public static async Task<LoadResult> RunAsync(LoadOptions options, CancellationToken cancellationToken = default)
    {
        var target = LoadTarget.Create(options);
        cancellationToken.ThrowIfCancellationRequested();
        using var run = new Run(options, target, cancellationToken);
        return await run.ExecuteAsync().ConfigureAwait(false);
    }

    private sealed class Run : IDisposable, IClosedLoopRun
    {
        private readonly LoadOptions _options;
        private readonly LoadTarget _target;
        private readonly CancellationToken _cancellationToken;
        private readonly HttpConnection[] _connections;
        private readonly ClosedEventLoop? _eventLoop;
        private readonly long _timeoutTicks;
        private readonly CancellationTokenSource _stop = new();
        private long _warmUpStart;
        private long _measureStart;
        private long _measureEnd;
        private LoadRecorder _recorder = null!;
        private long _measuredStarted;
        private long _dropped;
        private long _scheduled;
        private bool _maxRequestsReached;

        public Run(LoadOptions options, LoadTarget target, CancellationToken cancellationToken)
        {
            _options = options;
            _target = target;
            _cancellationToken = cancellationToken;
            if (options.Model == LoadModel.Closed && !options.ClosedModelOnTasks && ClosedEventLoop.IsSupported)
            {
                _eventLoop = new ClosedEventLoop(target.EndPoint, options.EffectiveConnections, Environment.ProcessorCount);
                _connections = [];
            }
            else
            {
                _connections = new HttpConnection[options.EffectiveConnections];
                for (var index = 0; index < _connections.Length; index++)
                {
                    _connections[index] = new HttpConnection(target.EndPoint);
                }
            }
            _timeoutTicks = Ticks(options.RequestTimeout);
        }

        public async Task<LoadResult> ExecuteAsync()
        {
            using var cancelRegistration = _cancellationToken.Register(static state => ((Run)state!).Abort(), this);
            // Before the clock starts: compile the hot path, and open every connection.
            await GeneratorPriming.EnsureAsync(_cancellationToken).ConfigureAwait(false);
            var connectTimeout = TimeSpan.FromTicks(Math.Min(_options.RequestTimeout.Ticks, TimeSpan.TicksPerSecond * 5));
            if (_eventLoop is not null)
            {
                await Task.Run(() => _eventLoop.Preconnect(connectTimeout), _cancellationToken).ConfigureAwait(false);
            }
            await Task.WhenAll(_connections.Select(connection => connection.PreconnectAsync(connectTimeout))).ConfigureAwait(false);
            _cancellationToken.ThrowIfCancellationRequested();

            var startedAt = DateTimeOffset.UtcNow;
            var cpuBefore = Environment.CpuUsage.TotalTime;
            var wallBefore = Stopwatch.GetTimestamp();
            _warmUpStart = wallBefore;
            _measureStart = _warmUpStart + Ticks(_options.WarmUp);
            _measureEnd = _measureStart + Ticks(_options.Duration);
            _recorder = new LoadRecorder(_measureStart);
            var watchdog = Task.Run(WatchdogAsync);
            try
            {
                if (_options.Model == LoadModel.Open)
                {
                    await RunOpenAsync().ConfigureAwait(false);
                }
                else if (_eventLoop is not null)
                {
                    await _eventLoop.RunAsync(this).ConfigureAwait(false);
                }
                else
                {
                    await Task.WhenAll(_connections.Select(connection => Task.Run(() => ClosedLoopAsync(connection)))).ConfigureAwait(false);
                }
            }
            finally
            {
                await _stop.CancelAsync().ConfigureAwait(false);
                await watchdog.ConfigureAwait(false);
            }
            _cancellationToken.ThrowIfCancellationRequested();

            var end = Stopwatch.GetTimestamp();
            var usage = new GeneratorUsage(
                (Environment.CpuUsage.TotalTime - cpuBefore).TotalSeconds,
                Stopwatch.GetElapsedTime(wallBefore, end).TotalSeconds,
                Environment.ProcessorCount);
            var measured = _recorder.Finish(Math.Min(end, _measureEnd));
            var elapsed = Math.Max(measured.ElapsedSeconds, 1e-9);
            if (!_maxRequestsReached)
            {
                // A run the clock ended measured its whole window, even when its last answer came a little before the
                // end; an answer that straddles the end extends it (it is counted, so its time is too).
                elapsed = Math.Max(elapsed, _options.Duration.TotalSeconds);
            }
            double achievedRate;
            if (_options.Model == LoadModel.Open)
            {
                // The schedule's own length: requests due over it, of which Sent were actually written.
                var scheduleSeconds = Math.Max(Volatile.Read(ref _scheduled) / _options.Rate!.Value, 1e-9);
                achievedRate = measured.Sent / scheduleSeconds;
                elapsed = Math.Max(elapsed, scheduleSeconds);
            }
            else
            {
                achievedRate = measured.Sent / elapsed;
            }
            var result = new LoadResult
            {
                Target = _target.ToString(),
                Model = _options.Model,
                TargetRate = _options.Model == LoadModel.Open ? _options.Rate : null,
                Connections = _options.EffectiveConnections,
                StartedAt = startedAt,
                WarmUpSeconds = _options.WarmUp.TotalSeconds,
                ElapsedSeconds = elapsed,
                StoppedBy = _maxRequestsReached ? LoadStopReason.MaxRequests : LoadStopReason.Duration,
                Sent = measured.Sent,
                Completed = measured.Completed,
                Dropped = Volatile.Read(ref _dropped),
                AchievedRate = achievedRate,
                Throughput = measured.Completed / elapsed,
                Latency = measured.Latency,
                ServiceTime = measured.ServiceTime,
                TimeToFirstByte = measured.FirstByte,
                SendLag = measured.SendLag,
                Statuses = measured.Statuses,
                Errors = measured.Errors,
                BytesSent = measured.BytesSent,
                BytesReceived = measured.BytesReceived,
                ConnectionsOpened = _connections.Sum(connection => (long)connection.Connects) + (_eventLoop?.ConnectionsOpened ?? 0),
                Timeline = measured.Timeline,
                Generator = usage,
                ErrorSamples = measured.ErrorSamples,
                LatencyHistogram = measured.LatencyHistogram,
                TimeToFirstByteHistogram = measured.FirstByteHistogram,
            };
            return result with { Warnings = LoadDiagnosis.Assess(result) };
        }

        public void Dispose()
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }
            _eventLoop?.Dispose();
            _stop.Dispose();
        }

        private void Abort()
        {
            foreach (var connection in _connections)
            {
                connection.Abort();
            }
        }

        public bool Stopping => _cancellationToken.IsCancellationRequested;

        public LoadTarget Target => _target;

        public long TimeoutTicks => _timeoutTicks;

        public RequestSlot Claim(long now)
        {
            if (Stopping || now >= _measureEnd)
            {
                return RequestSlot.Stop;
            }
            if (now < _measureStart)
            {
                return RequestSlot.WarmUp;
            }
            if (!ClaimMeasured())
            {
                return RequestSlot.Stop;
            }
            _recorder.CountSent();
            return RequestSlot.Measured;
        }

        public void Record(in Exchange exchange) => _recorder.Record(exchange, exchange.SentAt);

        /// <summary>Claims one measured request slot; false once the count bound is reached.</summary>
        private bool ClaimMeasured()
        {
            if (Interlocked.Increment(ref _measuredStarted) <= _options.MaxRequests)
            {
                return true;
            }
            _maxRequestsReached = true;
            return false;
        }

        private async Task ClosedLoopAsync(HttpConnection connection)
        {
            var backoff = TimeSpan.Zero;
            while (true)
            {
                var slot = Claim(Stopwatch.GetTimestamp());
                if (slot == RequestSlot.Stop)
                {
                    return;
                }
                var exchange = await connection.SendAsync(_target, _timeoutTicks).ConfigureAwait(false);
                if (Stopping)
                {
                    return;
                }
                if (slot == RequestSlot.Measured)
                {
                    Record(exchange);
                }
                if (exchange.Error == TransportError.Connect)
                {
                    // Nothing listens: back off (1 ms doubling to 100 ms) rather than spin on refused connections.
                    backoff = backoff == TimeSpan.Zero ? TimeSpan.FromMilliseconds(1) : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.TicksPerMillisecond * 100));
                    await Task.Delay(backoff).ConfigureAwait(false);
                }
                else
                {
                    backoff = TimeSpan.Zero;
                }
            }
        }

        private async Task RunOpenAsync()
        {
            var queue = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleWriter = true, SingleReader = false });
            var scheduler = new Thread(() => Schedule(queue.Writer)) { IsBackground = true, Name = "drydock-load-scheduler" };
            scheduler.Start();
            await Task.WhenAll(_connections.Select(connection => Task.Run(() => OpenLoopAsync(connection, queue.Reader)))).ConfigureAwait(false);
            scheduler.Join();
        }

        /// <summary>Releases each request at its intended time: warm-up first, then the measured window.</summary>
        private void Schedule(ChannelWriter<long> queue)
        {
            try
            {
                var interval = Stopwatch.Frequency / _options.Rate!.Value;
                for (long index = 0; !Stopping; index++)
                {
                    var intended = _warmUpStart + (long)(index * interval);
                    if (intended >= _measureEnd)
                    {
                        break;
                    }
                    if (intended >= _measureStart)
                    {
                        if (!ClaimMeasured())
                        {
                            break;
                        }
                        Interlocked.Increment(ref _scheduled);
                    }
                    PreciseSleep.Until(intended, _cancellationToken);
                    queue.TryWrite(intended);
                }
            }
            finally
            {
                queue.TryComplete();
            }
        }

        private async Task OpenLoopAsync(HttpConnection connection, ChannelReader<long> queue)
        {
            while (true)
            {
                // ReadAsync hands each request to exactly one waiting connection (WaitToReadAsync would wake them all).
                if (!queue.TryRead(out var intended))
                {
                    try
                    {
                        intended = await queue.ReadAsync(_cancellationToken).ConfigureAwait(false);
                    }
                    catch (ChannelClosedException)
                    {
                        return;
                    }
                }
                var now = Stopwatch.GetTimestamp();
                if (intended < _measureStart)
                {
                    // A warm-up request still queued once the measured window opened is skipped, not sent late.
                    if (now < _measureStart)
                    {
                        await connection.SendAsync(_target, _timeoutTicks).ConfigureAwait(false);
                    }
                    continue;
                }
                if (now - intended > _timeoutTicks)
                {
                    // It waited longer than the request timeout for a free connection: never sent, counted as dropped
                    // (k6's dropped_iterations). This also bounds how long a backlog outlives the window.
                    Interlocked.Increment(ref _dropped);
                    continue;
                }
                _recorder.CountSent();
                var exchange = await connection.SendAsync(_target, _timeoutTicks).ConfigureAwait(false);
                if (Stopping)
                {
                    return;
                }
                _recorder.Record(exchange, intended);
            }
        }

        private async Task WatchdogAsync()
        {
            using var timer = new PeriodicTimer(WatchdogPeriod);
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
                {
                    var now = Stopwatch.GetTimestamp();
                    foreach (var connection in _connections)
                    {
                        connection.ExpireIfOverdue(now);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The run is over.
            }
        }

        private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
    }
}
