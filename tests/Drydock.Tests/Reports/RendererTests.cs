using System.Text.Json;
using System.Xml.Linq;
using Drydock.Measurements;
using Drydock.Reports.Rendering;
using Drydock.Reports;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Reports;

public sealed class RendererTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("drydock-render-").FullName;

    public RendererTests()
    {
        File.WriteAllText(Path.Combine(_directory, "Dockerfile"), "FROM debian:12\nRUN apt-get install -y curl\nCOPY . /app\nUSER root\n");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Render(Report report, ReportFormat format, bool color = false)
    {
        var writer = new StringWriter();
        ReportRenderers.For(format).Render(report, writer, new RenderOptions { WorkingDirectory = _directory, Color = color });
        return writer.ToString();
    }

    [Fact]
    public void Json_check_report_has_the_documented_shape_with_relative_paths()
    {
        using var json = JsonDocument.Parse(Render(SampleReports.Check(_directory), ReportFormat.Json));
        var root = json.RootElement;
        root.GetProperty("schemaVersion").GetInt32().ShouldBe(1);
        var findings = root.GetProperty("findings");
        findings.GetArrayLength().ShouldBe(3);
        var first = findings[0];
        foreach (var name in new[] { "rule", "aliases", "severity", "category", "file", "line", "column", "endLine", "endColumn", "message", "help" })
        {
            first.TryGetProperty(name, out _).ShouldBeTrue($"finding lacks '{name}'");
        }
        var pin = findings.EnumerateArray().Single(f => f.GetProperty("rule").GetString() == "DF901");
        pin.GetProperty("file").GetString().ShouldBe("Dockerfile");
        pin.GetProperty("line").GetInt32().ShouldBe(2);
        pin.GetProperty("column").GetInt32().ShouldBe(5);
        pin.GetProperty("aliases")[0].GetString().ShouldBe("DL3008");
        pin.GetProperty("severity").GetString().ShouldBe("warning");
        pin.GetProperty("message").GetString().ShouldBe("Pin versions in apt-get install: curl");
        pin.GetProperty("fix").GetString().ShouldBe("curl=7.88.1-10");
        findings.EnumerateArray().Single(f => f.GetProperty("rule").GetString() == "DF903").GetProperty("file").GetString().ShouldBe("sub/Containerfile");
        var summary = root.GetProperty("summary");
        (summary.GetProperty("files").GetInt32(), summary.GetProperty("errors").GetInt32(), summary.GetProperty("warnings").GetInt32(), summary.GetProperty("infos").GetInt32())
            .ShouldBe((2, 1, 1, 1));
        root.TryGetProperty("measurements", out _).ShouldBeFalse();
    }

    [Fact]
    public void Json_verify_report_carries_measurements_and_probes()
    {
        using var json = JsonDocument.Parse(Render(SampleReports.Verify(), ReportFormat.Json));
        var measurements = json.RootElement.GetProperty("measurements");
        measurements.GetArrayLength().ShouldBe(3);
        var image = measurements[0];
        image.GetProperty("metric").GetString().ShouldBe("image_size");
        image.GetProperty("service").GetString().ShouldBe("api");
        image.GetProperty("actual").GetDouble().ShouldBe(101_000_000);
        image.GetProperty("unit").GetString().ShouldBe("bytes");
        image.GetProperty("status").GetString().ShouldBe("pass");
        image.GetProperty("target").GetProperty("comparison").GetString().ShouldBe("<");
        image.GetProperty("targetText").GetString().ShouldBe("< 300 MB");
        measurements[1].GetProperty("status").GetString().ShouldBe("fail");
        measurements[1].GetProperty("service").ValueKind.ShouldBe(JsonValueKind.Null);
        measurements[2].GetProperty("status").GetString().ShouldBe("info");
        measurements[2].GetProperty("target").ValueKind.ShouldBe(JsonValueKind.Null);
        var probes = json.RootElement.GetProperty("probes");
        probes[1].GetProperty("status").GetString().ShouldBe("failed");
        probes[1].GetProperty("attempts").GetInt32().ShouldBe(5);
    }

    [Fact]
    public void Sarif_has_rules_with_help_and_results_with_regions()
    {
        using var json = JsonDocument.Parse(Render(SampleReports.Check(_directory), ReportFormat.Sarif));
        var root = json.RootElement;
        root.GetProperty("version").GetString().ShouldBe("2.1.0");
        root.GetProperty("$schema").GetString().ShouldBe(SarifReportRenderer.SchemaUri);
        var run = root.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules");
        rules.EnumerateArray().Select(r => r.GetProperty("id").GetString()).ShouldBe(["DF901", "DF902", "DF903"]);
        var pinRule = rules[0];
        pinRule.GetProperty("helpUri").GetString().ShouldEndWith("#df901");
        pinRule.GetProperty("shortDescription").GetProperty("text").GetString().ShouldBe("Pin versions in apt-get install");
        pinRule.GetProperty("defaultConfiguration").GetProperty("level").GetString().ShouldBe("warning");
        var results = run.GetProperty("results");
        results.GetArrayLength().ShouldBe(3);
        var pin = results.EnumerateArray().Single(r => r.GetProperty("ruleId").GetString() == "DF901");
        pin.GetProperty("ruleIndex").GetInt32().ShouldBe(0);
        var location = pin.GetProperty("locations")[0].GetProperty("physicalLocation");
        location.GetProperty("artifactLocation").GetProperty("uri").GetString().ShouldBe("Dockerfile");
        location.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString().ShouldBe("SRCROOT");
        location.GetProperty("region").GetProperty("startLine").GetInt32().ShouldBe(2);
        location.GetProperty("region").GetProperty("endColumn").GetInt32().ShouldBe(35);
        results.EnumerateArray().Single(r => r.GetProperty("ruleId").GetString() == "DF903").GetProperty("level").GetString().ShouldBe("note");
    }

    [Fact]
    public void Junit_counts_failures_for_errors_and_warnings_only()
    {
        var document = XDocument.Parse(Render(SampleReports.Check(_directory), ReportFormat.Junit));
        var suites = document.Root!;
        suites.Name.LocalName.ShouldBe("testsuites");
        suites.Attribute("tests")!.Value.ShouldBe("3");
        suites.Attribute("failures")!.Value.ShouldBe("2");
        var dockerfileSuite = suites.Elements("testsuite").Single(s => s.Attribute("name")!.Value == "Dockerfile");
        dockerfileSuite.Elements("testcase").Count().ShouldBe(2);
        dockerfileSuite.Descendants("failure").Select(f => f.Attribute("type")!.Value).ShouldBe(["warning", "error"], ignoreOrder: true);
    }

    [Fact]
    public void Sarif_fingerprints_survive_lines_inserted_above_and_security_rules_carry_a_security_severity()
    {
        string Fingerprint(string render, string rule) => JsonDocument.Parse(render).RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("ruleId").GetString() == rule).GetProperty("partialFingerprints").GetProperty("drydockFingerprint/v1").GetString()!;
        var before = Render(SampleReports.Check(_directory), ReportFormat.Sarif);
        var original = Fingerprint(before, "DF901");
        original.Length.ShouldBe(32);

        // Two lines inserted above: the finding moves from line 2 to line 4, its fingerprint does not.
        var dockerfile = Path.Combine(_directory, "Dockerfile");
        File.WriteAllText(dockerfile, "# syntax=docker/dockerfile:1\n\nFROM debian:12\nRUN   apt-get install -y curl\nCOPY . /app\nUSER root\n");
        var moved = SampleReports.Check(_directory);
        moved = moved with { Findings = moved.Findings.Select(f => f.Rule.Id == "DF901" ? f with { Span = f.Span with { Line = 4, EndLine = 4 } } : f).ToList() };
        Fingerprint(Render(moved, ReportFormat.Sarif), "DF901").ShouldBe(original);
        // Another line's content is another alert.
        Fingerprint(Render(moved, ReportFormat.Sarif), "DF902").ShouldNotBe(original);

        var rules = JsonDocument.Parse(before).RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        rules.Single(r => r.GetProperty("id").GetString() == "DF902").GetProperty("properties").GetProperty("security-severity").GetString().ShouldBe("8.0");
        rules.Single(r => r.GetProperty("id").GetString() == "DF901").GetProperty("properties").TryGetProperty("security-severity", out _).ShouldBeFalse();
    }

    [Fact]
    public void Codeclimate_is_gitlabs_code_quality_shape()
    {
        using var json = JsonDocument.Parse(Render(SampleReports.Check(_directory), ReportFormat.Codeclimate));
        var issues = json.RootElement.EnumerateArray().ToList();
        issues.Count.ShouldBe(3);
        foreach (var issue in issues)
        {
            foreach (var name in new[] { "description", "check_name", "fingerprint", "severity", "location" })
            {
                issue.TryGetProperty(name, out _).ShouldBeTrue(name);
            }
        }
        issues.Select(i => i.GetProperty("fingerprint").GetString()).Distinct().Count().ShouldBe(3);
        var root = issues.Single(i => i.GetProperty("check_name").GetString() == "DF902");
        root.GetProperty("severity").GetString().ShouldBe("critical");
        root.GetProperty("description").GetString().ShouldBe("DF902: The final stage runs as root");
        root.GetProperty("location").GetProperty("path").GetString().ShouldBe("Dockerfile");
        root.GetProperty("location").GetProperty("lines").GetProperty("begin").GetInt32().ShouldBe(4);
        issues.Single(i => i.GetProperty("check_name").GetString() == "DF903").GetProperty("location").GetProperty("lines").GetProperty("begin").GetInt32().ShouldBe(1);
    }

    [Fact]
    public void Checkstyle_has_one_file_element_per_file_and_one_error_per_finding()
    {
        var document = XDocument.Parse(Render(SampleReports.Check(_directory), ReportFormat.Checkstyle));
        document.Root!.Name.LocalName.ShouldBe("checkstyle");
        document.Root.Elements("file").Select(f => f.Attribute("name")!.Value).ShouldBe(["Dockerfile", "sub/Containerfile"]);
        var pin = document.Descendants("error").Single(e => e.Attribute("source")!.Value == "drydock.DF901");
        (pin.Attribute("line")!.Value, pin.Attribute("column")!.Value, pin.Attribute("severity")!.Value).ShouldBe(("2", "5", "warning"));
        pin.Attribute("message")!.Value.ShouldBe("DF901: Pin versions in apt-get install: curl");
    }

    [Fact]
    public void Junit_test_cases_name_their_file()
    {
        var document = XDocument.Parse(Render(SampleReports.Check(_directory), ReportFormat.Junit));
        document.Descendants("testcase").Select(t => t.Attribute("file")?.Value).ShouldBe(["Dockerfile", "Dockerfile", "sub/Containerfile"], ignoreOrder: true);
        XDocument.Parse(Render(SampleReports.Verify(), ReportFormat.Junit)).Descendants("testcase").ShouldAllBe(t => t.Attribute("file") == null);
    }

    [Fact]
    public void Junit_verify_fails_failed_targets_and_probes()
    {
        var document = XDocument.Parse(Render(SampleReports.Verify(), ReportFormat.Junit));
        document.Root!.Attribute("failures")!.Value.ShouldBe("2");
        document.Descendants("testcase").Count().ShouldBe(5);
    }

    [Fact]
    public void Markdown_verify_report_has_the_targets_table()
    {
        var markdown = Render(SampleReports.Verify(), ReportFormat.Markdown);
        markdown.ShouldContain("| Metric | Service | Target | Actual | Status | Detail |");
        markdown.ShouldContain("| image_size | api | < 300 MB | 101 MB | pass |");
        markdown.ShouldContain("| startup_time | (stack) | < 5 s | 7.25 s | fail |");
        markdown.ShouldContain("| memory_idle | redis | - | 4.2 MB | info |");
        markdown.ShouldContain("**Status: failed**");
    }

    [Fact]
    public void A_measurement_s_evidence_lines_follow_its_row_in_text_and_markdown()
    {
        var logErrors = Measurement.Evaluate(Metrics.LogErrors, "api", new Target(Metrics.LogErrors, "api", Comparison.Equal, 0), 2, "40 lines scanned over the whole run; by phase: load 'steady' 2")
            with { Evidence = ["[load 'steady'] ERROR pool exhausted", "[load 'steady'] ERROR pool exhausted again"] };
        var report = SampleReports.Verify() with { Measurements = [.. SampleReports.Verify().Measurements, logErrors] };

        var text = Render(report, ReportFormat.Text).Split('\n');
        var row = Array.FindIndex(text, line => line.TrimStart().StartsWith("log_errors", StringComparison.Ordinal));
        text[row].Trim().ShouldMatch(@"^log_errors\s+api\s+== 0\s+2\s+fail\s+40 lines scanned over the whole run; by phase: load 'steady' 2$");
        text[row + 1].Trim().ShouldBe("> [load 'steady'] ERROR pool exhausted");
        text[row + 2].Trim().ShouldBe("> [load 'steady'] ERROR pool exhausted again");

        var markdown = Render(report, ReportFormat.Markdown);
        markdown.ShouldContain("| log_errors | api | == 0 | 2 | fail | 40 lines scanned over the whole run; by phase: load 'steady' 2 |\n|  |  |  |  |  | > [load 'steady'] ERROR pool exhausted |");

        using var json = JsonDocument.Parse(Render(report, ReportFormat.Json));
        json.RootElement.GetProperty("measurements")[3].GetProperty("evidence")[1].GetString().ShouldBe("[load 'steady'] ERROR pool exhausted again");
    }

    [Fact]
    public void Github_annotations_escape_properties_and_data()
    {
        var report = SampleReports.Check(_directory) with
        {
            Findings = [Drydock.Findings.Finding.Create(SampleReports.PinVersions, new Drydock.Text.SourceSpan(Path.Combine(_directory, "a,b:c"), 3, 2, 3, 9), "x%y\nz")],
        };
        var lines = Render(report, ReportFormat.Github).TrimEnd().Split('\n');
        lines.Length.ShouldBe(2);
        lines[1].ShouldBe("drydock check: 1 finding");
        lines[0].ShouldBe("::warning file=a%2Cb%3Ac,line=3,col=2,endLine=3,endColumn=9,title=DF901 Pin versions in apt-get install::Pin versions in apt-get install: x%25y%0Az");
    }

    [Fact]
    public void Text_is_plain_and_greppable_with_a_code_frame()
    {
        var text = Render(SampleReports.Check(_directory), ReportFormat.Text);
        text.ShouldNotContain("\u001b[");
        text.ShouldContain("Dockerfile:2:5: warning DF901: Pin versions in apt-get install: curl");
        text.ShouldContain("  2 | RUN apt-get install -y curl");
        text.ShouldContain("    fix: curl=7.88.1-10");
        text.ShouldContain("Dockerfile:4:1: error DF902: The final stage runs as root");
        text.ShouldContain("sub/Containerfile: info DF903: No HEALTHCHECK in the final stage");
        text.ShouldContain("2 files checked: 1 error, 1 warning, 1 info");
        // Grouped by file, findings in line order.
        text.IndexOf("Dockerfile:2:5", StringComparison.Ordinal).ShouldBeLessThan(text.IndexOf("Dockerfile:4:1", StringComparison.Ordinal));
    }

    [Fact]
    public void Text_uses_colour_only_when_asked()
    {
        Render(SampleReports.Verify(), ReportFormat.Text, color: true).ShouldContain("\u001b[");
        var plain = Render(SampleReports.Verify(), ReportFormat.Text, color: false);
        plain.ShouldNotContain("\u001b[");
        plain.ShouldContain("image_size    api      < 300 MB");
        plain.TrimEnd().ShouldEndWith("FAILED");
    }

    [Fact]
    public void Every_format_renders_every_report_kind()
    {
        foreach (var format in Enum.GetValues<ReportFormat>())
        {
            foreach (var report in new[] { SampleReports.Check(_directory), SampleReports.Verify(), new Report { Command = "engine", Title = "Engine", Parts = ReportParts.None, Blocks = [new KeyValueBlock("Engine", [new("Version", "20.10")])] } })
            {
                Render(report, format).ShouldNotBeNullOrWhiteSpace($"{format} rendered nothing for {report.Command}");
            }
        }
    }
}
