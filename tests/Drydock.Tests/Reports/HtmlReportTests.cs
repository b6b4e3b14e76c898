using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Drydock.Measurements;
using Drydock.Reports;
using Drydock.Reports.Html;
using Drydock.Reports.Rendering;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Reports;

/// <summary>The structure of report.html, from a report with every chart's data; the browser test renders a real run's.</summary>
public sealed class HtmlReportTests
{
    private static string Render(Report report)
    {
        using var writer = new StringWriter();
        new HtmlReportRenderer().Render(report, writer, RenderOptions.Plain);
        return writer.ToString();
    }

    private static Report WithCharts()
    {
        var start = DateTimeOffset.Parse("2026-12-08T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        string T(double seconds) => start.AddSeconds(seconds).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
        JsonObject Usage(double from) => new()
        {
            ["api"] = new JsonObject
            {
                ["cpuPercent"] = 1.0, ["memory"] = 50_000_000, ["samples"] = 3,
                ["series"] = new JsonArray(
                    new JsonObject { ["time"] = T(from), ["cpuPercent"] = null, ["memory"] = 49_000_000 },
                    new JsonObject { ["time"] = T(from + 1), ["cpuPercent"] = 1.5, ["memory"] = 50_000_000 },
                    new JsonObject { ["time"] = T(from + 2), ["cpuPercent"] = 0.5, ["memory"] = 51_000_000 }),
            },
        };
        var report = SampleReports.Verify();
        var failing = report.Measurements[1] with { Evidence = ["api | ERROR connection closed"] };
        return report with
        {
            Measurements = [report.Measurements[0], failing, report.Measurements[2]],
            Probes = [.. report.Probes, new ProbeResult("api", "retried", ProbeStatus.Passed, 4, 900, "200 OK") { FailedAttempts = [new AttemptCount("503 Service Unavailable", 3)] }],
            Blocks = [new KeyValueBlock("Run", [new("Result", "failed: 1 target missed")])],
            Data = new JsonObject
            {
                ["environment"] = new JsonObject { ["host"] = "ci-1", ["cores"] = 2, ["engineVersion"] = "20.10.24" },
                ["phases"] = new JsonArray(new JsonObject { ["name"] = "start-up", ["start"] = T(0) }, new JsonObject { ["name"] = "idle", ["start"] = T(5) }, new JsonObject { ["name"] = "load 'health'", ["start"] = T(10) }),
                ["idle"] = new JsonObject { ["usage"] = Usage(6) },
                ["images"] = new JsonObject
                {
                    ["api"] = new JsonObject
                    {
                        ["image"] = "notes-api", ["size"] = 101_000_000, ["wastedBytes"] = 2_000_000,
                        ["layers"] = new JsonArray(new JsonObject { ["size"] = 100_000_000, ["createdBy"] = "/bin/sh -c #(nop) ADD file" }, new JsonObject { ["size"] = 1_000_000, ["createdBy"] = "COPY /app /app" }),
                    },
                },
                ["services"] = new JsonArray(
                    new JsonObject
                    {
                        ["name"] = "redis", ["status"] = "healthy", ["hasHealthcheck"] = true, ["dependsOn"] = new JsonArray(),
                        ["timeline"] = new JsonObject { ["created"] = T(0), ["running"] = T(0.2), ["healthy"] = T(0.4), ["exited"] = null },
                    },
                    new JsonObject
                    {
                        ["name"] = "api", ["status"] = "healthy", ["hasHealthcheck"] = true, ["dependsOn"] = new JsonArray("redis"),
                        ["timeline"] = new JsonObject { ["created"] = T(0.5), ["running"] = T(1), ["healthy"] = T(3.5), ["exited"] = null },
                    }),
                ["load"] = new JsonArray(new JsonObject
                {
                    ["name"] = "health", ["service"] = "api", ["scenario"] = null, ["passed"] = true, ["usage"] = Usage(11),
                    ["result"] = new JsonObject
                    {
                        ["completed"] = 3000, ["throughput"] = 1000,
                        ["latency"] = new JsonObject { ["p50Ms"] = 2, ["p95Ms"] = 5, ["p99Ms"] = 9, ["maxMs"] = 20 },
                        ["timeline"] = new JsonArray(
                            new JsonObject { ["second"] = 0, ["requests"] = 990, ["errors"] = 0, ["p50Ms"] = 2, ["p99Ms"] = 9, ["maxMs"] = 20 },
                            new JsonObject { ["second"] = 1, ["requests"] = 1010, ["errors"] = 0, ["p50Ms"] = 2.1, ["p99Ms"] = 8, ["maxMs"] = 15 }),
                        ["latencyHistogram"] = new JsonArray(new JsonObject { ["upToMs"] = 2, ["count"] = 1600 }, new JsonObject { ["upToMs"] = 2.5, ["count"] = 1300 }, new JsonObject { ["upToMs"] = 10, ["count"] = 100 }),
                    },
                }),
                ["scenarios"] = new JsonArray(),
                ["baseline"] = new JsonObject
                {
                    ["environmentDifferences"] = new JsonArray(new JsonObject { ["field"] = "cores", ["old"] = "8", ["new"] = "2" }),
                    ["changes"] = new JsonArray(
                        new JsonObject { ["metric"] = "image_size", ["service"] = "api", ["unit"] = "bytes", ["old"] = 67_000_000, ["new"] = 101_000_000, ["changePercent"] = 50.7, ["status"] = "regressed" },
                        new JsonObject { ["metric"] = "load 'health' p99", ["service"] = "api", ["unit"] = "ms", ["old"] = 12, ["new"] = 9, ["changePercent"] = -25, ["status"] = "improved" }),
                    ["added"] = new JsonArray(),
                    ["vanished"] = new JsonArray(new JsonObject { ["metric"] = "memory_idle", ["service"] = "db" }),
                },
            },
        };
    }

    [Fact]
    public void The_page_has_every_section_in_order_with_failing_rows_first()
    {
        var html = Render(WithCharts());
        string[] sections = ["verdict", "targets", "startup", "resources", "load", "images", "probes", "baseline"];
        var positions = sections.Select(id => html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal)).ToList();
        positions.ShouldAllBe(position => position >= 0, string.Join(", ", sections.Zip(positions)));
        positions.ShouldBeInOrder(SortDirection.Ascending);

        var targets = html[positions[1]..positions[2]];
        targets.IndexOf("startup_time", StringComparison.Ordinal).ShouldBeLessThan(targets.IndexOf("image_size", StringComparison.Ordinal), "the failing row comes first");
        targets.ShouldContain("<pre class=\"evidence\">api | ERROR connection closed</pre>");
        targets.ShouldContain("+50.7% ▲", customMessage: "the change column marks a regression");
        html.ShouldContain("3× 503 Service Unavailable");
        html.ShouldContain("passed on attempt 4 of 4");
        html.ShouldContain("2 MB wasted");
        html.ShouldContain("class=\"ghost\"", customMessage: "baseline ghost bars");
        html.ShouldContain("class=\"band band0\"", customMessage: "phases shaded");
        html.ShouldContain("cores: 8 → 2");
        html.ShouldContain("<title>api depends on redis</title>", customMessage: "the Gantt draws dependencies");
    }

