using System.Text.Json.Nodes;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Verification;

/// <summary>Load runs and fault scenarios of <c>drydock verify</c> on the real engine (tests/verify-stacks/faults*).</summary>
[Trait("Category", EngineFixture.Category)]
public sealed class VerifyScenarioTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token;

    private async Task<(CliResult Cli, JsonObject Report)> VerifyAsync(string stack)
    {
        var cli = await CliRunner.RunAsync(["verify", Path.Combine(RepoPaths.Root, "tests", "verify-stacks", stack), "--format", "json"], cancellationToken: Timeout);
        var report = JsonNode.Parse(cli.StandardOutput)?.AsObject() ?? throw new ShouldAssertException(cli.ToString());
        (await engine.Client.ListContainersAsync([$"{EngineFixture.RunLabel}={report["runId"]}"], Timeout)).ShouldBeEmpty();
        (await engine.Client.ListNetworksAsync([$"com.docker.compose.project={report["composeProject"]}"], Timeout)).ShouldBeEmpty();
        return (cli, report);
    }

    private static JsonObject Scenario(JsonObject report, string name) =>
        report["scenarios"]!.AsArray().Select(node => node!.AsObject()).Single(s => s["name"]!.GetValue<string>() == name);

    private static IEnumerable<JsonObject> Rows(JsonObject report, string metric) =>
        report["measurements"]!.AsArray().Select(node => node!.AsObject()).Where(m => m["metric"]!.GetValue<string>() == metric);

    [Fact]
    public async Task Every_fault_kind_runs_and_the_stack_recovers()
    {
        var (cli, report) = await VerifyAsync("faults");
        cli.ExitCode.ShouldBe(0, cli.ToString());
        foreach (var name in new[] { "restart", "stop and start", "kill", "pause and unpause", "network cut and restored", "saved values", "load during a restart" })
        {
            Scenario(report, name)["status"]!.GetValue<string>().ShouldBe("passed", Scenario(report, name).ToJsonString());
        }
        Scenario(report, "saved values")["steps"]![1]!["detail"]!.GetValue<string>().ShouldContain("test 3 = 3", customMessage: "the saved $.version went into the command");

        var recovery = Rows(report, "recovery_time").Single(row => row["target"] is not null);
        recovery["status"]!.GetValue<string>().ShouldBe("pass");
        recovery["actual"]!.GetValue<double>().ShouldBeGreaterThan(0);
        recovery["service"]!.GetValue<string>().ShouldBe("web");

        var loads = report["load"]!.AsArray().Select(node => node!.AsObject()).ToList();
        loads.Select(load => load["name"]!.GetValue<string>()).ShouldBe(["steady", "GET /health"]);
        loads[0]["result"]!["completed"]!.GetValue<long>().ShouldBeGreaterThan(10);
        Rows(report, "http_req_failed rate").First()["status"]!.GetValue<string>().ShouldBe("pass");
        loads[1]["scenario"]!.GetValue<string>().ShouldBe("load during a restart");
        loads[1]["result"]!["timeline"]!.AsArray().Count.ShouldBeGreaterThanOrEqualTo(3, "a per-second timeline shows the restart");
    }

    [Fact]
    public async Task Load_against_500s_and_a_recovery_that_never_happens_fail_with_diagnostics()
    {
        var (cli, report) = await VerifyAsync("faults-failing");
        cli.ExitCode.ShouldBe(1, cli.ToString());
        report["status"]!.GetValue<string>().ShouldBe("failed");

        var failed = Rows(report, "http_req_failed rate").Single(row => row["target"] is not null);
        failed["status"]!.GetValue<string>().ShouldBe("fail");
        failed["actual"]!.GetValue<double>().ShouldBe(1.0, "every answer was a 500");
        report["load"]![0]!["result"]!["statuses"]!.ToJsonString().ShouldContain("5");

        var scenario = Scenario(report, "never recovers");
        scenario["status"]!.GetValue<string>().ShouldBe("failed");
        var steps = scenario["steps"]!.AsArray().Select(node => node!.AsObject()).ToList();
        steps.Select(step => step["status"]!.GetValue<string>()).ShouldBe(["passed", "failed", "skipped"]);
        steps[1]["detail"]!.GetValue<string>().ShouldContain("web is exited");
        steps[1]["durationMs"]!.GetValue<double>().ShouldBeInRange(2_500, 15_000, "it gave up at its recovery timeout, not at once");
        var recovery = Rows(report, "recovery_time").Single();
        recovery["status"]!.GetValue<string>().ShouldBe("fail");
        recovery["actual"].ShouldBeNull();
    }

    [Fact]
    public async Task Logs_are_read_for_the_whole_run_by_phase_and_a_scenario_s_expected_errors_are_counted_apart()
    {
        var (cli, report) = await VerifyAsync("logs");
        cli.ExitCode.ShouldBe(1, cli.ToString());

        // web logs an error only while the load run hits /cgi-bin/boom: after the idle window, so only a whole-run scan sees it.
        var web = Rows(report, "log_errors").Single(row => row["service"]!.GetValue<string>() == "web");
        web["status"]!.GetValue<string>().ShouldBe("fail", web.ToJsonString());
        web["actual"]!.GetValue<double>().ShouldBeGreaterThan(0);
        web["detail"]!.GetValue<string>().ShouldContain("by phase: load 'boom'");
        web["evidence"]![0]!.GetValue<string>().ShouldBe("[load 'boom'] ERROR boom: handler failed");

        // db logs FATAL when the scenario restarts it, which the scenario declared: counted apart, log_errors passes.
        var db = Rows(report, "log_errors").Single(row => row["service"]!.GetValue<string>() == "db");
        db["status"]!.GetValue<string>().ShouldBe("pass", db.ToJsonString());
        db["actual"]!.GetValue<double>().ShouldBe(0);
        var expected = Rows(report, "expected_log_errors").Single();
        expected["service"]!.GetValue<string>().ShouldBe("db");
        expected["actual"]!.GetValue<double>().ShouldBeGreaterThanOrEqualTo(1);
        expected["evidence"]![0]!.GetValue<string>().ShouldBe("[scenario 'two restarts': restart db] FATAL: terminating connection due to administrator command");

        // start_order: respected, from the timeline: db (no health check) was running before web was created.
        var order = report["probes"]!.AsArray().Select(node => node!.AsObject()).Single(probe => probe["name"]!.GetValue<string>() == "start order: db ready before web created");
        order["status"]!.GetValue<string>().ShouldBe("passed", order.ToJsonString());
        order["detail"]!.GetValue<string>().ShouldMatch(@"^db ready [\d.]+ m?s before web was created$");

        // Two consecutive faults: two recovery rows, each from its own fault until the probes after both pass.
        var recoveries = Rows(report, "recovery_time").ToDictionary(row => row["service"]!.GetValue<string>(), row => row["actual"]!.GetValue<double>());
        recoveries.Keys.Order().ShouldBe(["db", "web"]);
        recoveries["web"].ShouldBeGreaterThan(0);
        recoveries["db"].ShouldBeGreaterThan(recoveries["web"], "db's fault began first, and both end when the probes after them pass");

        // Every service's CPU and memory, under load and during the scenario, not only the loaded one's.
        var load = report["load"]![0]!["usage"]!.AsObject();
        load.Select(pair => pair.Key).Order().ShouldBe(["db", "web"]);
        load["db"]!["samples"]!.GetValue<int>().ShouldBeGreaterThan(0);
        // An exec probe's output saved (all of it, and a regex group) and used by a later step.
        var steps = Scenario(report, "two restarts")["steps"]!.AsArray().Select(step => step!.AsObject()).ToList();
        steps.ShouldAllBe(step => step["status"]!.GetValue<string>() == "passed", Scenario(report, "two restarts").ToJsonString());
        steps[^1]["detail"]!.GetValue<string>().ShouldStartWith("`sh -c test \"");
        steps[^1]["detail"]!.GetValue<string>().ShouldNotContain("${", customMessage: "both saved values went into the command");

        var scenario = Scenario(report, "two restarts")["usage"]!.AsObject();
        scenario.Select(pair => pair.Key).Order().ShouldBe(["db", "web"]);
    }
}
