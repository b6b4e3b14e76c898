using System.Text.Json.Nodes;
using Drydock.Reports.Rendering;
using Drydock.Measurements;

namespace Drydock.Reports.Diff;

/// <summary>
/// Judges relative targets (<c>rate &gt; 0.9 * baseline</c>) against a baseline run, and compares a finished run with
/// it: what <c>drydock verify --baseline</c> adds to a run.
/// </summary>
public static class BaselineJudge
{
    public const string NoBaseline = "not judged: relative to a baseline run (drydock verify --baseline OLD/report.json)";

    /// <summary>
    /// Each row with a relative target gets its target's value (factor × the baseline's value of the same row) and is
    /// judged by it; without a baseline, or when the baseline has no such row, the row is shown and not judged.
    /// </summary>
    public static IReadOnlyList<Measurement> Resolve(IReadOnlyList<Measurement> measurements, RunSnapshot? baseline)
    {
        var rows = baseline?.Rows.ToDictionary(row => row.Key, StringComparer.Ordinal) ?? [];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var resolved = new List<Measurement>(measurements.Count);
        foreach (var measurement in measurements)
        {
            var key = $"{measurement.Metric.Name}\u0000{measurement.Service}";
            var occurrence = seen[key] = seen.GetValueOrDefault(key) + 1;
            if (measurement.Target is not { BaselineFactor: { } factor } target)
            {
                resolved.Add(measurement);
                continue;
            }
            var rowKey = occurrence == 1 ? key : $"{key}\u0000{occurrence}";
            string why;
            if (baseline is null)
            {
                why = NoBaseline;
            }
            else if (rows.GetValueOrDefault(rowKey) is not { Value: { } old })
            {
                why = $"not judged: the baseline {baseline.Source} has no measured {measurement.Metric}{(measurement.Service is { } service ? $" for {service}" : string.Empty)}";
            }
            else
            {
                var judged = Measurement.Evaluate(measurement.Metric, measurement.Service, target with { Value = factor * old }, measurement.Actual,
                    Join(measurement.Detail, $"baseline {Units.Format(old, measurement.Unit)}"));
                resolved.Add(judged with { Evidence = measurement.Evidence });
                continue;
            }
            resolved.Add(measurement with { Target = target with { Value = double.NaN }, Status = MeasurementStatus.Info, Detail = Join(measurement.Detail, why) });
        }
        return resolved;
    }

    /// <summary>A finished run's report read back as a snapshot, as its report.json would be.</summary>
    public static RunSnapshot Snapshot(Report report, string source)
    {
        using var writer = new StringWriter();
        new JsonReportRenderer().Render(report, writer, RenderOptions.Plain);
        return RunSnapshot.From(JsonNode.Parse(writer.ToString()), source);
    }

    /// <summary>The report with the comparison added: its blocks after the run's, its JSON under <c>baseline</c>.</summary>
    public static Report WithComparison(Report report, RunDiff diff)
    {
        var data = report.Data ?? [];
        data["baseline"] = DiffReport.Json(diff);
        return report with
        {
            Blocks = [.. report.Blocks, DiffReport.Summary(diff) with { Title = "Compared with the baseline" }, .. DiffReport.Blocks(diff, "Changes since the baseline")],
            Data = data,
        };
    }

    private static string Join(string? detail, string addition) => string.IsNullOrEmpty(detail) ? addition : $"{detail}; {addition}";
}