    [Fact]
    public void The_page_is_self_contained_and_well_formed()
    {
        var html = Render(WithCharts());
        html.ShouldNotContain("<script", Case.Insensitive);
        Regex.IsMatch(html, @"(src|href)\s*=", RegexOptions.IgnoreCase).ShouldBeFalse("nothing is loaded from anywhere");
        html.ShouldNotContain("@import");
        html.ShouldNotContain("url(");
        html.ShouldContain("<meta name=\"viewport\"");
        html.ShouldContain("@media print");
        // The body parses as XML: every element closed, every text escaped.
        var body = html[html.IndexOf("<body>", StringComparison.Ordinal)..(html.IndexOf("</body>", StringComparison.Ordinal) + "</body>".Length)];
        Should.NotThrow(() => XElement.Parse(body.Replace("&nbsp;", "&#160;", StringComparison.Ordinal)));
    }

    [Fact]
    public void Hostile_text_is_escaped()
    {
        var report = SampleReports.Verify() with
        {
            Probes = [new ProbeResult("api", "<script>alert(1)</script>", ProbeStatus.Failed, 1, 1, "\u001b[2J<img src=x>")],
        };
        var html = Render(report);
        html.ShouldNotContain("<script>");
        html.ShouldNotContain("<img");
        html.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");
        html.ShouldContain("\\x1b[2J");
    }
}
