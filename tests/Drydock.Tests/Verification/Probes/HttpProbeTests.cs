using System.Text.RegularExpressions;
using Drydock.Engine;
using Drydock.Measurements;
using Drydock.Tests.Verification.Load;
using Drydock.Text;
using Drydock.Verification.Config;
using Drydock.Verification.Probes;

namespace Drydock.Tests.Verification.Probes;

/// <summary>HTTP probes against an in-process server on 127.0.0.1 that answers with canned replies.</summary>
public sealed class HttpProbeTests : IDisposable
{
    // HTTP probes never call the engine; the client is only passed through (it connects lazily).
    private readonly DockerClient _client = DockerClient.FromEnvironment();

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    public void Dispose() => _client.Dispose();

    private static HttpProbeSpec Probe(HttpExpectations? expect = null, double timeoutSeconds = 5) => new("api", "health", default(SourceSpan))
    {
        Port = 8080,
        Path = "/health",
        Expect = expect ?? new HttpExpectations(),
        Timeout = TimeSpan.FromSeconds(timeoutSeconds),
        Interval = TimeSpan.FromMilliseconds(50),
    };

    /// <summary>
    /// One attempt with 10 s to finish: the interval equals the timeout, so an expected failure is not retried (the
    /// test stays quick) and its detail never depends on how fast a loaded machine moves a body through a socket.
    /// </summary>
    private static HttpProbeSpec Once(HttpExpectations expect) => Probe(expect, 10) with { Interval = TimeSpan.FromSeconds(10) };

    private static ProbeTarget TargetOf(TestHttpServer server) => new("api", "not-a-container", new Dictionary<int, int> { [8080] = server.Port });

    private async Task<ProbeOutcome> RunAsync(TestHttpServer server, HttpProbeSpec spec) =>
        await ProbeRunner.RunAsync(_client, spec, TargetOf(server), Timeout);

    private static Reply Json(string body) => new(200, body) { Headers = [new("Content-Type", "application/json; charset=utf-8")] };

    [Fact]
    public async Task A_2xx_answer_passes_with_a_short_summary()
    {
        await using var server = new TestHttpServer();
        var outcome = await RunAsync(server, Probe());
        outcome.Result.Status.ShouldBe(ProbeStatus.Passed, outcome.Result.Detail);
        (outcome.Result.Service, outcome.Result.Name, outcome.Result.Attempts).ShouldBe(("api", "health", 1));
        outcome.Result.Detail.ShouldNotBeNull().ShouldMatch(@"^200 Status in [\d.]+ ms$");
        outcome.Latency.ShouldBeNull("no latency target was set");
        server.FirstRequest.ShouldNotBeNull().ShouldStartWith("GET /health HTTP/1.1");
    }

    [Fact]
    public async Task A_503_then_200_is_retried_until_it_passes()
    {
        await using var server = new TestHttpServer(number => number == 1 ? new Reply(503, "starting") : new Reply());
        var outcome = await RunAsync(server, Probe());
        outcome.Result.Status.ShouldBe(ProbeStatus.Passed, outcome.Result.Detail);
        outcome.Result.Attempts.ShouldBe(2);
        server.Requests.ShouldBe(2);
    }

    [Fact]
    public async Task Json_expectations_over_every_element_and_counts()
    {
        await using var server = new TestHttpServer(_ => Json("""{"data":{"activeTargets":[{"health":"up"},{"health":"down"},{"health":"up"}]}}"""));
        var every = await RunAsync(server, Probe(new HttpExpectations { Json = [new("$..health", "\"up\"")] }, timeoutSeconds: 3));
        every.Result.Detail.ShouldBe("expected every $..health == \"up\": 1 of 3 are not (first: \"down\")");
        var count = await RunAsync(server, Probe(new HttpExpectations { Json = [new("count($.data.activeTargets)", "\">= 3\""), new("$.data.activeTargets[*].health", "\"up\"")] }, timeoutSeconds: 3));
        count.Result.Detail.ShouldBe("expected every $.data.activeTargets[*].health == \"up\": 1 of 3 are not (first: \"down\")", "the count passed; the next check failed");
        var tooFew = await RunAsync(server, Probe(new HttpExpectations { Json = [new("count($.data.activeTargets)", "\"> 3\"")] }, timeoutSeconds: 3));
        tooFew.Result.Detail.ShouldBe("expected count($.data.activeTargets) > 3, got 3");
    }

