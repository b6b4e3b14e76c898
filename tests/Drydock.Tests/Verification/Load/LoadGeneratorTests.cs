using System.Diagnostics;
using Drydock.Verification.Load;

namespace Drydock.Tests.Verification.Load;

/// <summary>Real sockets on 127.0.0.1 against <see cref="TestHttpServer"/>; each run lasts two seconds at most.</summary>
[Collection(LoadTimingCollection.Name)]
public sealed class LoadGeneratorTests
{
    [Fact]
    public Task Open_model_keeps_its_rate_and_counts_every_request() => TimingAttempts.RunAsync(async () =>
    {
        await using var server = new TestHttpServer();
        var result = await LoadGenerator.RunAsync(new LoadOptions
        {
            Target = server.Url,
            Model = LoadModel.Open,
            Rate = 400,
            Duration = TimeSpan.FromSeconds(1),
            MaxRequests = 10_000,
        });

        result.StoppedBy.ShouldBe(LoadStopReason.Duration);
        result.Sent.ShouldBe(400);
        result.Completed.ShouldBe(400);
        result.Dropped.ShouldBe(0);
        server.Requests.ShouldBe(400);
        result.AchievedRate.ShouldBe(400, tolerance: 400 * 0.02);
        result.Throughput.ShouldBe(400, tolerance: 400 * 0.1);
        result.Statuses.Success.ShouldBe(400);
        result.Errors.Total.ShouldBe(0);
        // Sent on schedule: the scheduler wakes within a few milliseconds of each intended time.
        result.SendLag.P50Ms.ShouldBeLessThan(5);
        result.Latency.Count.ShouldBe(400);
        result.TimeToFirstByte.Count.ShouldBe(400);
        result.TimeToFirstByte.P50Ms.ShouldBeLessThanOrEqualTo(result.ServiceTime.P50Ms);
        // The arrivals at the server span the one-second window (not bunched at its start or end).
        server.FirstArrival.ShouldNotBeNull();
        (server.LastArrival!.Value - server.FirstArrival.Value).TotalSeconds.ShouldBeInRange(0.9, 1.2);
    });

