using System.Text.Json.Nodes;
using Drydock.Measurements;
using Drydock.Reports.Diff;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Reports;

/// <summary><c>drydock diff</c> on crafted report.json files: what is compared, judged, listed and flagged.</summary>
public sealed class DiffTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("drydock-diff-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A verify report.json as the renderer writes it, with the numbers the tests change.</summary>
    private static JsonObject Report(double apiImage = 150_000_000, double startup = 12.5, double throughput = 2000, double p95 = 8, string host = "ci-1", int cores = 2,
        bool withRedisMemory = true, bool withRecovery = true)
    {
        var measurements = new JsonArray
        {
            Row("image_size", "api", apiImage, "bytes"),
            Row("startup_time", null, startup, "s"),
            Row("cpu_idle", "api", 0.4, "%"),
            Row("log_errors", null, 0, "count"),
            Row("http_req_duration p(95)", "api", p95, "ms"),
            Row("http_reqs rate", "api", throughput, "/s"),
        };
        if (withRedisMemory)
        {
            measurements.Add(Row("memory_idle", "redis", 3_000_000, "bytes"));
        }
        if (withRecovery)
        {
            measurements.Add(Row("recovery_time", null, 2.5, "s"));
            measurements.Add(Row("recovery_time", null, 3.0, "s"));
        }
        return new JsonObject
        {
            ["schemaVersion"] = 1,
            ["project"] = "notes",
            ["status"] = "passed",
            ["environment"] = new JsonObject { ["host"] = host, ["cores"] = cores, ["engineVersion"] = "20.10.24", ["architecture"] = "x86_64" },
            ["services"] = new JsonArray { new JsonObject { ["name"] = "api", ["createdToReadySeconds"] = 3.2 } },
            ["load"] = new JsonArray
            {
                new JsonObject
                {
                    ["name"] = "health", ["service"] = "api", ["scenario"] = null,
                    ["result"] = new JsonObject { ["throughput"] = throughput, ["latency"] = new JsonObject { ["p50Ms"] = 2.0, ["p95Ms"] = p95, ["p99Ms"] = 12.0 } },
                },
            },
            ["measurements"] = measurements,
            ["probes"] = new JsonArray(),
            ["findings"] = new JsonArray(),
        };

        static JsonObject Row(string metric, string? service, double actual, string unit) => new()
        {
            ["metric"] = metric, ["service"] = service, ["target"] = null, ["actual"] = actual, ["unit"] = unit, ["status"] = "info", ["actualText"] = "x",
        };
    }

    private string Write(string name, JsonObject report)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, report.ToJsonString());
        return path;
    }

    private Task<CliResult> DiffAsync(JsonObject old, JsonObject current, params string[] options) =>
        CliRunner.RunAsync(["diff", Write("old.json", old), Write("new.json", current), .. options], workingDirectory: _directory);

    [Fact]
    public async Task The_same_run_compared_with_itself_exits_0()
    {
        var result = await DiffAsync(Report(), Report());
        result.ExitCode.ShouldBe(0, result.ToString());
        result.StandardOutput.ShouldContain("no regression beyond tolerance");
        result.StandardOutput.ShouldNotContain("regressed");
    }

    [Fact]
    public async Task An_image_half_again_as_large_exits_1_and_names_the_row()
    {
        var result = await DiffAsync(Report(), Report(apiImage: 225_000_000));
        result.ExitCode.ShouldBe(1, result.ToString());
        result.StandardOutput.ShouldContain("1 regression: image_size (api) +50.0%");
        var row = result.StandardOutput.Split('\n').Select(line => line.Trim()).Single(line => line.StartsWith("image_size", StringComparison.Ordinal));
        row.ShouldContain("150 MB");
        row.ShouldContain("225 MB");
        row.ShouldContain("+10%");
        row.ShouldContain("regressed");
    }

    [Fact]
    public async Task Missing_and_new_rows_are_listed()
    {
        var result = await DiffAsync(Report(withRedisMemory: true, withRecovery: false), Report(withRedisMemory: false, withRecovery: true));
        result.ExitCode.ShouldBe(0, result.ToString());
        var output = result.StandardOutput;
        output.ShouldContain("Vanished rows (only in the old run)");
        output.Split("Vanished rows")[1].ShouldContain("memory_idle");
        output.ShouldContain("New rows (not in the old run)");
        var added = output.Split("New rows")[1].Split("Vanished rows")[0];
        added.ShouldContain("recovery_time");
        added.ShouldContain("recovery_time #2", customMessage: "two rows of one metric stay two rows");
    }

    [Fact]
    public async Task Throughput_regresses_when_it_drops_beyond_its_tolerance_and_latency_when_it_rises()
    {
        var result = await DiffAsync(Report(), Report(throughput: 1500, p95: 9), "--format", "json");
        result.ExitCode.ShouldBe(1, result.ToString());
        var json = JsonNode.Parse(result.StandardOutput)!;
        var changes = json["changes"]!.AsArray().Select(change => change!.AsObject()).ToList();
        string Status(string metric) => changes.Single(change => change["metric"]!.GetValue<string>() == metric)["status"]!.GetValue<string>();
        Status("http_reqs rate").ShouldBe("regressed", "−25% beyond throughput's −20%");
        Status("load 'health' requests/s").ShouldBe("regressed");
        Status("http_req_duration p(95)").ShouldBe("within", "+12.5% is within latencies' +25%");
        Status("cpu_idle").ShouldBe("not_judged", "CPU has no default tolerance");
        json["regressions"]!.GetValue<int>().ShouldBe(2);
    }

    [Fact]
    public async Task Runs_from_different_machines_are_compared_and_flagged()
    {
        var result = await DiffAsync(Report(), Report(host: "laptop", cores: 8), "--format", "markdown");
        result.ExitCode.ShouldBe(0, result.ToString());
        result.StandardOutput.ShouldContain("## Different environments");
        result.StandardOutput.ShouldContain("host: ci-1 → laptop; cores: 2 → 8");
        result.StandardOutput.ShouldContain("| image_size | api | 150 MB | 150 MB | 0% | +10% | ok |");
    }

    [Fact]
    public async Task Tolerances_come_from_drydock_yml_baseline_per_metric_and_per_kind()
    {
        File.WriteAllText(Path.Combine(_directory, "drydock.yml"), "baseline:\n  image_size: 60%\n  times: 5%\n");
        var result = await DiffAsync(Report(), Report(apiImage: 225_000_000, startup: 13.5));
        result.ExitCode.ShouldBe(1, result.ToString());
        result.StandardOutput.ShouldContain("1 regression: startup_time +8.0%", customMessage: "image_size +50% is within 60%; startup +8% is beyond times' 5%");
    }

    [Fact]
    public async Task A_bad_tolerance_is_an_error_at_its_line_and_column()
    {
        File.WriteAllText(Path.Combine(_directory, "drydock.yml"), "baseline:\n  image_size: ten\n");
        var result = await DiffAsync(Report(), Report());
        result.ExitCode.ShouldBe(2, result.ToString());
        result.StandardError.ShouldContain("drydock.yml:2:15: baseline.image_size: 'ten' is not a percentage");
    }

    [Fact]
    public async Task A_file_that_is_not_a_verify_report_is_a_usage_error()
    {
        var result = await DiffAsync(new JsonObject { ["schemaVersion"] = 1, ["findings"] = new JsonArray() }, Report());
        result.ExitCode.ShouldBe(2, result.ToString());
        result.StandardError.ShouldContain("is not a drydock verify report");
        var missing = await CliRunner.RunAsync(["diff", Path.Combine(_directory, "nope.json"), Path.Combine(_directory, "nope.json")], workingDirectory: _directory);
        missing.ExitCode.ShouldBe(2, missing.ToString());
        missing.StandardError.ShouldNotContain("   at ");
    }

    [Fact]
    public void Relative_targets_take_the_baseline_value_of_the_same_row()
    {
        var baseline = RunSnapshot.From(Report(throughput: 2000), "old.json");
        var rate = new Metric("http_reqs rate", Unit.PerSecond);
        var target = new Target(rate, "api", Comparison.GreaterThan, double.NaN) { BaselineFactor = 0.9 };
        var slow = Measurement.Evaluate(rate, "api", target, 1700);
        var fast = Measurement.Evaluate(rate, "api", target, 1900);
        slow.Status.ShouldBe(MeasurementStatus.Info, "unresolved: no baseline yet");

        var judged = BaselineJudge.Resolve([slow], baseline);
        judged[0].Status.ShouldBe(MeasurementStatus.Fail);
        judged[0].Target!.Value.ShouldBe(1800);
        judged[0].Target!.ToString().ShouldBe("> 0.9 × baseline (1800 /s)");
        judged[0].Detail.ShouldBe("baseline 2000 /s");
        BaselineJudge.Resolve([fast], baseline)[0].Status.ShouldBe(MeasurementStatus.Pass);
        var twice = BaselineJudge.Resolve([fast, fast], baseline);
        twice[1].Status.ShouldBe(MeasurementStatus.Info, "the second row of a metric is compared with the baseline's second, which it lacks");

        var unjudged = BaselineJudge.Resolve([slow], baseline: null);
        unjudged[0].Status.ShouldBe(MeasurementStatus.Info);
        unjudged[0].Detail.ShouldBe(BaselineJudge.NoBaseline);
        var absent = BaselineJudge.Resolve([Measurement.Evaluate(rate, "web", target with { Service = "web" }, 10)], baseline);
        absent[0].Status.ShouldBe(MeasurementStatus.Info);
        absent[0].Detail!.ShouldContain("has no measured http_reqs rate for web");
    }
}
