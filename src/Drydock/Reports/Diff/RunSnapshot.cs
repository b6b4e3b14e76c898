using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Drydock.Files;

namespace Drydock.Reports.Diff;

/// <summary>What a number measures, which decides its default tolerance and which direction is worse.</summary>
public enum MetricKind
{
    /// <summary>Image and file sizes: bigger is worse.</summary>
    Size,
    /// <summary>Durations in seconds (build, start-up, recovery): longer is worse.</summary>
    Time,
    /// <summary>Request latencies in milliseconds: longer is worse.</summary>
    Latency,
    /// <summary>Requests or bytes per second: lower is worse.</summary>
    Throughput,
    /// <summary>Memory use: more is worse.</summary>
    Memory,
    /// <summary>CPU use in percent: more is worse.</summary>
    Cpu,
    /// <summary>Counts, fractions, limits: compared, not judged unless drydock.yml gives a tolerance.</summary>
    Count,
}

/// <summary>One comparable number of a run: a measurement row, or a load run's throughput and percentiles.</summary>
public sealed record SnapshotRow(string Metric, string? Service, double? Value, string Unit, MetricKind Kind)
{
    /// <summary>What tells this row apart from every other of its run; equal keys are compared.</summary>
    public required string Key { get; init; }

    /// <summary>The measurement's own verdict in its run (pass, fail, info), when it came from the targets table.</summary>
    public string? Status { get; init; }
}

/// <summary>The environment a run was measured in, as report.json's <c>environment</c> records it.</summary>
public sealed record SnapshotEnvironment(string? Host, int? Cores, string? EngineVersion, string? Architecture);

/// <summary>A verify run read back from its report.json: the rows <c>drydock diff</c> compares and where they were measured.</summary>
public sealed record RunSnapshot(string Source, string? Project, string? Status, SnapshotEnvironment? Environment, IReadOnlyList<SnapshotRow> Rows)
{
    /// <summary>report.json can be large (per-second samples), never this large.</summary>
    private const long MaxReportBytes = 256L * 1024 * 1024;

    /// <summary>Reads a report.json file; anything that is not a verify report is a <see cref="DrydockException"/> naming the file.</summary>
    public static RunSnapshot Load(string path, string displayName)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(UserFiles.ReadAllBytes(path, MaxReportBytes));
        }
        catch (JsonException ex)
        {
            throw new DrydockException($"{displayName}:{(ex.LineNumber ?? 0) + 1}:{(ex.BytePositionInLine ?? 0) + 1}: not JSON: {ex.Message}", null,
                "pass the report.json that drydock verify --report-dir (or --format json) wrote.");
        }
        catch (IOException ex)
        {
            throw new DrydockException($"{displayName}: {ex.Message}", null, "pass the report.json that drydock verify --report-dir (or --format json) wrote.");
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new DrydockException($"{displayName}: {ex.Message}", null, null);
        }
        return From(node, displayName);
    }

    /// <summary>The rows of a parsed report; refuses JSON that is not a verify report.</summary>
    public static RunSnapshot From(JsonNode? node, string source)
    {
        if (node is not JsonObject report || report["measurements"] is not JsonArray measurements || report["schemaVersion"] is null)
        {
            throw new DrydockException($"{source} is not a drydock verify report (no schemaVersion and measurements)", null,
                "pass the report.json that drydock verify --report-dir (or --format json) wrote.");
        }
        if (Number(report["schemaVersion"]) is not { } version || version > Report.SchemaVersion)
        {
            throw new DrydockException($"{source} has schemaVersion {report["schemaVersion"]?.ToJsonString()}, which this drydock does not read (it reads {Report.SchemaVersion})", null,
                "compare reports with the drydock version that wrote them, or a newer one.");
        }
        var rows = new List<SnapshotRow>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in measurements.OfType<JsonObject>())
        {
            var metric = Text(item["metric"]) ?? "?";
            var service = Text(item["service"]);
            var unit = Text(item["unit"]) ?? string.Empty;
            Add(new SnapshotRow(metric, service, Number(item["actual"]), unit, KindOf(metric, unit)) { Key = string.Empty, Status = Text(item["status"]) });
        }
        foreach (var load in (report["load"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (load["result"] is not JsonObject result)
            {
                continue;
            }
            var name = Text(load["scenario"]) is { } scenario ? $"load '{scenario}: {Text(load["name"])}'" : $"load '{Text(load["name"])}'";
            var service = Text(load["service"]);
            Add(new SnapshotRow($"{name} requests/s", service, Number(result["throughput"]), "/s", MetricKind.Throughput) { Key = string.Empty });
            foreach (var (field, label) in new[] { ("p50Ms", "p50"), ("p95Ms", "p95"), ("p99Ms", "p99") })
            {
                Add(new SnapshotRow($"{name} {label}", service, Number(result["latency"]?[field]), "ms", MetricKind.Latency) { Key = string.Empty });
            }
        }
        foreach (var service in (report["services"] as JsonArray ?? []).OfType<JsonObject>())
        {
            Add(new SnapshotRow("created → ready", Text(service["name"]), Number(service["createdToReadySeconds"]), "s", MetricKind.Time) { Key = string.Empty });
        }
        var environment = report["environment"] is JsonObject env
            ? new SnapshotEnvironment(Text(env["host"]), Number(env["cores"]) is { } cores ? (int)cores : null, Text(env["engineVersion"]), Text(env["architecture"]))
            : null;
        return new RunSnapshot(source, Text(report["project"]), Text(report["status"]), environment, rows);

        void Add(SnapshotRow row)
        {
            // Two rows of one metric and service (a recovery_time per fault) are told apart by their order.
            var key = $"{row.Metric}\u0000{row.Service}";
            var occurrence = seen[key] = seen.GetValueOrDefault(key) + 1;
            rows.Add(row with { Key = occurrence == 1 ? key : $"{key}\u0000{occurrence.ToString(CultureInfo.InvariantCulture)}", Metric = occurrence == 1 ? row.Metric : $"{row.Metric} #{occurrence}" });
        }
    }

    /// <summary>The kind of a measurement, from its unit and (for bytes) its name.</summary>
    public static MetricKind KindOf(string metric, string unit) => unit switch
    {
        "bytes" when metric.Contains("memory", StringComparison.Ordinal) => MetricKind.Memory,
        "bytes" when metric.StartsWith("data_", StringComparison.Ordinal) => MetricKind.Count,
        "bytes" => MetricKind.Size,
        "s" => MetricKind.Time,
        "ms" => MetricKind.Latency,
        "/s" or "B/s" => MetricKind.Throughput,
        "%" => MetricKind.Cpu,
        _ => MetricKind.Count,
    };

    private static string? Text(JsonNode? node) => JsonRead.Text(node);

    private static double? Number(JsonNode? node) => JsonRead.Number(node);
}