    [Fact]
    public async Task A_pass_after_retries_shows_every_failed_attempt()
    {
        await using var server = new TestHttpServer(number => number <= 3 ? new Reply(503, "warming up") : new Reply());
        var outcome = await RunAsync(server, Probe());
        outcome.Result.Status.ShouldBe(ProbeStatus.Passed, outcome.Result.Detail);
        outcome.Result.Attempts.ShouldBe(4);
        outcome.Result.FailedAttempts.ShouldBe([new AttemptCount(outcome.Result.FailedAttempts[0].Answer, 3)]);
        outcome.Result.FailedAttempts[0].Answer.ShouldStartWith("503");
        outcome.Result.Detail.ShouldNotBeNull().ShouldStartWith($"passed on attempt 4 of 4 (3× {outcome.Result.FailedAttempts[0].Answer}): 200");
    }

    [Fact]
    public async Task Attempts_1_fails_a_probe_that_passed_only_after_retries()
    {
        await using var server = new TestHttpServer(number => number <= 2 ? new Reply(503, "warming up") : new Reply());
        var outcome = await RunAsync(server, Probe() with { MaxAttempts = 1 });
        outcome.Result.Status.ShouldBe(ProbeStatus.Failed);
        outcome.Result.Attempts.ShouldBe(3, "it is still retried, to show whether it would pass at all");
        outcome.Result.Detail.ShouldNotBeNull().ShouldStartWith("passed only on attempt 3 (2× 503");
        outcome.Result.Detail.ShouldEndWith("attempts: 1 requires a pass within the first attempt");
        outcome.Output.ShouldBeNull("a failed probe saves nothing");

        await using var first = new TestHttpServer();
        (await RunAsync(first, Probe() with { MaxAttempts = 1 })).Result.Status.ShouldBe(ProbeStatus.Passed);
    }

    [Fact]
    public async Task A_status_that_never_comes_fails_with_the_last_answer_after_the_timeout()
    {
        await using var server = new TestHttpServer(_ => new Reply(503, "down\nfor maintenance"));
        var outcome = await RunAsync(server, Probe(timeoutSeconds: 3));
        outcome.Result.Status.ShouldBe(ProbeStatus.Failed);
        outcome.Result.Detail.ShouldBe("expected a 2xx status, got 503: down\\nfor maintenance");
        // Retried until the timeout: every attempt reached the server, and the last one began less than an interval
        // (50 ms) before the 3 s ran out. Lower bounds only: a loaded machine makes fewer attempts, never a shorter wait.
        outcome.Result.Attempts.ShouldBeGreaterThan(1);
        outcome.Result.Attempts.ShouldBe((int)server.Requests);
        outcome.Result.DurationMs.ShouldBeGreaterThanOrEqualTo(2_950);

        var exact = await RunAsync(server, Once(new HttpExpectations { Status = 200 }));
        exact.Result.Detail.ShouldBe("expected status 200, got 503: down\\nfor maintenance");
    }

    [Fact]
    public async Task Any_status_accepts_every_http_answer_but_not_a_silent_port()
    {
        await using var server = new TestHttpServer(_ => new Reply(404, "no route"));
        var outcome = await RunAsync(server, Probe(new HttpExpectations { AnyStatus = true }));
        outcome.Result.Status.ShouldBe(ProbeStatus.Passed, outcome.Result.Detail);

        var plain = await RunAsync(server, Once(new HttpExpectations()));
        plain.Result.Status.ShouldBe(ProbeStatus.Failed, "without AnyStatus a 404 is not a 2xx");
    }

    [Fact]
    public async Task An_expected_non_2xx_status_passes_and_redirects_are_not_followed()
    {
        await using var server = new TestHttpServer(_ => new Reply(302, "") { Headers = [new("Location", "http://example.com/login")] });
        (await RunAsync(server, Probe(new HttpExpectations { Status = 302 }))).Result.Status.ShouldBe(ProbeStatus.Passed);
        var outcome = await RunAsync(server, Once(new HttpExpectations()));
        outcome.Result.Detail.ShouldBe("expected a 2xx status, got 302 (Location: http://example.com/login) (empty body)");
    }

