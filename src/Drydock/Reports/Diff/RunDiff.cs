using System.Globalization;

namespace Drydock.Reports.Diff;

public enum ChangeStatus
{
    /// <summary>Moved the wrong way by more than its tolerance.</summary>
    Regressed,
    /// <summary>Moved the right way by more than its tolerance.</summary>
    Improved,
    /// <summary>Within its tolerance.</summary>
    Within,
    /// <summary>No tolerance for its kind, or a side was not measured, or the old value is 0.</summary>
    NotJudged,
}

/// <summary>One row present in both runs, side by side.</summary>
public sealed record RowChange(SnapshotRow Old, SnapshotRow New, double? ChangePercent, double? TolerancePercent, ChangeStatus Status)
{
    public string Metric => New.Metric;

    public string? Service => New.Service;

    public string ChangeText => ChangePercent is { } change
        ? change == 0 ? "0%" : (change >= 0 ? "+" : "−") + Math.Abs(change).ToString(Math.Abs(change) < 100 ? "0.0" : "0", CultureInfo.InvariantCulture) + "%"
        : Old.Value == New.Value && Old.Value is not null ? "0%" : "-";

    /// <summary>The tolerance with the direction that counts as worse: "+10%" or "−20%".</summary>
    public string ToleranceText => TolerancePercent is { } tolerance
        ? (DiffTolerances.HigherIsWorse(New.Kind) ? "+" : "−") + tolerance.ToString("0.##", CultureInfo.InvariantCulture) + "%"
        : "-";
}

/// <summary>A difference between the environments of two runs ("cores: 2 → 8").</summary>
public sealed record EnvironmentDifference(string Field, string? Old, string? New)
{
    public override string ToString() => $"{Field}: {Old ?? "unknown"} → {New ?? "unknown"}";
}

/// <summary>Two runs compared: rows in both, rows only in the new one, rows only in the old one, and environment differences.</summary>
public sealed record RunDiff(RunSnapshot Old, RunSnapshot New, IReadOnlyList<RowChange> Changes, IReadOnlyList<SnapshotRow> Added, IReadOnlyList<SnapshotRow> Vanished, IReadOnlyList<EnvironmentDifference> EnvironmentDifferences)
{
    public IReadOnlyList<RowChange> Regressions => [.. Changes.Where(change => change.Status == ChangeStatus.Regressed)];

    public bool HasRegressions => Changes.Any(change => change.Status == ChangeStatus.Regressed);

    /// <summary>Compares every row of <paramref name="newRun"/> with the row of the same key in <paramref name="oldRun"/>, in the new run's order.</summary>
    public static RunDiff Compare(RunSnapshot oldRun, RunSnapshot newRun, DiffTolerances tolerances)
    {
        var oldRows = oldRun.Rows.ToDictionary(row => row.Key, StringComparer.Ordinal);
        var newKeys = newRun.Rows.Select(row => row.Key).ToHashSet(StringComparer.Ordinal);
        var changes = new List<RowChange>();
        var added = new List<SnapshotRow>();
        foreach (var row in newRun.Rows)
        {
            if (oldRows.TryGetValue(row.Key, out var old))
            {
                changes.Add(Judge(old, row, tolerances.For(row)));
            }
            else
            {
                added.Add(row);
            }
        }
        var vanished = oldRun.Rows.Where(row => !newKeys.Contains(row.Key)).ToList();
        return new RunDiff(oldRun, newRun, changes, added, vanished, Differences(oldRun.Environment, newRun.Environment));
    }

    /// <summary>The change in percent of the old value, and whether it went the wrong way by more than the tolerance.</summary>
    public static RowChange Judge(SnapshotRow old, SnapshotRow current, double? tolerance)
    {
        if (old.Value is not { } before || current.Value is not { } after || before == 0 || double.IsNaN(before) || double.IsNaN(after))
        {
            return new RowChange(old, current, null, tolerance, ChangeStatus.NotJudged);
        }
        var change = (after - before) / Math.Abs(before) * 100;
        if (tolerance is not { } limit)
        {
            return new RowChange(old, current, change, null, ChangeStatus.NotJudged);
        }
        var worse = DiffTolerances.HigherIsWorse(current.Kind) ? change : -change;
        var status = worse > limit ? ChangeStatus.Regressed : worse < -limit ? ChangeStatus.Improved : ChangeStatus.Within;
        return new RowChange(old, current, change, limit, status);
    }

    private static List<EnvironmentDifference> Differences(SnapshotEnvironment? old, SnapshotEnvironment? current)
    {
        var differences = new List<EnvironmentDifference>();
        if (old is null && current is null)
        {
            return differences;
        }
        Compare("host", old?.Host, current?.Host);
        Compare("cores", old?.Cores?.ToString(CultureInfo.InvariantCulture), current?.Cores?.ToString(CultureInfo.InvariantCulture));
        Compare("engine", old?.EngineVersion, current?.EngineVersion);
        Compare("architecture", old?.Architecture, current?.Architecture);
        return differences;

        void Compare(string field, string? before, string? after)
        {
            if (!string.Equals(before, after, StringComparison.Ordinal))
            {
                differences.Add(new EnvironmentDifference(field, before, after));
            }
        }
    }
}
