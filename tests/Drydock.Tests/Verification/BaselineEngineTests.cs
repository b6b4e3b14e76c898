using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Drydock.Reports.Diff;
using Drydock.Reports.Schema;
using Drydock.Tests.TestSupport;
using Json.Schema;

namespace Drydock.Tests.Verification;

/// <summary>
/// End to end on examples/notes (a copy, with two relative targets added): a run writes its reports, report.json
/// validates against <c>drydock schema --report</c>, a second run compares itself with the first (<c>--baseline</c>)
/// and judges the relative targets, <c>drydock diff</c> compares the two files, and Debian's chromium renders the
/// second run's report.html headless.
/// </summary>
[Trait("Category", EngineFixture.Category)]
public sealed class BaselineEngineTests(EngineFixture engine) : IClassFixture<EngineFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("drydock-baseline-").FullName;

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromMinutes(10)).Token;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string CopyNotes()
    {
        var source = Path.Combine(RepoPaths.Examples, "notes");
        var target = Path.Combine(_directory, "notes");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            {
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
            File.Copy(file, Path.Combine(target, relative));
        }
        var config = Path.Combine(target, "drydock.yml");
        var yaml = File.ReadAllText(config);
        yaml.ShouldContain("  image_size: < 300 MB");
        yaml.ShouldContain("      http_req_duration: [\"p(95)<500\"]\n");
        File.WriteAllText(config, yaml
            .Replace("  image_size: < 300 MB", "  image_size: \"<= 1.0 * baseline\"", StringComparison.Ordinal)
            .Replace("      http_req_duration: [\"p(95)<500\"]\n", "      http_req_duration: [\"p(95)<500\"]\n      http_reqs: [\"rate > 0.01 * baseline\"]\n", StringComparison.Ordinal));
        return target;
    }

    private async Task<(CliResult Cli, JsonObject Report)> VerifyAsync(string project, string reportDir, params string[] options)
    {
        var port = ComposeTestStack.FreeTcpPort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var cli = await CliRunner.RunAsync(["verify", project, "--report-dir", reportDir, .. options], new Dictionary<string, string?> { ["NOTES_PORT"] = port }, cancellationToken: Timeout);
        var path = Path.Combine(reportDir, "report.json");
        File.Exists(path).ShouldBeTrue(cli.ToString());
        var report = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        (await engine.Client.ListContainersAsync([$"{EngineFixture.RunLabel}={report["runId"]}"], Timeout)).ShouldBeEmpty();
        var failing = report["measurements"]!.AsArray().Count(m => m!["status"]!.GetValue<string>() == "fail");
        // Only a speed row may fail on a busy machine; the exit code follows the rows.
        report["measurements"]!.AsArray().Where(m => m!["status"]!.GetValue<string>() == "fail").ShouldAllBe(m => ExampleVerification.IsSpeed(m!.AsObject()), cli.ToString());
        cli.ExitCode.ShouldBe(failing == 0 ? 0 : 1, cli.ToString());
        return (cli, report);
    }

    private static JsonObject Row(JsonObject report, string metric, string? service) =>
        report["measurements"]!.AsArray().Select(m => m!.AsObject()).Single(m => m["metric"]!.GetValue<string>() == metric && m["service"]?.GetValue<string>() == service);

    [Fact]
    public async Task A_run_compared_with_the_previous_one_judges_relative_targets_and_renders_in_a_browser()
    {
        var project = CopyNotes();
        var first = Path.Combine(_directory, "first");
        var second = Path.Combine(_directory, "second");

        var (_, old) = await VerifyAsync(project, first);
        var schema = Drydock.Tests.Reports.ReportSchemaTests.Compiled;
        using (var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(first, "report.json"))))
        {
            var validation = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            validation.IsValid.ShouldBeTrue(string.Join("\n", (validation.Details ?? []).Where(detail => detail.Errors is { Count: > 0 }).Select(detail => $"{detail.InstanceLocation}: {string.Join("; ", detail.Errors!.Values)}")));
        }
        old["environment"]!["cores"]!.GetValue<int>().ShouldBeGreaterThan(0);
        old["environment"]!["engineVersion"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        old["idle"]!["usage"]!["api"]!["series"]!.AsArray().Count.ShouldBe(old["idle"]!["usage"]!["api"]!["samples"]!.GetValue<int>());
        old["load"]![0]!["result"]!["latencyHistogram"]!.AsArray().Sum(bucket => bucket!["count"]!.GetValue<long>())
            .ShouldBe(old["load"]![0]!["result"]!["latency"]!["count"]!.GetValue<long>(), "every answer is in one bucket");
        old["images"]!["api"]!["layers"]!.AsArray().ShouldNotBeEmpty();
        Row(old, "image_size", null)["status"]!.GetValue<string>().ShouldBe("info", "relative, and no baseline yet");
        Row(old, "image_size", null)["detail"]!.GetValue<string>().ShouldEndWith(BaselineJudge.NoBaseline);
        File.Exists(Path.Combine(first, "report.html")).ShouldBeTrue();

        var (cli, current) = await VerifyAsync(project, second, "--baseline", Path.Combine(first, "report.json"), "--format", "markdown");
        cli.StandardOutput.ShouldContain("## Compared with the baseline");
        cli.StandardOutput.ShouldContain("## Changes since the baseline");
        var image = Row(current, "image_size", null);
        image["status"]!.GetValue<string>().ShouldBe("pass", "the same images, from the build cache");
        image["targetText"]!.GetValue<string>().ShouldStartWith("<= 1 × baseline (");
        var rate = Row(current, "http_reqs rate", "api");
        rate["target"]!["baselineFactor"]!.GetValue<double>().ShouldBe(0.01);
        rate["target"]!["value"]!.GetValue<double>().ShouldBe(0.01 * Row(old, "http_reqs rate", "api")["actual"]!.GetValue<double>(), 1e-6);
        ExampleVerification.JudgedByItsTarget(rate).ShouldBeTrue();
        var comparison = current["baseline"]!.AsObject();
        comparison["changes"]!.AsArray().Select(change => change!["metric"]!.GetValue<string>()).ShouldContain("image_size");
        comparison["environmentDifferences"]!.AsArray().ShouldBeEmpty("both runs on this machine");

        var diff = await CliRunner.RunAsync(["diff", Path.Combine(first, "report.json"), Path.Combine(second, "report.json"), "--format", "json"]);
        var diffJson = JsonNode.Parse(diff.StandardOutput)!;
        diff.ExitCode.ShouldBe(diffJson["regressions"]!.GetValue<int>() == 0 ? 0 : 1, diff.ToString());
        diffJson["changes"]!.AsArray().Single(change => change!["metric"]!.GetValue<string>() == "image_size" && change["service"] is null)!["changePercent"]!.GetValue<double>().ShouldBe(0);

        await RenderInChromiumAsync(Path.Combine(second, "report.html"));
    }

    /// <summary>Debian's chromium, headless: the DOM has the report's sections and the page logged nothing to the console.</summary>
    private async Task RenderInChromiumAsync(string html)
    {
        var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
            ?? throw new ShouldAssertException("chromium is not installed: scripts/setup-engine.sh installs it");
        var dom = await RunChromiumAsync(chromium, "--dump-dom", new Uri(html).AbsoluteUri);
        dom.ExitCode.ShouldBe(0, dom.Error);
        foreach (var id in new[] { "verdict", "targets", "startup", "resources", "load", "images", "probes", "baseline" })
        {
            dom.Output.ShouldContain($"id=\"{id}\"", customMessage: $"section {id} in the rendered DOM");
        }
        dom.Output.ShouldContain("<svg");
        dom.Error.ShouldNotContain("CONSOLE", customMessage: "the page logged to the console");
        var screenshot = Path.Combine(_directory, "report.png");
        var shot = await RunChromiumAsync(chromium, $"--screenshot={screenshot}", "--window-size=1100,2400", new Uri(html).AbsoluteUri);
        shot.ExitCode.ShouldBe(0, shot.Error);
        var bytes = await File.ReadAllBytesAsync(screenshot);
        bytes.Length.ShouldBeGreaterThan(10_000);
        bytes.Take(4).ShouldBe(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' });
    }

    private async Task<(int ExitCode, string Output, string Error)> RunChromiumAsync(string chromium, params string[] arguments)
    {
        var start = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // Root in a container needs --no-sandbox; logging to stderr shows console messages (CONSOLE lines).
        foreach (var argument in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--enable-logging=stderr", "--v=0",
                     $"--user-data-dir={Path.Combine(_directory, "chromium-profile")}" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new ShouldAssertException("chromium did not finish within 2 minutes");
        }
        return (process.ExitCode, await output, await error);
    }
}