    [Fact]
    public async Task The_method_headers_and_body_are_sent()
    {
        await using var server = new TestHttpServer();
        var spec = Probe() with
        {
            Method = "POST",
            Path = "submit?x=1",
            Headers = [new("X-Token", "t0ken"), new("Content-Type", "application/json")],
            Body = "{\"a\":1}",
        };
        (await RunAsync(server, spec)).Result.Status.ShouldBe(ProbeStatus.Passed);
        var request = server.FirstRequest.ShouldNotBeNull();
        request.ShouldStartWith("POST /submit?x=1 HTTP/1.1");
        request.ShouldContain("X-Token: t0ken");
        request.ShouldContain("Content-Type: application/json");
        request.ShouldEndWith("\r\n\r\n{\"a\":1}");
    }

    [Fact]
    public async Task Headers_and_body_expectations_say_what_came_back()
    {
        await using var server = new TestHttpServer(_ => Json("{\"status\": \"ok\"}"));
        var passing = new HttpExpectations
        {
            Headers = [new("content-type", "application/json")],
            BodyContains = "ok",
            BodyMatches = new Regex("\"status\":\\s*\"ok\""),
        };
        (await RunAsync(server, Probe(passing))).Result.Status.ShouldBe(ProbeStatus.Passed);

        (await RunAsync(server, Once(new HttpExpectations { Headers = [new("Content-Type", "text/html")] }))).Result.Detail
            .ShouldBe("expected header Content-Type containing 'text/html', got 'application/json; charset=utf-8'");
        (await RunAsync(server, Once(new HttpExpectations { Headers = [new("X-Version", "2")] }))).Result.Detail
            .ShouldBe("expected header X-Version containing '2', but the answer has no X-Version header");
        (await RunAsync(server, Once(new HttpExpectations { BodyContains = "healthy" }))).Result.Detail
            .ShouldBe("expected the body to contain 'healthy', got: {\"status\": \"ok\"}");
        (await RunAsync(server, Once(new HttpExpectations { BodyMatches = new Regex("^ok$") }))).Result.Detail
            .ShouldBe("expected the body to match /^ok$/, got: {\"status\": \"ok\"}");
    }

    [Fact]
    public async Task Json_paths_compare_values_by_meaning()
    {
        await using var server = new TestHttpServer(_ => Json("{\"status\":\"ok\",\"items\":[{\"id\":3.0}],\"key with space\":true,\"count\":\"3\"}"));
        var passing = new HttpExpectations
        {
            Json = [new("$.status", "\"ok\""), new("$.items[0].id", "3"), new("$['key with space']", "true"), new("$.count", "\"3\"")],
        };
        (await RunAsync(server, Probe(passing))).Result.Status.ShouldBe(ProbeStatus.Passed);

        (await RunAsync(server, Once(new HttpExpectations { Json = [new("$.count", "3")] }))).Result.Detail
            .ShouldBe("expected $.count == 3, got \"3\"");
        (await RunAsync(server, Once(new HttpExpectations { Json = [new("$.items[1].id", "3")] }))).Result.Detail
            .ShouldStartWith("expected $.items[1].id == 3, but the body has no $.items[1].id");

        var invalidPath = await RunAsync(server, Probe(new HttpExpectations { Json = [new("status", "\"ok\"")] }));
        (invalidPath.Result.Status, invalidPath.Result.Attempts).ShouldBe((ProbeStatus.Failed, 1), "a path that cannot parse is not retried");
        invalidPath.Result.Detail.ShouldBe("the JSON path 'status' must start with '$'");
    }

    [Fact]
    public async Task A_body_that_is_not_json_fails_json_expectations()
    {
        await using var server = new TestHttpServer(_ => new Reply(200, "<html>ok</html>"));
        var outcome = await RunAsync(server, Once(new HttpExpectations { Json = [new("$.status", "ok")] }));
        outcome.Result.Detail.ShouldNotBeNull().ShouldStartWith("expected a JSON body, got: <html>ok</html> (");
    }

