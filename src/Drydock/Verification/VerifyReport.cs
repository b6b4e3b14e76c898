using System.Globalization;
using System.Text.Json.Nodes;
using Drydock.Compose.Model;
using Drydock.Findings;
using Drydock.Reports;
using Drydock.Verification.Config;
using Drydock.Verification.Stack;

namespace Drydock.Verification;

public sealed record VerifyReportInput(
    ComposeProject Project,
    StackRun Run,
    ComposeTool Tool,
    VerifyConfig Config,
    TimeSpan Duration,
    IReadOnlyList<ServiceOutcome> Services,
    IReadOnlyList<Measurement> Measurements,
    IReadOnlyList<ProbeResult> Probes,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<string> Failures,
    IReadOnlyList<string> BuildLog,
    string? KeepHint)
{
    public FailThreshold FailOn { get; init; } = new(Severity.Error);

    public IReadOnlyList<Scenarios.LoadRunReport> Loads { get; init; } = [];

    public IReadOnlyList<Scenarios.ScenarioReport> Scenarios { get; init; } = [];
}

/// <summary>
/// Turns a run into the one <see cref="Report"/> shape: the table of targets (measurements), probes, findings, and
/// the services with their timelines and, for failures, exit code, last log lines and health-check output.
/// </summary>
public static class VerifyReport
{
    public static Report Build(VerifyReportInput input)
    {
        var optionalFailed = input.Services.Where(service => service.Optional && service.Failed).Select(service => service.Name).ToHashSet(StringComparer.Ordinal);
        var failingMeasurements = input.Measurements.Count(m => m.Status == MeasurementStatus.Fail && (m.Service is null || !optionalFailed.Contains(m.Service)));
        var failingProbes = input.Probes.Count(p => p.Status == ProbeStatus.Failed && !optionalFailed.Contains(p.Service) && !IsOptional(input, p.Service));
        var failingServices = input.Services.Count(service => service.Failed && !service.Optional);
        var failingFindings = input.Findings.Count(finding => input.FailOn.IsFailure(finding.Severity));
        var failingScenarios = input.Scenarios.Count(scenario => !scenario.Passed) + input.Loads.Count(load => load.Failure is not null && load.Scenario is null);
        var passed = failingMeasurements == 0 && failingProbes == 0 && failingServices == 0 && failingFindings == 0 && failingScenarios == 0 && input.Failures.Count == 0;
        var status = passed ? "passed" : "failed";

        var blocks = new List<ReportBlock>
        {
            new KeyValueBlock("Run",
            [
                new("Project", input.Project.Name),
                new("Compose", $"{input.Tool.DisplayName} {input.Tool.Version} (project {input.Run.ProjectName})"),
                new("Configuration", input.Config.File is null ? "none (zero config: build, start, health, GET / on published ports, measurements)" : Relative(input.Config.File)),
                new("Duration", Units.Format(input.Duration.TotalSeconds, "s")),
                new("Result", passed ? "passed" : Reasons(failingServices, failingMeasurements, failingProbes, failingFindings, failingScenarios, input.Failures.Count)),
            ]),
            new TableBlock("Services",
                [new("Service"), new("Status"), new("Image"), new("Size", AlignRight: true), new("Ready after", AlignRight: true), new("Detail")],
                input.Services.Select(service => (IReadOnlyList<string>)
                [
                    service.Name,
                    service.StatusText,
                    service.Image ?? "-",
                    service.ImageSize is { } size ? Units.FormatBytes(size) : "-",
                    ReadyAfter(service) is { } ready ? Units.Format(ready.TotalSeconds, "s") : "-",
                    service.Failure ?? (service.HasHealthcheck == false ? "no health check" : string.Empty),
                ]).ToList()),
        };
        if (input.Loads.Count > 0)
        {
            blocks.Add(new TableBlock("Load",
                [new("Load"), new("Service"), new("Requests", AlignRight: true), new("Rate", AlignRight: true), new("p50", AlignRight: true), new("p95", AlignRight: true),
                 new("p99", AlignRight: true), new("Errors", AlignRight: true), new("Service CPU", AlignRight: true), new("Peak memory", AlignRight: true), new("Detail")],
                input.Loads.Select(LoadRow).ToList()));
        }
        if (input.Scenarios.Count > 0)
        {
            blocks.Add(new TableBlock("Scenarios",
                [new("Scenario"), new("Step"), new("Status"), new("Time", AlignRight: true), new("Detail")],
                input.Scenarios.SelectMany(scenario => scenario.Steps.Select((step, index) => (IReadOnlyList<string>)
                [
                    index == 0 ? scenario.Name : string.Empty,
                    step.Step,
                    step.Status.ToString().ToLowerInvariant(),
                    Units.Format(step.DurationMs, "ms"),
                    step.Detail ?? string.Empty,
                ]).Concat(scenario.Problems.Select(problem => (IReadOnlyList<string>)[string.Empty, "restore", "failed", "-", problem]))).ToList()));
        }
        foreach (var failure in input.Failures)
        {
            blocks.Add(new NoteBlock("Failure", failure));
        }
        foreach (var service in input.Services.Where(service => service.Failed))
        {
            blocks.Add(new NoteBlock($"Service {service.Name} failed{(service.Optional ? " (optional: the run does not fail for it)" : string.Empty)}", Diagnostics(service)));
        }
        if (input.Failures.Count > 0 && input.BuildLog.Count > 0 && input.Services.Any(service => service.Failure?.StartsWith("its build failed", StringComparison.Ordinal) == true))
        {
            blocks.Add(new NoteBlock("Build output (last lines)", string.Join('\n', input.BuildLog.TakeLast(20))));
        }
        if (input.KeepHint is { } hint)
        {
            blocks.Add(new NoteBlock("Kept", hint));
        }

        return new Report
        {
            Command = "verify",
            Title = $"drydock verify: {input.Project.Name}",
            Parts = ReportParts.Measurements | ReportParts.Probes | ReportParts.Findings,
            Status = passed ? ReportStatus.Passed : ReportStatus.Failed,
            Measurements = InReadingOrder(input, input.Measurements, m => m.Service, m => MetricRank(m.Metric)),
            Probes = InReadingOrder(input, input.Probes, p => p.Service, _ => 0),
            Findings = [.. input.Findings.Order(FindingOrder.Instance)],
            Blocks = blocks,
            Data = Json(input, status),
        };
    }

