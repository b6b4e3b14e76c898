using System.Globalization;
using System.Net;
using System.Text;

namespace Drydock.Reports.Html;

/// <summary>A shaded span of a chart's x axis (a phase of the run).</summary>
public sealed record ChartBand(double From, double To, string Label);

/// <summary>A line of a chart: its points (x, y) and a CSS class for its colour.</summary>
public sealed record ChartLine(string Label, IReadOnlyList<(double X, double Y)> Points, string CssClass);

/// <summary>A bar: its label, value and, with a baseline, the old value drawn as a ghost behind it.</summary>
public sealed record ChartBar(string Label, double Value, string ValueText, string CssClass = "bar")
{
    public double? Ghost { get; init; }

    public string? Title { get; init; }
}

/// <summary>
/// Small static SVG charts, drawn as text: no script, no font, no external reference, so the report works offline,
/// in a CI artifact viewer and on paper. Every chart scales to its container's width (viewBox).
/// </summary>
public static class SvgCharts
{
    private const double Width = 720;
    private const double Left = 56;
    private const double Right = 12;
    private const double Top = 10;

    public static string Lines(string title, IReadOnlyList<ChartLine> lines, IReadOnlyList<ChartBand> bands, double xMax, Func<double, string> formatY, string xUnit = "s")
    {
        const double height = 170;
        const double bottom = 40;
        var plotWidth = Width - Left - Right;
        var plotHeight = height - Top - bottom;
        var yMax = NiceMax(lines.SelectMany(line => line.Points).Select(point => point.Y).DefaultIfEmpty(0).Max());
        xMax = Math.Max(xMax, 1);
        double X(double x) => Left + x / xMax * plotWidth;
        double Y(double y) => Top + plotHeight - (y / yMax * plotHeight);
        var svg = Open(title, height);
        var shade = 0;
        foreach (var band in bands)
        {
            var from = X(Math.Clamp(band.From, 0, xMax));
            var to = X(Math.Clamp(band.To, 0, xMax));
            if (to - from < 0.5)
            {
                continue;
            }
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"band band{shade++ % 2}\" x=\"{F(from)}\" y=\"{F(Top)}\" width=\"{F(to - from)}\" height=\"{F(plotHeight)}\"><title>{E(band.Label)}</title></rect>");
            if (to - from > 40)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text class=\"band-label\" x=\"{F(from + 3)}\" y=\"{F(Top + 10)}\">{E(Truncate(band.Label, (int)((to - from) / 6)))}</text>");
            }
        }
        Axes(svg, plotWidth, plotHeight, yMax, formatY);
        for (var tick = 0; tick <= 4; tick++)
        {
            var x = xMax * tick / 4;
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{F(X(x))}\" y=\"{F(Top + plotHeight + 14)}\" text-anchor=\"middle\">{E(x.ToString("0.#", CultureInfo.InvariantCulture))} {xUnit}</text>");
        }
        var legendX = Left;
        foreach (var line in lines)
        {
            if (line.Points.Count > 0)
            {
                svg.Append("<polyline class=\"").Append(line.CssClass).Append("\" points=\"")
                    .AppendJoin(' ', line.Points.Select(point => $"{F(X(point.X))},{F(Y(point.Y))}"))
                    .Append("\"><title>").Append(E(line.Label)).Append("</title></polyline>");
            }
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"{line.CssClass} legend\" x=\"{F(legendX)}\" y=\"{F(height - 12)}\" width=\"10\" height=\"4\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{F(legendX + 14)}\" y=\"{F(height - 8)}\">{E(line.Label)}</text>");
            legendX += 24 + (line.Label.Length * 6.2);
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>Vertical bars (a histogram, requests per second), ghosts behind when given.</summary>
    public static string Columns(string title, IReadOnlyList<ChartBar> bars, Func<double, string> formatY)
    {
        const double height = 170;
        const double bottom = 36;
        var plotWidth = Width - Left - Right;
        var plotHeight = height - Top - bottom;
        var yMax = NiceMax(bars.Select(bar => Math.Max(bar.Value, bar.Ghost ?? 0)).DefaultIfEmpty(0).Max());
        var svg = Open(title, height);
        Axes(svg, plotWidth, plotHeight, yMax, formatY);
        var slot = bars.Count == 0 ? plotWidth : plotWidth / bars.Count;
        var labelEvery = Math.Max(1, (int)Math.Ceiling(bars.Count / 12.0));
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var x = Left + (i * slot);
            if (bar.Ghost is { } ghost)
            {
                var ghostHeight = ghost / yMax * plotHeight;
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"ghost\" x=\"{F(x + 1)}\" y=\"{F(Top + plotHeight - ghostHeight)}\" width=\"{F(Math.Max(slot - 2, 1))}\" height=\"{F(ghostHeight)}\"><title>baseline {E(bar.Label)}</title></rect>");
            }
            var barHeight = bar.Value / yMax * plotHeight;
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"{bar.CssClass}\" x=\"{F(x + (slot * 0.15))}\" y=\"{F(Top + plotHeight - barHeight)}\" width=\"{F(Math.Max(slot * 0.7, 1))}\" height=\"{F(barHeight)}\"><title>{E(bar.Title ?? $"{bar.Label}: {bar.ValueText}")}</title></rect>");
            if (i % labelEvery == 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{F(x + (slot / 2))}\" y=\"{F(Top + plotHeight + 14)}\" text-anchor=\"middle\">{E(bar.Label)}</text>");
            }
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>Horizontal bars with their label and value text (image layers, percentiles), ghosts behind when given.</summary>
    public static string HorizontalBars(string title, IReadOnlyList<ChartBar> bars)
    {
        const double rowHeight = 22;
        const double labelWidth = 300;
        const double valueWidth = 90;
        var height = Math.Max(rowHeight * bars.Count + 8, 30);
        var barSpace = Width - labelWidth - valueWidth - 8;
        var max = bars.Select(bar => Math.Max(bar.Value, bar.Ghost ?? 0)).DefaultIfEmpty(0).Max();
        max = max <= 0 ? 1 : max;
        var svg = Open(title, height);
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = 4 + (i * rowHeight);
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"label\" x=\"0\" y=\"{F(y + 14)}\">{E(Truncate(bar.Label, 48))}<title>{E(bar.Title ?? bar.Label)}</title></text>");
            if (bar.Ghost is { } ghost)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"ghost\" x=\"{F(labelWidth)}\" y=\"{F(y + 2)}\" width=\"{F(Math.Max(ghost / max * barSpace, 1))}\" height=\"{F(rowHeight - 6)}\"><title>baseline</title></rect>");
            }
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"{bar.CssClass}\" x=\"{F(labelWidth)}\" y=\"{F(y + 4)}\" width=\"{F(Math.Max(bar.Value / max * barSpace, 1))}\" height=\"{F(rowHeight - 10)}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"value\" x=\"{F(Width - valueWidth)}\" y=\"{F(y + 14)}\">{E(bar.ValueText)}</text>");
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>
    /// Start-up Gantt: per service, created → running (light) and running → ready (dark); seconds from the first event.
    /// A dashed elbow joins each dependency's ready end to its dependent's creation.
    /// </summary>
    public static string Gantt(string title, IReadOnlyList<(string Service, double? Created, double? Running, double? Ready, bool Failed)> rows, double xMax,
        IReadOnlyList<(string Dependency, string Dependent)>? dependencies = null)
    {
        const double rowHeight = 24;
        const double labelWidth = 130;
        var height = (rowHeight * rows.Count) + 30;
        var plotWidth = Width - labelWidth - Right;
        xMax = NiceMax(xMax);
        double X(double x) => labelWidth + (x / xMax * plotWidth);
        var svg = Open(title, height);
        for (var tick = 0; tick <= 4; tick++)
        {
            var x = xMax * tick / 4;
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{F(X(x))}\" x2=\"{F(X(x))}\" y1=\"0\" y2=\"{F(height - 22)}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{F(X(x))}\" y=\"{F(height - 8)}\" text-anchor=\"middle\">{E(x.ToString("0.##", CultureInfo.InvariantCulture))} s</text>");
        }
        foreach (var (dependency, dependent) in dependencies ?? [])
        {
            var from = rows.ToList().FindIndex(row => row.Service == dependency);
            var to = rows.ToList().FindIndex(row => row.Service == dependent);
            if (from < 0 || to < 0 || (rows[from].Ready ?? rows[from].Running) is not { } readyAt || rows[to].Created is not { } createdAt)
            {
                continue;
            }
            double yFrom = 4 + (from * rowHeight) + (rowHeight / 2), yTo = 4 + (to * rowHeight) + (rowHeight / 2);
            svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"dep\" points=\"{F(X(readyAt))},{F(yFrom)} {F(X(readyAt))},{F(yTo)} {F(X(createdAt))},{F(yTo)}\"><title>{E(dependent)} depends on {E(dependency)}</title></polyline>");
            svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"dep-end\" cx=\"{F(X(createdAt))}\" cy=\"{F(yTo)}\" r=\"2.5\"/>");
        }
        for (var i = 0; i < rows.Count; i++)
        {
            var (service, created, running, ready, failed) = rows[i];
            var y = 4 + (i * rowHeight);
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"label\" x=\"0\" y=\"{F(y + 14)}\">{E(Truncate(service, 20))}</text>");
            if (created is { } c && running is { } r)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"created\" x=\"{F(X(c))}\" y=\"{F(y + 3)}\" width=\"{F(Math.Max(X(r) - X(c), 1))}\" height=\"{F(rowHeight - 8)}\"><title>{E(service)}: created → running {F2(r - c)} s</title></rect>");
            }
            if (running is { } start && ready is { } end)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"{(failed ? "failed" : "ready")}\" x=\"{F(X(start))}\" y=\"{F(y + 3)}\" width=\"{F(Math.Max(X(end) - X(start), 1))}\" height=\"{F(rowHeight - 8)}\"><title>{E(service)}: running → healthy {F2(end - start)} s</title></rect>");
                svg.Append(CultureInfo.InvariantCulture, $"<text class=\"value\" x=\"{F(X(end) + 4)}\" y=\"{F(y + 14)}\">{F2(end)} s</text>");
            }
            else if (failed)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text class=\"value fail\" x=\"{F(X(created ?? 0))}\" y=\"{F(y + 14)}\">not ready</text>");
            }
        }
        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder Open(string title, double height) =>
        new StringBuilder().Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {F(Width)} {F(height)}\" preserveAspectRatio=\"xMinYMin meet\"><title>{E(title)}</title>");

    private static void Axes(StringBuilder svg, double plotWidth, double plotHeight, double yMax, Func<double, string> formatY)
    {
        for (var tick = 0; tick <= 4; tick++)
        {
            var y = Top + plotHeight - (plotHeight * tick / 4);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{F(Left)}\" x2=\"{F(Left + plotWidth)}\" y1=\"{F(y)}\" y2=\"{F(y)}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{F(Left - 4)}\" y=\"{F(y + 4)}\" text-anchor=\"end\">{E(formatY(yMax * tick / 4))}</text>");
        }
    }

    /// <summary>A round upper bound for an axis: 1, 2 or 5 times a power of ten, at least the largest value.</summary>
    public static double NiceMax(double value)
    {
        if (value <= 0 || double.IsNaN(value) || double.IsInfinity(value))
        {
            return 1;
        }
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (step * magnitude >= value)
            {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static string Truncate(string text, int length) => length < 2 ? string.Empty : text.Length <= length ? text : text[..(length - 1)] + "…";

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string F2(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