    [Fact]
    public async Task Prometheus_text_is_validated_then_searched_for_the_listed_metrics()
    {
        const string metrics = "# HELP notes_requests_total Requests.\n# TYPE notes_requests_total counter\nnotes_requests_total{route=\"/a\"} 3\n"
            + "# TYPE latency_seconds histogram\nlatency_seconds_bucket{le=\"+Inf\"} 2\nlatency_seconds_sum 0.5\nlatency_seconds_count 2\n";
        await using var server = new TestHttpServer(_ => new Reply(200, metrics));
        (await RunAsync(server, Probe(new HttpExpectations { Prometheus = ["notes_requests", "notes_requests_total", "latency_seconds"] }))).Result.Status
            .ShouldBe(ProbeStatus.Passed);
        (await RunAsync(server, Once(new HttpExpectations { Prometheus = ["up"] }))).Result.Detail
            .ShouldBe("expected metric up in the Prometheus text, not found (samples: latency_seconds_bucket, latency_seconds_count, latency_seconds_sum, notes_requests_total)");

        await using var invalid = new TestHttpServer(_ => new Reply(200, "# TYPE a counter\na 1\nb{x=\"1\" 2\n"));
        (await RunAsync(invalid, Once(new HttpExpectations { Prometheus = [] }))).Result.Detail
            .ShouldBe("invalid Prometheus text at line 3: expected ',' or '}' after label x");
    }

    [Fact]
    public async Task At_most_one_MiB_of_a_body_is_read()
    {
        var large = "up 1\n" + new string('#', 3 * 1024 * 1024) + "\nlate_metric 1\n";
        await using var server = new TestHttpServer(_ => new Reply(200, large));
        (await RunAsync(server, Probe(new HttpExpectations { BodyContains = "up 1", Prometheus = ["up"] }))).Result.Status.ShouldBe(ProbeStatus.Passed);
        (await RunAsync(server, Once(new HttpExpectations { Prometheus = ["late_metric"] }))).Result.Detail
            .ShouldBe("expected metric late_metric in the Prometheus text, not found (samples: up, in the first 1.05 MB read)");
        (await RunAsync(server, Once(new HttpExpectations { Json = [new("$.a", "1")] }))).Result.Detail
            .ShouldBe("the body is larger than 1.05 MB, too large to check as JSON");
    }

    [Fact]
    public async Task The_first_server_sent_event_is_awaited_without_waiting_for_the_stream_to_end()
    {
        var stream = new Reply { Headers = [new("Content-Type", "text/event-stream")], Stream = [(TimeSpan.Zero, ": comment\n\nevent: tick\n"), (TimeSpan.FromMilliseconds(150), "data: {\"n\":1}\r\n\r\n")] };
        await using var server = new TestHttpServer(_ => stream);
        var outcome = await RunAsync(server, Probe(new HttpExpectations { FirstEventWithin = TimeSpan.FromSeconds(3), BodyContains = "\"n\":1" }, 10));
        outcome.Result.Status.ShouldBe(ProbeStatus.Passed, outcome.Result.Detail);
        outcome.Result.Detail.ShouldNotBeNull().ShouldMatch(@"^200 Status, first event in [\d.]+ ms$");
        outcome.Result.DurationMs.ShouldBeLessThan(10_000, "the stream never ends: a probe that did not stop at the first event would run into its 10 s timeout");
    }

    [Fact]
    public async Task A_first_event_that_comes_too_late_fails()
    {
        var slow = new Reply { Stream = [(TimeSpan.FromSeconds(20), "data: late\n\n")] };
        await using var server = new TestHttpServer(_ => slow);
        var outcome = await RunAsync(server, Once(new HttpExpectations { FirstEventWithin = TimeSpan.FromMilliseconds(200) }));
        outcome.Result.Status.ShouldBe(ProbeStatus.Failed);
        outcome.Result.Detail.ShouldBe("expected a first event within 200 ms, none arrived (200 Status)");
        outcome.Result.DurationMs.ShouldBeLessThan(20_000, "the probe gave up before the event 20 s away");

        await using var ended = new TestHttpServer(_ => new Reply(200, "data: never dispatched"));
        (await RunAsync(ended, Once(new HttpExpectations { FirstEventWithin = TimeSpan.FromSeconds(1) }))).Result.Detail
            .ShouldBe("expected a server-sent event (a 'data:' line and a blank line), but the stream ended without one: data: never dispatched");
    }

