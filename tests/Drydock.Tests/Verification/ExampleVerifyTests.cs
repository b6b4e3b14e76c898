using System.Text.Json.Nodes;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Verification;

/// <summary>
/// <c>drydock verify</c> on the bundled examples: each scenario's table of targets, measured on the real engine.
/// Host ports are free ones, so the runs never collide with each other or with the other example tests.
/// </summary>
[Trait("Category", EngineFixture.Category)]
public sealed class ExampleVerifyTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private Task<JsonObject> VerifyAsync(string example, string portVariable, params string[] optional) =>
        ExampleVerification.VerifyAsync(engine, example, [portVariable], optional);

    private static IEnumerable<string> Rows(JsonObject report, string metric) => ExampleVerification.Rows(report, metric);

    [Fact]
    public async Task Notes_meets_its_targets()
    {
        var report = await VerifyAsync("notes", "NOTES_PORT");
        Rows(report, "time_to_healthy").Count().ShouldBe(2);
        ExampleVerification.ShouldBeMeasuredAndJudged(report, "time_to_healthy");
        report["probes"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ShouldContain("create a note");
        Rows(report, "recovery_time").ShouldBe(["pass"], "the note written before the Redis restart reads back");
        Rows(report, "http_req_failed rate").ShouldContain("pass");
    }

    [Fact]
    public async Task Memory_service_reproduces_scenario_s3()
    {
        var report = await VerifyAsync("memory-service", "MEMSVC_PORT");
        report["probes"]!.AsArray().Select(p => p!["name"]!.GetValue<string>())
            .ShouldContain("image absent /app/**/*.py");
        ExampleVerification.ShouldBeMeasuredAndJudged(report, "startup_time");
    }

    [Fact]
    public async Task Agent_host_reproduces_scenario_s5()
    {
        var report = await VerifyAsync("agent-host", "AGENT_PORT");
        ExampleVerification.ShouldBeMeasuredAndJudged(report, "latency"); // /health against < 100 ms
        Rows(report, "http_req_failed rate").ShouldContain("pass", "50 concurrent chats without errors");
        Rows(report, "recovery_time").ShouldBe(["pass"], "the session survives a Redis restart");
        report["services"]!.AsArray().Select(s => s!["posture"]?["effectiveUid"]?.GetValue<int>()).ShouldAllBe(uid => uid != 0);
    }

    [Fact]
    public async Task Observability_daemon_reproduces_scenario_s1_with_graceful_degradation()
    {
        var report = await VerifyAsync("observability-daemon", "DAEMON_PORT", "llm");
        var services = report["services"]!.AsArray().Select(node => node!.AsObject()).ToDictionary(s => s["name"]!.GetValue<string>());
        services["daemon"]["status"]!.GetValue<string>().ShouldBe("healthy");
        services["llm"]["status"]!.GetValue<string>().ShouldBe("failed", "no model file is committed: the real S1 failure");
        services["llm"]["failure"]!["logTail"]!.ToJsonString().ShouldContain("failed to read magic");
        var modelProbe = report["probes"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "model file")!;
        modelProbe["status"]!.GetValue<string>().ShouldBe("failed");
        modelProbe["attempts"]!.GetValue<int>().ShouldBe(1, "a stopped container's files do not change: one look");
        report["probes"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "stream")!["detail"]!.GetValue<string>().ShouldContain("first event");
    }
}

