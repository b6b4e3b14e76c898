using System.Text.Json.Nodes;
using Drydock.Findings;
using Drydock.Measurements;

namespace Drydock.Reports;

/// <summary>
/// What every command produces. Renderers turn it into text, JSON, SARIF, JUnit, Markdown or GitHub annotations,
/// so no command formats its own output. A <c>check</c> report simply has no measurements.
/// </summary>
public sealed record Report
{
    /// <summary>Version of the JSON shape; bumped only on incompatible changes.</summary>
    public const int SchemaVersion = 1;

    /// <summary>The command that produced it: <c>check</c>, <c>verify</c>, <c>engine</c>…</summary>
    public required string Command { get; init; }

    /// <summary>A heading for human formats (a project name, an image reference).</summary>
    public string? Title { get; init; }

    /// <summary>Which standard sections the command has; they are written even when empty.</summary>
    public ReportParts Parts { get; init; } = ReportParts.Findings;

    public ReportStatus Status { get; init; } = ReportStatus.None;

    public IReadOnlyList<Finding> Findings { get; init; } = [];

    public IReadOnlyList<Measurement> Measurements { get; init; } = [];

    public IReadOnlyList<ProbeResult> Probes { get; init; } = [];

    /// <summary>Command-specific facts for human formats, in order.</summary>
    public IReadOnlyList<ReportBlock> Blocks { get; init; } = [];

    /// <summary>Command-specific fields for JSON, written at the top level right after <c>schemaVersion</c>.</summary>
    public JsonObject? Data { get; init; }

    /// <summary>How many files were analysed (the <c>summary.files</c> of <c>check</c>).</summary>
    public int FilesAnalyzed { get; init; }

    public ReportSummary Summary => ReportSummary.From(this);
}

[Flags]
public enum ReportParts
{
    None = 0,
    Findings = 1,
    /// <summary><c>summary: {files, errors, warnings, infos}</c>.</summary>
    Summary = 2,
    Measurements = 4,
    Probes = 8,
}

public enum ReportStatus
{
    None,
    Passed,
    Failed,
}

public sealed record ReportSummary(int Files, int Errors, int Warnings, int Infos)
{
    public static ReportSummary From(Report report)
    {
        int errors = 0, warnings = 0, infos = 0;
        foreach (var finding in report.Findings)
        {
            switch (finding.Severity)
            {
                case Severity.Error:
                    errors++;
                    break;
                case Severity.Warning:
                    warnings++;
                    break;
                default:
                    infos++;
                    break;
            }
        }
        return new ReportSummary(report.FilesAnalyzed, errors, warnings, infos);
    }
}

/// <summary>A block of command-specific facts for the human formats.</summary>
public abstract record ReportBlock(string Title);

public sealed record KeyValueBlock(string Title, IReadOnlyList<KeyValuePair<string, string>> Items) : ReportBlock(Title);

public sealed record TableBlock(string Title, IReadOnlyList<TableColumn> Columns, IReadOnlyList<IReadOnlyList<string>> Rows) : ReportBlock(Title);

public sealed record TableColumn(string Header, bool AlignRight = false);

public sealed record NoteBlock(string Title, string Text) : ReportBlock(Title);
