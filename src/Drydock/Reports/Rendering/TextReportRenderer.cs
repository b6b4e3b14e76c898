using Drydock.Findings;
using Drydock.Measurements;
using Drydock.Text;
using Spectre.Console;
using Spectre.Console.Rendering;
using Measurement = Drydock.Measurements.Measurement;

namespace Drydock.Reports.Rendering;

/// <summary>
/// The human format. On a terminal: colour and boxed tables (Spectre.Console). Elsewhere: plain, greppable lines
/// that never wrap: findings as <c>file:line:col: severity RULE: message</c>, tables as space-aligned columns.
/// </summary>
public sealed class TextReportRenderer : IReportRenderer
{
    public ReportFormat Format => ReportFormat.Text;

    public void Render(Report report, TextWriter output, RenderOptions options)
    {
        var writer = new StyledWriter(output, options);
        if (report.Title is { Length: > 0 } title)
        {
            writer.Line(writer.Style(title, "bold"));
            writer.Line();
        }
        foreach (var block in report.Blocks)
        {
            RenderBlock(writer, block);
        }
        if (report.Parts.HasFlag(ReportParts.Measurements) && report.Measurements.Count > 0)
        {
            writer.Table(
                "Measurements",
                [new("Metric"), new("Service"), new("Target"), new("Actual", AlignRight: true), new("Status"), new("Detail")],
                MeasurementRows(report.Measurements),
                StatusColumnStyle);
        }
        if (report.Parts.HasFlag(ReportParts.Probes) && report.Probes.Count > 0)
        {
            writer.Table(
                "Probes",
                [new("Service"), new("Probe"), new("Status"), new("Attempts", AlignRight: true), new("Time", AlignRight: true), new("Detail")],
                report.Probes.Select(p => (IReadOnlyList<string>)
                    [p.Service, p.Name, p.Status.ToString().ToLowerInvariant(), p.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture), Units.Format(p.DurationMs, Unit.Milliseconds), p.Detail ?? string.Empty]).ToList(),
                StatusColumnStyle);
        }
        if (report.Parts.HasFlag(ReportParts.Findings))
        {
            RenderFindings(writer, report.Findings, options);
        }
        if (report.Parts.HasFlag(ReportParts.Summary))
        {
            var summary = report.Summary;
            var files = summary.Files == 1 ? "1 file" : $"{summary.Files} files";
            writer.Line(report.Findings.Count == 0
                ? writer.Style($"{files} checked: no findings", "green")
                : $"{files} checked: {Count(summary.Errors, "error")}, {Count(summary.Warnings, "warning")}, {Count(summary.Infos, "info")}");
        }
        if (report.Status != ReportStatus.None)
        {
            var passed = report.Status == ReportStatus.Passed;
            writer.Line(writer.Style(passed ? "PASSED" : "FAILED", passed ? "bold green" : "bold red"));
        }
    }

    /// <summary>One row per measurement; its evidence lines follow it, each in the Detail column under a "> " mark.</summary>
    internal static List<IReadOnlyList<string>> MeasurementRows(IReadOnlyList<Measurement> measurements)
    {
        var rows = new List<IReadOnlyList<string>>(measurements.Count);
        foreach (var m in measurements)
        {
            rows.Add([m.Metric.Name, m.Service ?? "(stack)", m.Target?.ToString() ?? "-", m.ActualText, m.Status.ToString().ToLowerInvariant(), m.Detail ?? string.Empty]);
            rows.AddRange(m.Evidence.Select(line => (IReadOnlyList<string>)["", "", "", "", "", "> " + line]));
        }
        return rows;
    }

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string? StatusColumnStyle(string cell) => cell switch
    {
        "pass" or "passed" or "healthy" => "green",
        "fail" or "failed" or "unhealthy" => "red",
        "skipped" => "yellow",
        _ => null,
    };

    private static void RenderBlock(StyledWriter writer, ReportBlock block)
    {
        switch (block)
        {
            case KeyValueBlock keyValues:
                writer.Line(writer.Style(keyValues.Title, "bold"));
                var width = keyValues.Items.Count == 0 ? 0 : keyValues.Items.Max(item => item.Key.Length);
                foreach (var (key, value) in keyValues.Items)
                {
                    writer.Line($"  {(key + ":").PadRight(width + 1)} {writer.Escape(value)}");
                }
                writer.Line();
                break;
            case TableBlock table:
                writer.Table(table.Title, table.Columns, table.Rows, null);
                break;
            case NoteBlock note:
                writer.Line(writer.Style(note.Title, "bold"));
                foreach (var line in note.Text.Split('\n'))
                {
                    writer.Line("  " + writer.Escape(line));
                }
                writer.Line();
                break;
        }
    }

    private static void RenderFindings(StyledWriter writer, IReadOnlyList<Finding> findings, RenderOptions options)
    {
        string? currentFile = null;
        foreach (var finding in findings.Order(FindingOrder.Instance))
        {
            var file = DisplayPaths.Relative(finding.Span.File, options.WorkingDirectory);
            if (currentFile is not null && file != currentFile)
            {
                writer.Line();
            }
            currentFile = file;
            var location = finding.Span.HasPosition ? $"{file}:{finding.Span.Line}:{finding.Span.Column}" : file;
            var severity = finding.Severity.ToName();
            var severityStyle = finding.Severity switch
            {
                Severity.Error => "bold red",
                Severity.Warning => "yellow",
                _ => "blue",
            };
            writer.Line($"{writer.Escape(location)}: {writer.Style(severity, severityStyle)} {writer.Style(finding.Rule.Id, "bold")}: {writer.Escape(finding.Message)}");
            if (finding.Span.HasPosition && options.Sources.GetLine(finding.Span.File, finding.Span.Line) is { } source)
            {
                var number = finding.Span.Line.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var shown = finding.Rule.MasksSourceValues ? MaskValues(source.TrimEnd()) : source.TrimEnd();
                writer.Line(writer.Style($"  {number} | ", "grey") + writer.Escape(Truncate(shown, 160)));
            }
            if (finding.FixHint is { } fix)
            {
                writer.Line(writer.Style("    fix: ", "grey") + writer.Escape(fix));
            }
        }
        if (currentFile is not null)
        {
            writer.Line();
        }
    }

    /// <summary>
    /// A code frame for a credential finding goes to CI logs: everything after the first '=' or ':' (after the second
    /// word when there is neither, as in <c>ENV TOKEN abc</c>) is masked, so the key and its place stay visible.
    /// </summary>
    internal static string MaskValues(string line)
    {
        var start = line.IndexOfAny(['=', ':']) + 1;
        if (start == 0)
        {
            var words = 0;
            for (var i = 0; i < line.Length && start == 0; i++)
            {
                if (!char.IsWhiteSpace(line[i]) && (i == 0 || char.IsWhiteSpace(line[i - 1])) && ++words == 3)
                {
                    start = i;
                }
            }
            if (start == 0)
            {
                return line;
            }
        }
        while (start < line.Length && char.IsWhiteSpace(line[start]))
        {
            start++;
        }
        return start >= line.Length ? line : string.Concat(line.AsSpan(0, start), "********");
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    /// <summary>Writes either Spectre markup to an ANSI console or plain text, so both paths share one renderer.</summary>
    private sealed class StyledWriter
    {
        private readonly TextWriter _output;
        private readonly IAnsiConsole? _console;

        public StyledWriter(TextWriter output, RenderOptions options)
        {
            _output = output;
            if (options.Color)
            {
                _console = AnsiConsole.Create(new AnsiConsoleSettings
                {
                    Ansi = AnsiSupport.Yes,
                    ColorSystem = ColorSystemSupport.Standard,
                    Interactive = InteractionSupport.No,
                    Out = new AnsiConsoleOutput(output),
                });
                _console.Profile.Width = Math.Max(options.Width, 40);
            }
        }

        public string Escape(string text) => _console is null ? text : Markup.Escape(text);

        public string Style(string text, string style) => _console is null ? text : $"[{style}]{Markup.Escape(text)}[/]";

        /// <summary>Every line passes here, so control characters from any value are escaped once, in both modes.</summary>
        public void Line(string text = "")
        {
            text = TerminalText.Escape(text);
            if (_console is null)
            {
                _output.WriteLine(text);
            }
            else
            {
                _console.MarkupLine(text);
            }
        }

        public void Table(string title, IReadOnlyList<TableColumn> columns, IReadOnlyList<IReadOnlyList<string>> rows, Func<string, string?>? cellStyle)
        {
            if (_console is not null)
            {
                var table = new Table { Border = TableBorder.Rounded, Title = new TableTitle(title, new Style(decoration: Decoration.Bold)) };
                foreach (var column in columns)
                {
                    table.AddColumn(new Spectre.Console.TableColumn(Markup.Escape(TerminalText.Escape(column.Header))) { Alignment = column.AlignRight ? Justify.Right : Justify.Left });
                }
                foreach (var row in rows)
                {
                    table.AddRow(row.Select(cell => TerminalText.Escape(cell)).Select(cell => (IRenderable)new Markup(cellStyle?.Invoke(cell) is { } style ? Style(cell, style) : Markup.Escape(cell))).ToArray());
                }
                _console.Write(table);
                _console.WriteLine();
                return;
            }
            _output.WriteLine(TerminalText.Escape(title));
            rows = rows.Select(row => (IReadOnlyList<string>)row.Select(cell => TerminalText.Escape(cell.Replace('\n', ' '))).ToList()).ToList();
            var widths = columns.Select((column, index) => Math.Max(column.Header.Length, rows.Count == 0 ? 0 : rows.Max(row => index < row.Count ? row[index].Length : 0))).ToArray();
            WritePlainRow(columns.Select(column => column.Header).ToList(), columns, widths);
            foreach (var row in rows)
            {
                WritePlainRow(row, columns, widths);
            }
            _output.WriteLine();
        }

        private void WritePlainRow(IReadOnlyList<string> cells, IReadOnlyList<TableColumn> columns, int[] widths)
        {
            var parts = new string[columns.Count];
            for (var i = 0; i < columns.Count; i++)
            {
                var cell = i < cells.Count ? cells[i].Replace('\n', ' ') : string.Empty;
                var last = i == columns.Count - 1;
                parts[i] = columns[i].AlignRight ? cell.PadLeft(widths[i]) : last ? cell : cell.PadRight(widths[i]);
            }
            _output.WriteLine(("  " + string.Join("  ", parts)).TrimEnd());
        }
    }
}