/// <summary>
/// The larger scenario stacks (S2 three services, S4 seven): a class of their own, so xunit runs them beside
/// <see cref="ExampleVerifyTests"/> rather than after it.
/// </summary>
[Trait("Category", EngineFixture.Category)]
public sealed class ScenarioStackVerifyTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private Task<JsonObject> VerifyAsync(string example, string[] portVariables) =>
        ExampleVerification.VerifyAsync(engine, example, portVariables, []);

    private static IEnumerable<string> Rows(JsonObject report, string metric) => ExampleVerification.Rows(report, metric);

    [Fact]
    public async Task Model_manager_reproduces_scenario_s2()
    {
        var report = await VerifyAsync("model-manager", ["MODEL_MANAGER_BACKEND_PORT", "MODEL_MANAGER_FRONTEND_PORT"]);
        var backendHealthy = report["measurements"]!.AsArray()
            .Single(m => m!["metric"]!.GetValue<string>() == "time_to_healthy" && m["service"]?.GetValue<string>() == "backend")!.AsObject();
        ExampleVerification.JudgedByItsTarget(backendHealthy).ShouldBeTrue("judged by its 40 s start period");
        Rows(report, "cpu_limit").ShouldBe(["pass", "pass", "pass"], "4 / 1 / 0.5 CPUs, read from the running containers");
        Rows(report, "memory_limit").ShouldBe(["pass", "pass", "pass"], "8 GiB / 512 MiB / 512 MiB");
        Rows(report, "recovery_time").ShouldBe(["pass"], "the registry written through the API survives a backend restart");
        report["probes"]!.AsArray().Select(p => p!["name"]!.GetValue<string>())
            .ShouldContain("models mount is read-only");
        var services = report["services"]!.AsArray().Select(node => node!.AsObject()).ToDictionary(s => s["name"]!.GetValue<string>());
        services.Values.Select(s => s["posture"]?["effectiveUid"]?.GetValue<int>()).ShouldAllBe(uid => uid != null && uid != 0);
        // Dependency order, from the engine's events: each service starts after the one it depends on is healthy.
        DateTimeOffset At(string service, string moment) => services[service]["timeline"]![moment]!.GetValue<DateTimeOffset>();
        At("backend", "running").ShouldBeGreaterThanOrEqualTo(At("redis", "healthy"));
        At("frontend", "running").ShouldBeGreaterThanOrEqualTo(At("backend", "healthy"));
    }

    [Fact]
    public async Task Platform_reproduces_scenario_s4()
    {
        var report = await VerifyAsync("platform",
            ["PLATFORM_API_PORT", "PLATFORM_METRICS_PORT", "PLATFORM_PROMETHEUS_PORT", "PLATFORM_DASHBOARD_PORT"]);
        report["services"]!.AsArray().Count.ShouldBe(7);
        var appSize = report["measurements"]!.AsArray()
            .Single(m => m!["metric"]!.GetValue<string>() == "image_size" && m["service"]?.GetValue<string>() == "app")!;
        appSize["actual"]!.GetValue<double>().ShouldBeGreaterThan(1e9, "the deliberately large image, as S4 shipped it");
        ExampleVerification.ShouldBeMeasuredAndJudged(report, "http_req_duration p(99)");
        ExampleVerification.ShouldBeMeasuredAndJudged(report, "http_reqs rate"); // the throughput baseline
        Rows(report, "recovery_time").ShouldBe(["pass", "pass"], "data written before the PostgreSQL and Redis restarts reads back");
        report["probes"]!.AsArray().Select(p => p!["name"]!.GetValue<string>())
            .ShouldContain("integration tests");
        report["findings"]!.AsArray().ShouldBeEmpty();
    }
}