    [Fact]
    public Task Open_model_counts_latency_from_the_intended_send_time_so_a_stall_shows() => TimingAttempts.RunAsync(async () =>
    {
        // One connection at 400/s; request 101 (due at 250 ms) takes 250 ms. The ~100 requests due meanwhile queue
        // behind it: a closed-loop tool would see one slow request, the open model sees them all wait.
        await using var server = new TestHttpServer(number => number == 101 ? new Reply(Delay: TimeSpan.FromMilliseconds(250)) : new Reply());
        var result = await LoadGenerator.RunAsync(new LoadOptions
        {
            Target = server.Url,
            Model = LoadModel.Open,
            Rate = 400,
            Connections = 1,
            Duration = TimeSpan.FromSeconds(1),
        });

        result.Completed.ShouldBe(400);
        result.Errors.Total.ShouldBe(0);
        // The service itself was slow once: its own time reaches 250 ms only at the top (timers may fire a
        // millisecond early); on one connection, at most a handful of requests can be in flight during any stall.
        result.ServiceTime.MaxMs.ShouldBeGreaterThan(245);
        result.ServiceTime.P95Ms.ShouldBeLessThan(100);
        // From the intended send time, every request due during the stall waited: the 60 due in its first 150 ms
        // (15% of the run) waited 100 ms or more, and the worst almost the whole 250 ms.
        result.LatencyHistogram.ValueAtPercentile(85).ShouldBeGreaterThanOrEqualTo(100_000_000);
        result.Latency.P99Ms.ShouldBeGreaterThan(200);
        result.Latency.MaxMs.ShouldBeGreaterThan(245);
        result.SendLag.P99Ms.ShouldBeGreaterThan(150);
    });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Closed_model_keeps_one_request_in_flight_per_connection(bool onTasks)
    {
        const int connections = 4;
        var inFlight = 0;
        var mostInFlight = 0;
        var gate = new Lock();
        var everyConnectionBusy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new TestHttpServer(_ =>
        {
            lock (gate)
            {
                mostInFlight = Math.Max(mostInFlight, ++inFlight);
                if (inFlight == connections)
                {
                    everyConnectionBusy.TrySetResult();
                }
            }
            return new Reply
            {
                Hold = async () =>
                {
                    // No answer leaves before every connection has had a request in flight at once, so the overlap is
                    // certain rather than a matter of scheduling on a busy machine. Bounded: on a timeout the answers
                    // go out and the mostInFlight assertion below reports it.
                    if (!everyConnectionBusy.Task.IsCompleted)
                    {
                        await Task.WhenAny(everyConnectionBusy.Task, Task.Delay(TimeSpan.FromSeconds(5)));
                    }
                    Thread.Sleep(1);
                    lock (gate)
                    {
                        inFlight--;
                    }
                },
            };
        });
        var result = await LoadGenerator.RunAsync(new LoadOptions
        {
            ClosedModelOnTasks = onTasks,
            Target = server.Url,
            Model = LoadModel.Closed,
            Connections = connections,
            Duration = TimeSpan.FromSeconds(10),
            MaxRequests = 600,
        });

        // All connections worked at once, and none sent its next request before the previous answer arrived.
        mostInFlight.ShouldBe(connections);
        server.PipelinedRequests.ShouldBe(0);
        result.StoppedBy.ShouldBe(LoadStopReason.MaxRequests);
        result.Sent.ShouldBe(600);
        result.Completed.ShouldBe(600);
        server.Requests.ShouldBe(600);
        server.Connections.ShouldBe(connections);
        result.ConnectionsOpened.ShouldBe(connections);
        result.ElapsedSeconds.ShouldBeLessThan(5);
        result.Throughput.ShouldBe(600 / result.ElapsedSeconds, tolerance: 1);
        // Closed model: latency is the service time.
        result.Latency.P50Ms.ShouldBe(result.ServiceTime.P50Ms);
        result.Latency.P50Ms.ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public Task Runs_stop_at_the_duration_or_the_request_count_and_warm_up_is_not_measured() => TimingAttempts.RunAsync(async () =>
    {
        await using var server = new TestHttpServer();
        var clock = Stopwatch.StartNew();
        var byDuration = await LoadGenerator.RunAsync(new LoadOptions
        {
            Target = server.Url,
            Model = LoadModel.Closed,
            Connections = 2,
            Duration = TimeSpan.FromMilliseconds(300),
            MaxRequests = long.MaxValue,
        });
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));
        byDuration.StoppedBy.ShouldBe(LoadStopReason.Duration);
        byDuration.ElapsedSeconds.ShouldBeInRange(0.3, 1.5);
        byDuration.Sent.ShouldBeGreaterThan(0);

        var byCount = await LoadGenerator.RunAsync(new LoadOptions
        {
            Target = server.Url,
            Model = LoadModel.Open,
            Rate = 1000,
            Duration = TimeSpan.FromMinutes(10),
            MaxRequests = 50,
        });
        byCount.StoppedBy.ShouldBe(LoadStopReason.MaxRequests);
        byCount.Sent.ShouldBe(50);
        byCount.ElapsedSeconds.ShouldBeLessThan(1);

        var before = server.Requests;
        var warmedUp = await LoadGenerator.RunAsync(new LoadOptions
        {
            Target = server.Url,
            Model = LoadModel.Open,
            Rate = 200,
            WarmUp = TimeSpan.FromMilliseconds(250),
            Duration = TimeSpan.FromMilliseconds(500),
        });
        warmedUp.Sent.ShouldBe(100);
        warmedUp.Completed.ShouldBe(100);
        warmedUp.WarmUpSeconds.ShouldBe(0.25);
        // Warm-up traffic reached the server (a warm-up request still queued when the window opens is skipped).
        (server.Requests - before).ShouldBeInRange(125, 150);
    });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Error_statuses_are_counted_by_class_and_kind(bool onTasks)
    {
        await using var server = new TestHttpServer(number => (number % 4) switch
        {
            0 => new Reply(500, "boom"),
            1 => new Reply(404, "missing"),
            2 => new Reply(302, ""),
            _ => new Reply(),
        });
        var result = await LoadGenerator.RunAsync(new LoadOptions
        {
            ClosedModelOnTasks = onTasks,
            Target = server.Url,
            Connections = 1,
            MaxRequests = 200,
        });

        result.Completed.ShouldBe(200);
        result.Statuses.ShouldBe(new StatusClasses(0, 50, 50, 50, 50));
        result.Errors.ShouldBe(new ErrorCounts(0, 0, 0, 0, Status4xx: 50, Status5xx: 50));
        result.FailedRate.ShouldBe(0.5);
        result.Timeline.Sum(second => second.Errors).ShouldBe(100);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_refused_connection_is_a_connect_error_in_both_models(bool onTasks)
    {
        var target = new Uri($"http://127.0.0.1:{TestHttpServer.UnusedPort()}/");
        var closed = await LoadGenerator.RunAsync(new LoadOptions
        {
            ClosedModelOnTasks = onTasks,
            Target = target,
            Model = LoadModel.Closed,
            Connections = 2,
            Duration = TimeSpan.FromMilliseconds(300),
        });
        closed.Completed.ShouldBe(0);
        closed.Sent.ShouldBeGreaterThan(0);
        closed.Errors.Connect.ShouldBe(closed.Sent);
        closed.FailedRate.ShouldBe(1);
        closed.ErrorSamples.ShouldContain(sample => sample.Contains("ConnectionRefused", StringComparison.Ordinal));
        closed.Latency.Count.ShouldBe(0);

        var open = await LoadGenerator.RunAsync(new LoadOptions
        {
            Target = target,
            Model = LoadModel.Open,
            Rate = 100,
            Duration = TimeSpan.FromMilliseconds(300),
        });
        open.Sent.ShouldBe(30);
        open.Errors.Connect.ShouldBe(30);
        open.Statuses.Success.ShouldBe(0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_request_without_an_answer_times_out_and_the_run_goes_on(bool onTasks)
    {
        await using var server = new TestHttpServer(number => number == 3 ? new Reply { Hang = true } : new Reply());
        var result = await LoadGenerator.RunAsync(new LoadOptions
        {
            ClosedModelOnTasks = onTasks,
            Target = server.Url,
            Connections = 1,
            MaxRequests = 20,
            RequestTimeout = TimeSpan.FromMilliseconds(500),
        });

        result.Errors.Timeout.ShouldBe(1);
        result.Completed.ShouldBe(19);
        result.ConnectionsOpened.ShouldBe(2);
        result.ErrorSamples.ShouldContain("no complete answer within the request timeout");
    }

    [Fact]
    public Task The_timeline_shows_the_second_where_the_service_stalled_and_failed() => TimingAttempts.RunAsync(async () =>
    {
        // 200/s for 2 s on one connection; in second 1, requests 241-280 fail and request 300 stalls for 300 ms,
        // so the ~60 requests due behind it wait too.
        await using var server = new TestHttpServer(number => number switch
        {
            >= 241 and <= 280 => new Reply(503, "unavailable"),
            300 => new Reply(Delay: TimeSpan.FromMilliseconds(300)),
            _ => new Reply(),
        });
        var result = await LoadGenerator.RunAsync(new LoadOptions
        {
            Target = server.Url,
            Model = LoadModel.Open,
            Rate = 200,
            Connections = 1,
            Duration = TimeSpan.FromSeconds(2),
        });

        result.Timeline.Count.ShouldBeInRange(2, 3);
        result.Timeline.Select(second => second.Second).ShouldBe(Enumerable.Range(0, result.Timeline.Count));
        result.Timeline.Sum(second => second.Requests).ShouldBe(400);
        var calm = result.Timeline[0];
        var troubled = result.Timeline[1];
        calm.Requests.ShouldBeInRange(150, 250);
        calm.Errors.ShouldBe(0);
        calm.MaxMs.ShouldBeLessThan(100);
        troubled.Errors.ShouldBe(40);
        troubled.MaxMs.ShouldBeGreaterThan(295);
        troubled.P99Ms.ShouldBeGreaterThan(calm.P99Ms);
    });

    [Fact]
    public async Task Cancellation_stops_a_run_at_once()
    {
        await using var server = new TestHttpServer(_ => new Reply(Delay: TimeSpan.FromMilliseconds(5)));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var clock = Stopwatch.StartNew();
        await Should.ThrowAsync<OperationCanceledException>(() => LoadGenerator.RunAsync(new LoadOptions
        {
            Target = server.Url,
            Model = LoadModel.Open,
            Rate = 100,
            Duration = TimeSpan.FromSeconds(30),
        }, cancel.Token));
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));
    }
}
