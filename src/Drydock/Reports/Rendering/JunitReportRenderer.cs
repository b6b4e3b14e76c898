using System.Globalization;
using System.Xml;
using Drydock.Findings;
using Drydock.Measurements;
using Drydock.Text;

namespace Drydock.Reports.Rendering;

/// <summary>
/// JUnit XML, which every CI server displays. Findings: one suite per file, one test case per finding (errors and
/// warnings fail, infos pass with their message as output). Verification: one suite each for measurements and probes.
/// </summary>
public sealed class JunitReportRenderer : IReportRenderer
{
    public ReportFormat Format => ReportFormat.Junit;

    public void Render(Report report, TextWriter output, RenderOptions options)
    {
        var suites = new List<Suite>();
        if (report.Parts.HasFlag(ReportParts.Measurements))
        {
            suites.Add(new Suite("measurements", report.Measurements.Select(m => new Case(
                $"drydock.{report.Command}.measurements",
                m.Service is null ? m.Metric.Name : $"{m.Metric.Name} ({m.Service})",
                m.Status == MeasurementStatus.Fail ? $"{m.ActualText}, target {m.Target}" : null,
                m.Status == MeasurementStatus.Fail ? "target" : null,
                m.Detail,
                m.Status == MeasurementStatus.Info ? $"{m.ActualText} (no target)" : $"{m.ActualText}, target {m.Target}",
                false)).ToList()));
        }
        if (report.Parts.HasFlag(ReportParts.Probes))
        {
            suites.Add(new Suite("probes", report.Probes.Select(p => new Case(
                $"drydock.{report.Command}.probes.{p.Service}",
                p.Name,
                p.Status == ProbeStatus.Failed ? p.Detail ?? "probe failed" : null,
                p.Status == ProbeStatus.Failed ? "probe" : null,
                p.Detail,
                null,
                p.Status == ProbeStatus.Skipped,
                p.DurationMs / 1000)).ToList()));
        }
        if (report.Parts.HasFlag(ReportParts.Findings))
        {
            var byFile = report.Findings.Order(FindingOrder.Instance)
                .GroupBy(f => DisplayPaths.Relative(f.Span.File, options.WorkingDirectory), StringComparer.Ordinal);
            foreach (var file in byFile)
            {
                suites.Add(new Suite(file.Key, file.Select(f => new Case(
                    $"drydock.{report.Command}.{f.Rule.Category}",
                    f.Span.HasPosition ? $"{f.Rule.Id} {file.Key}:{f.Span.Line}:{f.Span.Column}" : $"{f.Rule.Id} {file.Key}",
                    f.Severity >= Severity.Warning ? f.Message : null,
                    f.Severity >= Severity.Warning ? f.Severity.ToName() : null,
                    $"{f.Rule.Title}\n{f.Rule.Help}\n{f.Rule.HelpUri}",
                    f.Severity < Severity.Warning ? f.Message : null,
                    false)
                {
                    File = file.Key,
                }).ToList()));
            }
            if (report.Findings.Count == 0 && !report.Parts.HasFlag(ReportParts.Measurements))
            {
                suites.Add(new Suite(report.Command, [new Case($"drydock.{report.Command}", "no findings", null, null, null, $"{report.FilesAnalyzed} files checked", false)]));
            }
        }

        var settings = new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false), OmitXmlDeclaration = false };
        using var xml = XmlWriter.Create(output, settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", Xml($"drydock {report.Command}"));
        xml.WriteAttributeString("tests", Invariant(suites.Sum(s => s.Cases.Count)));
        xml.WriteAttributeString("failures", Invariant(suites.Sum(s => s.Failures)));
        xml.WriteAttributeString("errors", "0");
        foreach (var suite in suites)
        {
            xml.WriteStartElement("testsuite");
            xml.WriteAttributeString("name", Xml(suite.Name));
            xml.WriteAttributeString("tests", Invariant(suite.Cases.Count));
            xml.WriteAttributeString("failures", Invariant(suite.Failures));
            xml.WriteAttributeString("errors", "0");
            xml.WriteAttributeString("skipped", Invariant(suite.Cases.Count(c => c.Skipped)));
            foreach (var test in suite.Cases)
            {
                xml.WriteStartElement("testcase");
                xml.WriteAttributeString("classname", Xml(test.ClassName));
                xml.WriteAttributeString("name", Xml(test.Name));
                if (test.File is { } path)
                {
                    // GitLab, Jenkins and most JUnit readers link a test case to its file through this attribute.
                    xml.WriteAttributeString("file", Xml(path));
                }
                xml.WriteAttributeString("time", test.Seconds.ToString("0.###", CultureInfo.InvariantCulture));
                if (test.Failure is { } failure)
                {
                    xml.WriteStartElement("failure");
                    xml.WriteAttributeString("message", Xml(failure));
                    xml.WriteAttributeString("type", test.FailureType ?? "failure");
                    if (test.Details is { } details)
                    {
                        xml.WriteString(Xml(details));
                    }
                    xml.WriteEndElement();
                }
                if (test.Skipped)
                {
                    xml.WriteStartElement("skipped");
                    if (test.Details is { } reason)
                    {
                        xml.WriteAttributeString("message", Xml(reason));
                    }
                    xml.WriteEndElement();
                }
                if (test.Output is { } text)
                {
                    xml.WriteElementString("system-out", Xml(text));
                }
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndDocument();
        xml.Flush();
        output.WriteLine();
    }

    /// <summary>XML 1.0 cannot hold most control characters: they are shown escaped, as in the text format.</summary>
    private static string Xml(string text) => TerminalText.Escape(text, keepLineBreaks: true);

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record Suite(string Name, IReadOnlyList<Case> Cases)
    {
        public int Failures => Cases.Count(c => c.Failure is not null);
    }

    private sealed record Case(string ClassName, string Name, string? Failure, string? FailureType, string? Details, string? Output, bool Skipped, double Seconds = 0)
    {
        public string? File { get; init; }
    }
}