    /// <summary>The stack's rows first, then each service in the project's order; within a service, metrics in catalogue order.</summary>
    private static IReadOnlyList<T> InReadingOrder<T>(VerifyReportInput input, IReadOnlyList<T> rows, Func<T, string?> service, Func<T, int> rank)
    {
        var order = input.Services.Select((s, index) => (s.Name, index)).ToDictionary(pair => pair.Name, pair => pair.index, StringComparer.Ordinal);
        return [.. rows.OrderBy(row => service(row) is { } name ? order.GetValueOrDefault(name, order.Count) : -1).ThenBy(rank)];
    }

    private static int MetricRank(string metric)
    {
        for (var i = 0; i < VerifyMetrics.All.Count; i++)
        {
            if (VerifyMetrics.All[i].Key == metric)
            {
                return i;
            }
        }
        return VerifyMetrics.All.Count;
    }

    private static IReadOnlyList<string> LoadRow(Scenarios.LoadRunReport load)
    {
        var name = load.Scenario is null ? load.Spec.Name : $"{load.Scenario}: {load.Spec.Name}";
        var cpu = load.ServiceUsage is { HasCpu: true } usage ? Units.Format(usage.CpuPercentAverage, "%") : "-";
        var memory = load.ServiceUsage is { HasMemory: true } peak ? Units.FormatBytes(peak.MemoryBytesPeak) : "-";
        var detail = load.Failure ?? string.Join(" ", load.Warnings);
        if (load.Result is not { } result)
        {
            return [name, load.Spec.Service, "-", "-", "-", "-", "-", "-", cpu, memory, detail];
        }
        return
        [
            name,
            load.Spec.Service,
            result.Completed.ToString(CultureInfo.InvariantCulture),
            $"{result.Throughput:0} /s",
            Units.Format(result.Latency.P50Ms, "ms"),
            Units.Format(result.Latency.P95Ms, "ms"),
            Units.Format(result.Latency.P99Ms, "ms"),
            result.Errors.Total.ToString(CultureInfo.InvariantCulture),
            cpu,
            memory,
            detail,
        ];
    }

    private static bool IsOptional(VerifyReportInput input, string service) =>
        input.Services.FirstOrDefault(s => s.Name == service) is { Optional: true, Failed: true };

    private static TimeSpan? ReadyAfter(ServiceOutcome service) =>
        service.Timeline.Running is { } started && (service.Timeline.Healthy ?? (service.HasHealthcheck == false ? started : null)) is { } ready && !service.Failed
            ? ready - (service.Timeline.Created ?? started)
            : null;

    private static string Reasons(int services, int measurements, int probes, int findings, int scenarios, int failures)
    {
        var parts = new List<string>();
        Add(services, "service", "failed");
        Add(measurements, "target", "missed");
        Add(probes, "probe", "failed");
        Add(findings, "finding", "at or above --fail-on");
        Add(scenarios, "scenario or load run", "failed");
        Add(failures, "run problem", string.Empty);
        return "failed: " + string.Join(", ", parts);

        void Add(int count, string noun, string verb)
        {
            if (count > 0)
            {
                parts.Add($"{count} {noun}{(count == 1 ? string.Empty : "s")}{(verb.Length > 0 ? " " + verb : string.Empty)}");
            }
        }
    }

    private static string Diagnostics(ServiceOutcome service)
    {
        var lines = new List<string> { $"Why: {service.Failure}" };
        if (service.ExitCode is { } exit)
        {
            lines.Add($"Exit code: {exit.ToString(CultureInfo.InvariantCulture)}");
        }
        if (service.HealthLog.Count > 0)
        {
            lines.Add("Last health checks:");
            lines.AddRange(service.HealthLog.Select(line => "  " + line));
        }
        if (service.LogTail.Count > 0)
        {
            lines.Add($"Last {service.LogTail.Count} log line(s):");
            lines.AddRange(service.LogTail.Select(line => "  " + line));
        }
        return string.Join('\n', lines);
    }