    [Fact]
    public async Task Latency_is_measured_on_the_passing_attempt_against_its_target()
    {
        await using var server = new TestHttpServer();
        var met = await RunAsync(server, Probe(new HttpExpectations { Latency = new Target(Metrics.Latency, "api", Comparison.LessThan, 10_000) }));
        var latency = met.Latency.ShouldNotBeNull();
        (latency.Metric.Name, latency.Service, latency.Unit.Symbol(), latency.Status).ShouldBe(("latency", "api", "ms", MeasurementStatus.Pass));
        latency.Actual.ShouldNotBeNull().ShouldBeInRange(0, 10_000);
        latency.Detail.ShouldBe("probe 'health'");

        var missed = await RunAsync(server, Probe(new HttpExpectations { Latency = new Target(Metrics.Latency, "api", Comparison.LessThan, 0.0001) }));
        (missed.Result.Status, missed.Latency.ShouldNotBeNull().Status).ShouldBe((ProbeStatus.Passed, MeasurementStatus.Fail), "a slow answer misses the target; the probe itself passed");

        var failing = await RunAsync(server, Once(new HttpExpectations { Status = 201, Latency = new Target(Metrics.Latency, "api", Comparison.LessThan, 10_000) }));
        var unmeasured = failing.Latency.ShouldNotBeNull();
        (unmeasured.Actual, unmeasured.Status).ShouldBe((null, MeasurementStatus.Fail));
        unmeasured.Detail.ShouldBe("probe 'health' did not pass, so its latency was not measured");
    }

    [Fact]
    public async Task A_port_that_is_not_published_fails_at_once_with_the_fix()
    {
        await using var server = new TestHttpServer();
        var outcome = await RunAsync(server, Probe() with { Port = 9090 });
        (outcome.Result.Status, outcome.Result.Attempts).ShouldBe((ProbeStatus.Failed, 1));
        outcome.Result.Detail.ShouldBe("container port 9090 of service api is not published on 127.0.0.1: publish it as 127.0.0.1:HOST:9090");
        server.Requests.ShouldBe(0);
    }

    [Fact]
    public async Task Without_a_port_the_only_published_one_is_used()
    {
        await using var server = new TestHttpServer();
        (await RunAsync(server, Probe() with { Port = null })).Result.Status.ShouldBe(ProbeStatus.Passed);

        var several = new ProbeTarget("api", "x", new Dictionary<int, int> { [8080] = server.Port, [9090] = server.Port });
        (await ProbeRunner.RunAsync(_client, Probe() with { Port = null }, several, Timeout)).Result.Detail
            .ShouldBe("service api publishes several TCP ports (8080, 9090): say which with port:");
    }

    [Fact]
    public async Task A_refused_connection_is_a_failed_attempt()
    {
        var target = new ProbeTarget("api", "x", new Dictionary<int, int> { [8080] = TestHttpServer.UnusedPort() });
        var outcome = await ProbeRunner.RunAsync(_client, Probe(timeoutSeconds: 0.2), target, Timeout);
        outcome.Result.Status.ShouldBe(ProbeStatus.Failed);
        outcome.Result.Detail.ShouldNotBeNull().ShouldStartWith("GET /health to 127.0.0.1:");
        outcome.Result.Detail.ShouldContain("(container port 8080) failed: Connection refused");
    }

    [Fact]
    public async Task A_server_that_never_answers_fails_within_the_probe_timeout()
    {
        await using var server = new TestHttpServer(_ => new Reply { Hang = true });
        var outcome = await RunAsync(server, Probe(timeoutSeconds: 0.5));
        outcome.Result.Status.ShouldBe(ProbeStatus.Failed);
        outcome.Result.Detail.ShouldBe($"no answer from 127.0.0.1:{server.Port} (container port 8080) within 0.5 s");
        outcome.Result.DurationMs.ShouldBeLessThan(5_000);
    }
}
