using System.Globalization;
using System.Text.Json.Nodes;
using Drydock.Measurements;

namespace Drydock.Reports.Diff;

/// <summary>
/// A <see cref="RunDiff"/> as the one <see cref="Report"/> shape: human blocks (runs, environment warning, changes, new
/// and vanished rows) for text and Markdown (the Markdown is a pull-request comment), and <c>Data</c> for JSON.
/// <c>drydock verify --baseline</c> appends the same blocks and puts the same JSON under <c>baseline</c>.
/// </summary>
public static class DiffReport
{
    public static Report Build(RunDiff diff) => new()
    {
        Command = "diff",
        Title = $"drydock diff: {diff.New.Project ?? diff.New.Source}",
        Parts = ReportParts.None,
        Status = diff.HasRegressions ? ReportStatus.Failed : ReportStatus.Passed,
        Blocks = [Summary(diff), .. Blocks(diff)],
        Data = Json(diff),
    };

    /// <summary>Old and new run, and the verdict of the comparison.</summary>
    public static KeyValueBlock Summary(RunDiff diff) => new("Comparison",
    [
        new("Old", Describe(diff.Old)),
        new("New", Describe(diff.New)),
        new("Tolerances", $"defaults {DiffTolerances.DescribeDefaults()}; drydock.yml baseline: overrides them"),
        new("Result", Verdict(diff)),
    ]);

    /// <summary>The blocks after the summary: the environment warning, the changes, new and vanished rows.</summary>
    public static IReadOnlyList<ReportBlock> Blocks(RunDiff diff, string changesTitle = "Changes")
    {
        var blocks = new List<ReportBlock>();
        if (diff.EnvironmentDifferences.Count > 0)
        {
            blocks.Add(new NoteBlock("Different environments",
                $"The runs were measured on different machines or engines ({string.Join("; ", diff.EnvironmentDifferences)}): the numbers are compared, but part of a change may be the machine's."));
        }
        blocks.Add(new TableBlock(changesTitle,
            [new("Metric"), new("Service"), new("Old", AlignRight: true), new("New", AlignRight: true), new("Change", AlignRight: true), new("Tolerance", AlignRight: true), new("Status")],
            [.. diff.Changes.Select(change => (IReadOnlyList<string>)
            [
                change.Metric,
                change.Service ?? "-",
                Value(change.Old),
                Value(change.New),
                change.ChangeText,
                change.ToleranceText,
                StatusText(change.Status),
            ])]));
        if (diff.Added.Count > 0)
        {
            blocks.Add(new TableBlock("New rows (not in the old run)", [new("Metric"), new("Service"), new("New", AlignRight: true)],
                [.. diff.Added.Select(row => (IReadOnlyList<string>)[row.Metric, row.Service ?? "-", Value(row)])]));
        }
        if (diff.Vanished.Count > 0)
        {
            blocks.Add(new TableBlock("Vanished rows (only in the old run)", [new("Metric"), new("Service"), new("Old", AlignRight: true)],
                [.. diff.Vanished.Select(row => (IReadOnlyList<string>)[row.Metric, row.Service ?? "-", Value(row)])]));
        }
        return blocks;
    }

    public static string Verdict(RunDiff diff)
    {
        var regressions = diff.Regressions;
        if (regressions.Count == 0)
        {
            return $"no regression beyond tolerance ({diff.Changes.Count} rows compared, {diff.Added.Count} new, {diff.Vanished.Count} vanished)";
        }
        return $"{regressions.Count} regression{(regressions.Count == 1 ? string.Empty : "s")}: "
            + string.Join(", ", regressions.Select(change => $"{change.Metric}{(change.Service is { } service ? $" ({service})" : string.Empty)} {change.ChangeText}"));
    }

    public static string StatusText(ChangeStatus status) => status switch
    {
        ChangeStatus.Regressed => "regressed",
        ChangeStatus.Improved => "improved",
        ChangeStatus.Within => "ok",
        _ => "-",
    };

    public static string Value(SnapshotRow row) => row.Value is { } value ? Format(value, row.Unit) : "not measured";

    /// <summary>A value in the unit report.json names by its symbol (<c>bytes</c>, <c>ms</c>, <c>/s</c>…).</summary>
    public static string Format(double value, string unit) =>
        Units.FromSymbol(unit) is { } known ? Units.Format(value, known) : $"{value.ToString("0.##", CultureInfo.InvariantCulture)} {unit}".TrimEnd();

    private static string Describe(RunSnapshot run)
    {
        var where = run.Environment is { } env
            ? $"; {env.Host ?? "unknown host"}, {env.Cores?.ToString(CultureInfo.InvariantCulture) ?? "?"} cores, engine {env.EngineVersion ?? "?"}"
            : string.Empty;
        return $"{run.Source} ({run.Project ?? "?"}, {run.Status ?? "?"}{where})";
    }

    public static JsonObject Json(RunDiff diff) => new()
    {
        ["old"] = RunJson(diff.Old),
        ["new"] = RunJson(diff.New),
        ["environmentDifferences"] = new JsonArray([.. diff.EnvironmentDifferences.Select(difference => (JsonNode?)new JsonObject
        {
            ["field"] = difference.Field,
            ["old"] = difference.Old,
            ["new"] = difference.New,
        })]),
        ["regressions"] = diff.Regressions.Count,
        ["changes"] = new JsonArray([.. diff.Changes.Select(change => (JsonNode?)new JsonObject
        {
            ["metric"] = change.Metric,
            ["service"] = change.Service,
            ["unit"] = change.New.Unit,
            ["kind"] = change.New.Kind.ToString().ToLowerInvariant(),
            ["old"] = change.Old.Value,
            ["new"] = change.New.Value,
            ["changePercent"] = change.ChangePercent is { } percent ? Math.Round(percent, 2) : null,
            ["tolerancePercent"] = change.TolerancePercent,
            ["status"] = change.Status switch
            {
                ChangeStatus.Regressed => "regressed",
                ChangeStatus.Improved => "improved",
                ChangeStatus.Within => "within",
                _ => "not_judged",
            },
        })]),
        ["added"] = RowsJson(diff.Added),
        ["vanished"] = RowsJson(diff.Vanished),
    };

    private static JsonObject RunJson(RunSnapshot run) => new()
    {
        ["source"] = run.Source,
        ["project"] = run.Project,
        ["status"] = run.Status,
        ["host"] = run.Environment?.Host,
        ["cores"] = run.Environment?.Cores,
        ["engineVersion"] = run.Environment?.EngineVersion,
    };

    private static JsonArray RowsJson(IReadOnlyList<SnapshotRow> rows) => new([.. rows.Select(row => (JsonNode?)new JsonObject
    {
        ["metric"] = row.Metric,
        ["service"] = row.Service,
        ["unit"] = row.Unit,
        ["value"] = row.Value,
    })]);
}