    private static JsonObject Json(VerifyReportInput input, string status)
    {
        var services = new JsonArray();
        foreach (var service in input.Services)
        {
            services.Add((JsonNode)new JsonObject
            {
                ["name"] = service.Name,
                ["optional"] = service.Optional,
                ["status"] = service.Failed ? "failed" : service.Status.ToString().ToLowerInvariant(),
                ["image"] = service.Image,
                ["imageSize"] = service.ImageSize,
                ["containerId"] = service.ContainerId,
                ["hasHealthcheck"] = service.HasHealthcheck,
                ["timeline"] = new JsonObject
                {
                    ["created"] = Time(service.Timeline.Created),
                    ["running"] = Time(service.Timeline.Running),
                    ["healthy"] = Time(service.Timeline.Healthy),
                    ["exited"] = Time(service.Timeline.Exited),
                },
                ["restarts"] = service.Restarts,
                ["failure"] = service.Failed
                    ? new JsonObject
                    {
                        ["reason"] = service.Failure,
                        ["exitCode"] = service.ExitCode,
                        ["logTail"] = new JsonArray([.. service.LogTail.Select(line => (JsonNode?)JsonValue.Create(line))]),
                        ["healthLog"] = new JsonArray([.. service.HealthLog.Select(line => (JsonNode?)JsonValue.Create(line))]),
                    }
                    : null,
                ["posture"] = service.Posture is { } posture
                    ? new JsonObject
                    {
                        ["effectiveUid"] = posture.EffectiveUid,
                        ["readOnlyRootfs"] = posture.ReadOnlyRootfs,
                        ["privileged"] = posture.Privileged,
                        ["capAdd"] = new JsonArray([.. posture.CapAdd.Select(cap => (JsonNode?)JsonValue.Create(cap))]),
                        ["capDrop"] = new JsonArray([.. posture.CapDrop.Select(cap => (JsonNode?)JsonValue.Create(cap))]),
                        ["noNewPrivileges"] = posture.NoNewPrivileges,
                        ["publishedPorts"] = new JsonArray([.. posture.PublishedPorts.Select(port => (JsonNode?)JsonValue.Create(port))]),
                        ["memoryLimit"] = posture.MemoryLimitBytes,
                        ["cpuLimit"] = posture.CpuLimit,
                        ["pidsLimit"] = posture.PidsLimit,
                        ["restartPolicy"] = posture.RestartPolicy,
                    }
                    : null,
            });
        }
        return new JsonObject
        {
            ["project"] = input.Project.Name,
            ["status"] = status,
            ["durationSeconds"] = Math.Round(input.Duration.TotalSeconds, 2),
            ["runId"] = input.Run.RunId,
            ["composeProject"] = input.Run.ProjectName,
            ["compose"] = $"{input.Tool.DisplayName} {input.Tool.Version}",
            ["configFile"] = input.Config.File is null ? null : Relative(input.Config.File),
            ["services"] = services,
            ["failures"] = new JsonArray([.. input.Failures.Select(failure => (JsonNode?)JsonValue.Create(failure))]),
            ["load"] = new JsonArray([.. input.Loads.Select(load => (JsonNode?)new JsonObject
            {
                ["name"] = load.Spec.Name,
                ["service"] = load.Spec.Service,
                ["scenario"] = load.Scenario,
                ["passed"] = load.Passed,
                ["failure"] = load.Failure,
                ["warnings"] = new JsonArray([.. load.Warnings.Select(warning => (JsonNode?)JsonValue.Create(warning))]),
                ["serviceCpuPercent"] = load.ServiceUsage is { HasCpu: true } cpu ? Math.Round(cpu.CpuPercentAverage, 2) : null,
                ["servicePeakMemory"] = load.ServiceUsage is { HasMemory: true } memory ? memory.MemoryBytesPeak : null,
                ["result"] = load.Result?.ToJson(),
            })]),
            ["scenarios"] = new JsonArray([.. input.Scenarios.Select(scenario => (JsonNode?)new JsonObject
            {
                ["name"] = scenario.Name,
                ["status"] = scenario.Passed ? "passed" : "failed",
                ["steps"] = new JsonArray([.. scenario.Steps.Select(step => (JsonNode?)new JsonObject
                {
                    ["step"] = step.Step,
                    ["status"] = step.Status.ToString().ToLowerInvariant(),
                    ["durationMs"] = Math.Round(step.DurationMs, 1),
                    ["detail"] = step.Detail,
                })]),
                ["problems"] = new JsonArray([.. scenario.Problems.Select(problem => (JsonNode?)JsonValue.Create(problem))]),
            })]),
            ["kept"] = input.KeepHint,
        };
    }

    private static string? Time(DateTimeOffset? time) => time?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static string Relative(string path) => Path.GetRelativePath(Environment.CurrentDirectory, path);
}
