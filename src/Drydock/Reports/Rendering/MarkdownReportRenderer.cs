using System.Globalization;
using Drydock.Findings;
using Drydock.Measurements;
using Drydock.Text;

namespace Drydock.Reports.Rendering;

/// <summary>GitHub-flavoured Markdown: the verification report a team pastes into a pull request.</summary>
public sealed class MarkdownReportRenderer : IReportRenderer
{
    public ReportFormat Format => ReportFormat.Markdown;

    public void Render(Report report, TextWriter output, RenderOptions options)
    {
        output.WriteLine($"# {Cell(report.Title ?? $"drydock {report.Command}")}");
        output.WriteLine();
        if (report.Status != ReportStatus.None)
        {
            output.WriteLine(report.Status == ReportStatus.Passed ? "**Status: passed**" : "**Status: failed**");
            output.WriteLine();
        }
        foreach (var block in report.Blocks)
        {
            switch (block)
            {
                case KeyValueBlock keyValues:
                    output.WriteLine($"## {Cell(keyValues.Title)}");
                    output.WriteLine();
                    WriteTable(output, ["Key", "Value"], [false, false], keyValues.Items.Select(item => (IReadOnlyList<string>)[item.Key, item.Value]));
                    break;
                case TableBlock table:
                    output.WriteLine($"## {Cell(table.Title)}");
                    output.WriteLine();
                    WriteTable(output, table.Columns.Select(c => c.Header).ToList(), table.Columns.Select(c => c.AlignRight).ToList(), table.Rows);
                    break;
                case NoteBlock note:
                    output.WriteLine($"## {Cell(note.Title)}");
                    output.WriteLine();
                    output.WriteLine("```");
                    output.WriteLine(TerminalText.Escape(note.Text, keepLineBreaks: true).Replace("```", "`\u200b``", StringComparison.Ordinal));
                    output.WriteLine("```");
                    output.WriteLine();
                    break;
            }
        }
        if (report.Parts.HasFlag(ReportParts.Measurements))
        {
            output.WriteLine("## Measurements");
            output.WriteLine();
            WriteTable(output, ["Metric", "Service", "Target", "Actual", "Status", "Detail"], [false, false, false, true, false, false],
                TextReportRenderer.MeasurementRows(report.Measurements));
        }
        if (report.Parts.HasFlag(ReportParts.Probes))
        {
            output.WriteLine("## Probes");
            output.WriteLine();
            WriteTable(output, ["Service", "Probe", "Status", "Attempts", "Time", "Detail"], [false, false, false, true, true, false],
                report.Probes.Select(p => (IReadOnlyList<string>)
                    [p.Service, p.Name, p.Status.ToString().ToLowerInvariant(), p.Attempts.ToString(CultureInfo.InvariantCulture), Units.Format(p.DurationMs, Unit.Milliseconds), p.Detail ?? string.Empty]));
        }
        if (report.Parts.HasFlag(ReportParts.Findings))
        {
            output.WriteLine("## Findings");
            output.WriteLine();
            if (report.Findings.Count == 0)
            {
                output.WriteLine("No findings.");
                output.WriteLine();
            }
            else
            {
                WriteTable(output, ["Severity", "Rule", "Location", "Message"], [false, false, false, false],
                    report.Findings.Order(FindingOrder.Instance).Select(f => (IReadOnlyList<string>)
                    [
                        f.Severity.ToName(),
                        $"[{f.Rule.Id}]({f.Rule.HelpUri})",
                        Location(f, options),
                        f.Message,
                    ]));
            }
        }
        if (report.Parts.HasFlag(ReportParts.Summary))
        {
            var summary = report.Summary;
            output.WriteLine($"{summary.Files} files checked: {summary.Errors} errors, {summary.Warnings} warnings, {summary.Infos} infos.");
        }
    }

    private static string Location(Finding finding, RenderOptions options)
    {
        var file = DisplayPaths.Relative(finding.Span.File, options.WorkingDirectory).Replace("`", "'", StringComparison.Ordinal);
        return finding.Span.HasPosition ? $"`{file}:{finding.Span.Line}:{finding.Span.Column}`" : $"`{file}`";
    }

    private static void WriteTable(TextWriter output, IReadOnlyList<string> headers, IReadOnlyList<bool> alignRight, IEnumerable<IReadOnlyList<string>> rows)
    {
        output.WriteLine("| " + string.Join(" | ", headers.Select(Cell)) + " |");
        output.WriteLine("|" + string.Join("|", alignRight.Select(right => right ? "---:" : "---")) + "|");
        foreach (var row in rows)
        {
            output.WriteLine("| " + string.Join(" | ", row.Select(Cell)) + " |");
        }
        output.WriteLine();
    }

    /// <summary>Table cells cannot hold pipes or line breaks.</summary>
    private static string Cell(string text) => TerminalText.Escape(text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", "<br>", StringComparison.Ordinal));
}
