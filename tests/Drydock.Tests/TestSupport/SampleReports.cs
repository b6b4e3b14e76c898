using Drydock.Findings;
using Drydock.Measurements;
using Drydock.Reports;
using Drydock.Text;

namespace Drydock.Tests.TestSupport;

/// <summary>Reports with known content for renderer tests.</summary>
public static class SampleReports
{
    public static readonly RuleDescriptor PinVersions = new(
        "DF901", "Pin versions in apt-get install", RuleCategories.Reliability, Severity.Warning,
        "Pin versions in apt-get install: {0}", "Unpinned packages change under you; write pkg=version.")
    {
        Aliases = ["DL3008"],
    };

    public static readonly RuleDescriptor RootUser = new(
        "DF902", "Last USER is root", RuleCategories.Security, Severity.Error,
        "The final stage runs as {0}", "Add a USER instruction with an unprivileged user.");

    public static readonly RuleDescriptor NoHealthcheck = new(
        "DF903", "No HEALTHCHECK", RuleCategories.Reliability, Severity.Info,
        "No HEALTHCHECK in the final stage", "Add a HEALTHCHECK so orchestrators know when the service is ready.");

    public static Report Check(string directory)
    {
        var dockerfile = Path.Combine(directory, "Dockerfile");
        return new Report
        {
            Command = "check",
            Parts = ReportParts.Findings | ReportParts.Summary,
            FilesAnalyzed = 2,
            Findings =
            [
                Finding.Create(RootUser, new SourceSpan(dockerfile, 4, 1, 4, 10), "root"),
                Finding.Create(PinVersions, new SourceSpan(dockerfile, 2, 5, 2, 35), "curl") with { FixHint = "curl=7.88.1-10" },
                Finding.Create(NoHealthcheck, SourceSpan.WholeFile(Path.Combine(directory, "sub", "Containerfile"))),
            ],
        };
    }

    public static Report Verify() => new()
    {
        Command = "verify",
        Title = "notes",
        Status = ReportStatus.Failed,
        Parts = ReportParts.Findings | ReportParts.Measurements | ReportParts.Probes,
        Measurements =
        [
            Measurement.Evaluate(Metrics.ImageSize, "api", new Target(Metrics.ImageSize, "api", Comparison.LessThan, 300_000_000), 101_000_000),
            Measurement.Evaluate(Metrics.StartupTime, null, new Target(Metrics.StartupTime, null, Comparison.LessThan, 5), 7.25),
            Measurement.Evaluate(Metrics.MemoryIdle, "redis", null, 4_200_000),
        ],
        Probes =
        [
            new ProbeResult("api", "GET /health", ProbeStatus.Passed, 2, 12.5, "200 OK"),
            new ProbeResult("api", "GET /missing", ProbeStatus.Failed, 5, 5000, "expected 200, got 404"),
        ],
    };
}