/// <summary>One verify run of an example with free host ports, asserted to pass and to leave nothing behind.</summary>
internal static class ExampleVerification
{
    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromMinutes(10)).Token;

    /// <summary>Runs verify with every host port variable set to a free port; asserts the run passed and left nothing behind.</summary>
    public static Task<JsonObject> VerifyAsync(EngineFixture engine, string example, string[] portVariables, string[] optional) =>
        VerifyAsync(engine.Client, new Dictionary<string, string?>(), example, portVariables, optional);

    /// <summary>The same on the engine <paramref name="client"/> reaches, with <paramref name="environment"/> (e.g. DOCKER_HOST) for the CLI.</summary>
    public static async Task<JsonObject> VerifyAsync(Drydock.Engine.DockerClient client, Dictionary<string, string?> environment, string example, string[] portVariables, string[] optional)
    {
        var variables = new Dictionary<string, string?>(environment);
        foreach (var variable in portVariables)
        {
            variables[variable] = ComposeTestStack.FreeTcpPort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        var cli = await CliRunner.RunAsync(["verify", Path.Combine(RepoPaths.Examples, example), "--format", "json"],
            variables, cancellationToken: Timeout);
        // No report at all (a usage or tool error, exit 2): say what the CLI said rather than fail parsing nothing.
        var report = (string.IsNullOrWhiteSpace(cli.StandardOutput) ? null : JsonNode.Parse(cli.StandardOutput)?.AsObject())
            ?? throw new ShouldAssertException(cli.ToString());
        (await client.ListContainersAsync([$"{EngineFixture.RunLabel}={report["runId"]}"], Timeout)).ShouldBeEmpty();
        (await client.ListVolumesAsync([$"com.docker.compose.project={report["composeProject"]}"], Timeout)).ShouldBeEmpty();
        (await client.ListNetworksAsync([$"com.docker.compose.project={report["composeProject"]}"], Timeout)).ShouldBeEmpty();
        var measurements = report["measurements"]!.AsArray().Select(m => m!.AsObject()).ToList();
        // Every row with a target is judged by it; only a speed row may fail (this machine may be busy), no other.
        measurements.Where(m => m["target"] is not null).ShouldAllBe(m => JudgedByItsTarget(m), cli.ToString());
        measurements.Where(m => !IsSpeed(m)).ShouldAllBe(m => m["status"]!.GetValue<string>() != "fail", cli.ToString());
        var slow = measurements.Any(m => m["status"]!.GetValue<string>() == "fail");
        cli.ExitCode.ShouldBe(slow ? 1 : 0, cli.ToString());
        report["status"]!.GetValue<string>().ShouldBe(slow ? "failed" : "passed");
        report["probes"]!.AsArray().Where(p => !optional.Contains(p!["service"]!.GetValue<string>()))
            .ShouldAllBe(p => p!["status"]!.GetValue<string>() == "passed");
        report["scenarios"]!.AsArray().ShouldAllBe(s => s!["status"]!.GetValue<string>() == "passed");
        return report;
    }

    /// <summary>
    /// Rows whose verdict depends on how fast this machine is at the moment (start-up, latency, throughput). A test
    /// asserts they were measured and judged by their target, not that a loaded CI machine met a laptop's target.
    /// </summary>
    private static readonly string[] SpeedMetrics = ["build_time", "startup_time", "time_to_healthy", "latency", "http_req_duration", "http_reqs rate"];

    public static bool IsSpeed(JsonObject measurement)
    {
        var metric = measurement["metric"]!.GetValue<string>();
        return SpeedMetrics.Any(speed => metric == speed || metric.StartsWith(speed + " ", StringComparison.Ordinal));
    }

    /// <summary>The row's status is what its target says of its actual value: pass when it holds, fail when not.</summary>
    public static bool JudgedByItsTarget(JsonObject measurement)
    {
        var target = measurement["target"]!;
        if (measurement["actual"] is not { } actualNode)
        {
            return measurement["status"]!.GetValue<string>() == "fail";
        }
        var actual = actualNode.GetValue<double>();
        var value = target["value"]!.GetValue<double>();
        var holds = target["comparison"]!.GetValue<string>() switch
        {
            "<" => actual < value,
            "<=" => actual <= value,
            ">" => actual > value,
            ">=" => actual >= value,
            "==" => actual == value,
            var other => throw new ShouldAssertException($"unknown comparison {other}"),
        };
        return measurement["status"]!.GetValue<string>() == (holds ? "pass" : "fail");
    }

    /// <summary>A speed row's status: measured, and judged by its target (see <see cref="IsSpeed"/>).</summary>
    public static void ShouldBeMeasuredAndJudged(JsonObject report, string metric)
    {
        var rows = report["measurements"]!.AsArray().Select(m => m!.AsObject()).Where(m => m["metric"]!.GetValue<string>() == metric).ToList();
        rows.ShouldNotBeEmpty(metric);
        rows.ShouldAllBe(m => m["actual"] != null && JudgedByItsTarget(m), metric);
    }

    public static IEnumerable<string> Rows(JsonObject report, string metric) =>
        report["measurements"]!.AsArray().Where(m => m!["metric"]!.GetValue<string>() == metric).Select(m => m!["status"]!.GetValue<string>());
}
