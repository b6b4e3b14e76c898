using System.Text.Encodings.Web;
using System.Text.Json;
using Drydock.Findings;
using Drydock.Measurements;

namespace Drydock.Reports.Rendering;

/// <summary>
/// <c>{schemaVersion, …command fields, measurements, probes, findings, summary}</c>. Written with
/// <see cref="Utf8JsonWriter"/> directly: no reflection, stable property order.
/// </summary>
public sealed class JsonReportRenderer : IReportRenderer
{
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public ReportFormat Format => ReportFormat.Json;

    public void Render(Report report, TextWriter output, RenderOptions options)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(report, json, options);
        }
        output.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        output.WriteLine();
    }

    public static void Write(Report report, Utf8JsonWriter json, RenderOptions options)
    {
        json.WriteStartObject();
        json.WriteNumber("schemaVersion", Report.SchemaVersion);
        if (report.Data is { } data)
        {
            foreach (var (name, value) in data)
            {
                json.WritePropertyName(name);
                if (value is null)
                {
                    json.WriteNullValue();
                }
                else
                {
                    value.WriteTo(json);
                }
            }
        }
        if (report.Parts.HasFlag(ReportParts.Measurements))
        {
            json.WriteStartArray("measurements");
            foreach (var measurement in report.Measurements)
            {
                WriteMeasurement(json, measurement);
            }
            json.WriteEndArray();
        }
        if (report.Parts.HasFlag(ReportParts.Probes))
        {
            json.WriteStartArray("probes");
            foreach (var probe in report.Probes)
            {
                WriteProbe(json, probe);
            }
            json.WriteEndArray();
        }
        if (report.Parts.HasFlag(ReportParts.Findings))
        {
            json.WriteStartArray("findings");
            foreach (var finding in report.Findings)
            {
                WriteFinding(json, finding, options);
            }
            json.WriteEndArray();
        }
        if (report.Parts.HasFlag(ReportParts.Summary))
        {
            var summary = report.Summary;
            json.WriteStartObject("summary");
            json.WriteNumber("files", summary.Files);
            json.WriteNumber("errors", summary.Errors);
            json.WriteNumber("warnings", summary.Warnings);
            json.WriteNumber("infos", summary.Infos);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    public static void WriteFinding(Utf8JsonWriter json, Finding finding, RenderOptions options)
    {
        json.WriteStartObject();
        json.WriteString("rule", finding.Rule.Id);
        json.WriteStartArray("aliases");
        foreach (var alias in finding.Rule.Aliases)
        {
            json.WriteStringValue(alias);
        }
        json.WriteEndArray();
        json.WriteString("severity", finding.Severity.ToName());
        json.WriteString("category", finding.Rule.Category);
        json.WriteString("file", DisplayPaths.Relative(finding.Span.File, options.WorkingDirectory));
        json.WriteNumber("line", finding.Span.Line);
        json.WriteNumber("column", finding.Span.Column);
        json.WriteNumber("endLine", finding.Span.EndLine);
        json.WriteNumber("endColumn", finding.Span.EndColumn);
        json.WriteString("message", finding.Message);
        json.WriteString("help", finding.Rule.Help);
        json.WriteString("helpUri", finding.Rule.HelpUri.ToString());
        if (finding.FixHint is { } fix)
        {
            json.WriteString("fix", fix);
        }
        json.WriteEndObject();
    }

    public static void WriteMeasurement(Utf8JsonWriter json, Measurement measurement)
    {
        json.WriteStartObject();
        json.WriteString("metric", measurement.Metric.Name);
        WriteNullableString(json, "service", measurement.Service);
        if (measurement.Target is { } target)
        {
            json.WriteStartObject("target");
            json.WriteString("comparison", target.Operator);
            json.WriteNumber("value", target.Value);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("target");
        }
        if (measurement.Actual is { } actual)
        {
            json.WriteNumber("actual", actual);
        }
        else
        {
            json.WriteNull("actual");
        }
        json.WriteString("unit", measurement.Unit.Symbol());
        json.WriteString("status", measurement.Status.ToString().ToLowerInvariant());
        WriteNullableString(json, "targetText", measurement.Target?.ToString());
        json.WriteString("actualText", measurement.ActualText);
        if (measurement.Detail is { } detail)
        {
            json.WriteString("detail", detail);
        }
        if (measurement.Evidence.Count > 0)
        {
            json.WriteStartArray("evidence");
            foreach (var line in measurement.Evidence)
            {
                json.WriteStringValue(line);
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    public static void WriteProbe(Utf8JsonWriter json, ProbeResult probe)
    {
        json.WriteStartObject();
        json.WriteString("service", probe.Service);
        json.WriteString("name", probe.Name);
        json.WriteString("status", probe.Status.ToString().ToLowerInvariant());
        json.WriteNumber("attempts", probe.Attempts);
        json.WriteNumber("durationMs", Math.Round(probe.DurationMs, 1));
        WriteNullableString(json, "detail", probe.Detail);
        if (probe.FailedAttempts.Count > 0)
        {
            json.WriteStartArray("failedAttempts");
            foreach (var failed in probe.FailedAttempts)
            {
                json.WriteStartObject();
                json.WriteString("answer", failed.Answer);
                json.WriteNumber("count", failed.Count);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    private static void WriteNullableString(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
