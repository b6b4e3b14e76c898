using System.Globalization;
using System.Text.Json.Nodes;
using Drydock.Compose.Model;
using Drydock.Findings;
using Drydock.Measurements;
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
    /// <summary>The Services column: container created → ready. time_to_healthy is container started → healthy; both are named so in every format.</summary>
    public const string CreatedToReadyLabel = "Created → ready";

    public const string TimingDefinitions =
        "startup_time = compose up → the last service ready; Created → ready = a container created → healthy (running, without a health check); time_to_healthy = a container started → healthy";

    public static Report Build(VerifyReportInput input)
    {
        var optionalFailed = input.Services.Where(service => service.Optional && service.Failed).Select(service => service.Name).ToHashSet(StringComparer.Ordinal);
        // A failed service's failure is its root cause, said once in the Services table: the rows it left unmeasured
        // (no container, never healthy) would only repeat it as "not measured → fail".
        var failedServices = input.Services.Where(service => service.Failed).Select(service => service.Name).ToHashSet(StringComparer.Ordinal);
        var measurements = input.Measurements.Where(m => !(m.Actual is null && m.Service is { } name && failedServices.Contains(name))).ToList();
        var failingMeasurements = measurements.Count(m => m.Status == MeasurementStatus.Fail && (m.Service is null || !optionalFailed.Contains(m.Service)));
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
                new("Duration", Units.Format(input.Duration.TotalSeconds, Unit.Seconds)),
                new("Timings", TimingDefinitions),
                new("Result", passed ? "passed" : Reasons(failingServices, failingMeasurements, failingProbes, failingFindings, failingScenarios, input.Failures.Count)),
            ]),
            new TableBlock("Services",
                [new("Service"), new("Status"), new("Image"), new("Size", AlignRight: true), new(CreatedToReadyLabel, AlignRight: true), new("Detail")],
                input.Services.Select(service => (IReadOnlyList<string>)
                [
                    service.Name,
                    service.StatusText,
                    service.Image ?? "-",
                    service.ImageSize is { } size ? Units.FormatBytes(size) : "-",
                    ReadyAfter(service) is { } ready ? Units.Format(ready.TotalSeconds, Unit.Seconds) : "-",
                    service.Failure ?? (service.HasHealthcheck == false ? "no health check" : string.Empty),
                ]).ToList()),
        };
        if (input.Loads.Count > 0)
        {
            blocks.Add(new TableBlock("Load",
                [new("Load"), new("Service"), new("Requests", AlignRight: true), new("Rate", AlignRight: true), new("p50", AlignRight: true), new("p95", AlignRight: true),
                 new("p99", AlignRight: true), new("p99.9", AlignRight: true), new("Max", AlignRight: true), new("Errors", AlignRight: true), new("Service CPU", AlignRight: true), new("Peak memory", AlignRight: true), new("Detail")],
                input.Loads.Select(LoadRow).ToList()));
        }
        if (UsageRows(input) is { Count: > 0 } usageRows)
        {
            blocks.Add(new TableBlock("Resources under load and during scenarios",
                [new("Run"), new("Service"), new("CPU avg", AlignRight: true), new("CPU peak", AlignRight: true), new("Memory avg", AlignRight: true),
                 new("Memory peak", AlignRight: true), new("Samples", AlignRight: true)],
                usageRows));
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
                    Units.Format(step.DurationMs, Unit.Milliseconds),
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
            Measurements = InReadingOrder(input, measurements, m => m.Service, m => m.Metric.Rank),
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

    /// <summary>Every service's CPU and memory during each load run and scenario, in run order.</summary>
    private static List<IReadOnlyList<string>> UsageRows(VerifyReportInput input)
    {
        var runs = input.Loads.Where(load => load.Scenario is null).Select(load => ($"load '{load.Spec.Name}'", load.Usage))
            .Concat(input.Scenarios.Select(scenario => ($"scenario '{scenario.Name}'", scenario.Usage)));
        var rows = new List<IReadOnlyList<string>>();
        foreach (var (run, usage) in runs)
        {
            var first = true;
            foreach (var service in input.Services.Where(service => usage.ContainsKey(service.Name)))
            {
                var sampled = usage[service.Name];
                rows.Add(
                [
                    first ? run : string.Empty,
                    service.Name,
                    sampled.HasCpu ? Units.Format(sampled.CpuPercentAverage, Unit.Percent) : "-",
                    sampled.HasCpu ? Units.Format(sampled.CpuPercentPeak, Unit.Percent) : "-",
                    sampled.HasMemory ? Units.FormatBytes(sampled.MemoryBytesAverage) : "-",
                    sampled.HasMemory ? Units.FormatBytes(sampled.MemoryBytesPeak) : "-",
                    sampled.Samples.ToString(CultureInfo.InvariantCulture),
                ]);
                first = false;
            }
        }
        return rows;
    }

    private static JsonObject UsageJson(IReadOnlyDictionary<string, Sampling.ResourceUsage> usage)
    {
        var json = new JsonObject();
        foreach (var (service, sampled) in usage.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            json[service] = new JsonObject
            {
                ["cpuPercent"] = sampled.HasCpu ? Math.Round(sampled.CpuPercentAverage, 2) : null,
                ["cpuPercentPeak"] = sampled.HasCpu ? Math.Round(sampled.CpuPercentPeak, 2) : null,
                ["memory"] = sampled.HasMemory ? Math.Round(sampled.MemoryBytesAverage) : null,
                ["memoryPeak"] = sampled.HasMemory ? sampled.MemoryBytesPeak : null,
                ["samples"] = sampled.Samples,
            };
        }
        return json;
    }

    private static IReadOnlyList<string> LoadRow(Scenarios.LoadRunReport load)
    {
        var name = load.Scenario is null ? load.Spec.Name : $"{load.Scenario}: {load.Spec.Name}";
        var cpu = load.ServiceUsage is { HasCpu: true } usage ? Units.Format(usage.CpuPercentAverage, Unit.Percent) : "-";
        var memory = load.ServiceUsage is { HasMemory: true } peak ? Units.FormatBytes(peak.MemoryBytesPeak) : "-";
        var detail = load.Failure ?? string.Join(" ", load.Warnings);
        if (load.Result is not { } result)
        {
            return [name, load.Spec.Service, "-", "-", "-", "-", "-", "-", "-", "-", cpu, memory, detail];
        }
        return
        [
            name,
            load.Spec.Service,
            result.Completed.ToString(CultureInfo.InvariantCulture),
            $"{result.Throughput:0} /s",
            Units.Format(result.Latency.P50Ms, Unit.Milliseconds),
            Units.Format(result.Latency.P95Ms, Unit.Milliseconds),
            Units.Format(result.Latency.P99Ms, Unit.Milliseconds),
            Units.Format(result.Latency.P999Ms, Unit.Milliseconds),
            Units.Format(result.Latency.MaxMs, Unit.Milliseconds),
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
                ["createdToReadySeconds"] = ReadyAfter(service) is { } ready ? Math.Round(ready.TotalSeconds, 3) : null,
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
            ["timings"] = TimingDefinitions,
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
                ["usage"] = UsageJson(load.Usage),
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
                ["usage"] = UsageJson(scenario.Usage),
            })]),
            ["kept"] = input.KeepHint,
        };
    }

    private static string? Time(DateTimeOffset? time) => time?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static string Relative(string path) => Path.GetRelativePath(Environment.CurrentDirectory, path);
}
