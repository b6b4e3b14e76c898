using System.Diagnostics;
using Drydock.Verification.Load;

namespace Drydock.Tests.Verification.Load;

/// <summary>
/// Real sockets on 127.0.0.1 against <see cref="TestHttpServer"/>. The assertions are counts and structure the test's
/// own server determines, and time bounds only in the direction scheduling cannot break: a delay or a schedule slot
/// is a lower bound (nothing happens early), never an upper one. How fast the generator is belongs in bench/.
/// </summary>
[Collection(LoadTimingCollection.Name)]
public sealed class LoadGeneratorTests
{
    [Fact]
    public async Task Open_model_keeps_its_rate_and_counts_every_request()
    {
        await using var server = new TestHttpServer();
        var runStarted = Stopwatch.GetTimestamp();
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
        // Every request due over the schedule's second was sent, so the achieved rate is the one asked.
        result.AchievedRate.ShouldBe(400, tolerance: 1e-6);
        result.Statuses.Success.ShouldBe(400);
        result.Errors.Total.ShouldBe(0);
        result.Latency.Count.ShouldBe(400);
        result.SendLag.Count.ShouldBe(400);
        result.TimeToFirstByte.Count.ShouldBe(400);
        result.TimeToFirstByte.P50Ms.ShouldBeLessThanOrEqualTo(result.ServiceTime.P50Ms);
        // Never ahead of its schedule: the k-th request to arrive arrived no sooner than (k - 1) / 400 s after the run
        // began, so the arrivals span the second instead of bunching at its start (a burst fails this on any machine).
        var arrivals = server.Arrivals.Order().ToList();
        for (var k = 0; k < arrivals.Count; k++)
        {
            Stopwatch.GetElapsedTime(runStarted, arrivals[k]).TotalSeconds.ShouldBeGreaterThanOrEqualTo(k / 400.0, $"request {k + 1} arrived ahead of its slot");
        }
    }

    [Fact]
    public async Task Open_model_counts_latency_from_the_intended_send_time_so_a_stall_shows()
    {
        // One connection at 400/s (a slot every 2.5 ms); request 101 takes at least 300 ms. Request 101 + j, due
        // 2.5 j ms after it, cannot leave before that answer: it waits at least 299 - 2.5 j ms (a timer may fire a
        // millisecond early). A closed-loop tool would see one slow request, the open model sees them all wait.
        // Every bound below follows from that and holds however late the machine runs.
        await using var server = new TestHttpServer(number => number == 101 ? new Reply(Delay: TimeSpan.FromMilliseconds(300)) : new Reply());
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
        // The service itself was slow once, by the server's own delay.
        result.ServiceTime.MaxMs.ShouldBeGreaterThan(295);
        // From the intended send time, every request due during the stall waited: the 80 with j < 80 (20% of the
        // run) waited 100 ms or more, the 40 with j < 40 (10%) over 200 ms, the 59 with j < 59 were sent over 150 ms late.
        result.LatencyHistogram.ValueAtPercentile(85).ShouldBeGreaterThanOrEqualTo(100_000_000);
        result.Latency.P99Ms.ShouldBeGreaterThan(200);
        result.Latency.MaxMs.ShouldBeGreaterThan(295);
        result.SendLag.P99Ms.ShouldBeGreaterThan(150);
    }

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
                    // certain rather than a matter of scheduling on a busy machine. A generator that never fills its
                    // connections runs into its request timeout and fails the counts below; the server stops on disposal.
                    await everyConnectionBusy.Task;
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
        result.Throughput.ShouldBe(600 / result.ElapsedSeconds, tolerance: 1);
        // Closed model: latency is the service time.
        result.Latency.P50Ms.ShouldBe(result.ServiceTime.P50Ms);
        result.Latency.P50Ms.ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task Runs_stop_at_the_duration_or_the_request_count_and_warm_up_is_not_measured()
    {
        await using var server = new TestHttpServer();
        var byDuration = await LoadGenerator.RunAsync(new LoadOptions
        {
            Target = server.Url,
            Model = LoadModel.Closed,
            Connections = 2,
            Duration = TimeSpan.FromMilliseconds(300),
            MaxRequests = long.MaxValue,
        });
        // No count bound: only the duration can have ended it. The measured window is the duration, extended only by
        // an answer that straddles its end, so by at most the slowest answer.
        byDuration.StoppedBy.ShouldBe(LoadStopReason.Duration);
        byDuration.ElapsedSeconds.ShouldBeGreaterThanOrEqualTo(0.3);
        byDuration.ElapsedSeconds.ShouldBeLessThanOrEqualTo(0.3 + byDuration.Latency.MaxMs / 1000 + 1e-3);
        byDuration.Completed.ShouldBeLessThanOrEqualTo(byDuration.Sent);

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
        // 50 slots at 1000/s: the schedule's own length, not the ten minutes of the duration.
        byCount.ElapsedSeconds.ShouldBeLessThan(60);

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
        // The 100 measured requests reached the server, and at most the 50 warm-up slots besides (a warm-up request
        // still queued when the window opens is skipped, so how many of those went out depends on the machine).
        (server.Requests - before).ShouldBeInRange(100, 150);
    }

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
    public async Task The_timeline_shows_the_second_where_the_service_stalled_and_failed()
    {
        // 200/s for 2 s on one connection; requests 241-280 (due from 1.2 s) fail and request 300 (due at 1.495 s)
        // stalls for at least 300 ms, so the requests due behind it wait too. A request lands in the second it
        // completed, never before the one it was due in: so nothing of the trouble can be in second 0, however the
        // machine runs; how far a backlog pushes it past second 1 depends on the machine, so it is not asserted.
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

        result.Timeline.Count.ShouldBeGreaterThanOrEqualTo(2);
        result.Timeline.Select(second => second.Second).ShouldBe(Enumerable.Range(0, result.Timeline.Count));
        result.Timeline.Sum(second => second.Requests).ShouldBe(400);
        result.Timeline.Sum(second => second.Errors).ShouldBe(40);
        var calm = result.Timeline[0];
        calm.Requests.ShouldBeLessThanOrEqualTo(200, "only requests due in second 0 can complete in it");
        calm.Errors.ShouldBe(0);
        // The stall shows in a later second: the one it ended in holds a request that waited 300 ms.
        var troubled = result.Timeline.Skip(1).MaxBy(second => second.MaxMs)!;
        troubled.MaxMs.ShouldBeGreaterThan(295);
        result.Timeline.Skip(1).Sum(second => second.Errors).ShouldBe(40);
    }

    [Fact]
    public async Task Cancellation_stops_a_run_at_once()
    {
        // The server cancels the run when the 20th request arrives: from then on nothing more may be sent. At 100/s
        // for 30 s, a run that ignored the cancellation would send 3000.
        using var cancel = new CancellationTokenSource();
        await using var server = new TestHttpServer(number =>
        {
            if (number == 20)
            {
                cancel.Cancel();
            }
            return new Reply();
        });
        await Should.ThrowAsync<OperationCanceledException>(() => LoadGenerator.RunAsync(new LoadOptions
        {
            Target = server.Url,
            Model = LoadModel.Open,
            Rate = 100,
            Duration = TimeSpan.FromSeconds(30),
        }, cancel.Token));
        var afterCancel = server.Requests;
        afterCancel.ShouldBeGreaterThanOrEqualTo(20);
        // A request already written when the token fired may still arrive; none is written after the run returned.
        afterCancel.ShouldBeLessThan(3000);
    }
}
