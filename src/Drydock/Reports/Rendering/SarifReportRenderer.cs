using System.Text.Json;
using Drydock.Findings;

namespace Drydock.Reports.Rendering;

/// <summary>
/// SARIF 2.1.0, the format code-scanning UIs read: one run, the driver's rules (those the findings reference,
/// with descriptions, help and help URIs), and one result per finding with a region in UTF-16 columns.
/// </summary>
public sealed class SarifReportRenderer : IReportRenderer
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    public ReportFormat Format => ReportFormat.Sarif;

    public void Render(Report report, TextWriter output, RenderOptions options)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonReportRenderer.WriterOptions))
        {
            Write(report, json, options);
        }
        output.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        output.WriteLine();
    }

    private static void Write(Report report, Utf8JsonWriter json, RenderOptions options)
    {
        var findings = report.Findings.Order(FindingOrder.Instance).ToList();
        var fingerprints = FindingFingerprints.Compute(findings, options);
        var rules = findings.Select(f => f.Rule).Distinct().OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        var ruleIndex = rules.Select((rule, index) => (rule.Id, index)).ToDictionary(pair => pair.Id, pair => pair.index, StringComparer.Ordinal);

        json.WriteStartObject();
        json.WriteString("$schema", SchemaUri);
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();

        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", ToolInfo.Name);
        json.WriteString("version", options.ToolVersion);
        json.WriteString("semanticVersion", options.ToolVersion);
        json.WriteString("informationUri", ProjectInfo.RepositoryUrl);
        json.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            WriteRule(json, rule);
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartObject("originalUriBaseIds");
        json.WriteStartObject("SRCROOT");
        json.WriteString("uri", new Uri(EnsureTrailingSlash(options.WorkingDirectory)).AbsoluteUri);
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteString("columnKind", "utf16CodeUnits");

        json.WriteStartArray("results");
        for (var index = 0; index < findings.Count; index++)
        {
            var finding = findings[index];
            json.WriteStartObject();
            json.WriteString("ruleId", finding.Rule.Id);
            json.WriteNumber("ruleIndex", ruleIndex[finding.Rule.Id]);
            json.WriteString("level", Level(finding.Severity));
            json.WriteStartObject("message");
            json.WriteString("text", finding.Message);
            json.WriteEndObject();
            json.WriteStartArray("locations");
            json.WriteStartObject();
            json.WriteStartObject("physicalLocation");
            json.WriteStartObject("artifactLocation");
            var path = DisplayPaths.Relative(finding.Span.File, options.WorkingDirectory);
            json.WriteString("uri", Path.IsPathFullyQualified(path) ? new Uri(path).AbsoluteUri : Uri.EscapeDataString(path).Replace("%2F", "/", StringComparison.Ordinal));
            if (!Path.IsPathFullyQualified(path))
            {
                json.WriteString("uriBaseId", "SRCROOT");
            }
            json.WriteEndObject();
            if (finding.Span.HasPosition)
            {
                json.WriteStartObject("region");
                json.WriteNumber("startLine", finding.Span.Line);
                json.WriteNumber("startColumn", Math.Max(1, finding.Span.Column));
                if (finding.Span.EndLine >= finding.Span.Line)
                {
                    json.WriteNumber("endLine", finding.Span.EndLine);
                }
                if (finding.Span.EndColumn > 0 && (finding.Span.EndLine > finding.Span.Line || finding.Span.EndColumn > finding.Span.Column))
                {
                    json.WriteNumber("endColumn", finding.Span.EndColumn);
                }
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            // Stable across line shifts (see FindingFingerprints), so an alert survives an edit above it.
            json.WriteStartObject("partialFingerprints");
            json.WriteString("drydockFingerprint/v1", fingerprints[index]);
            json.WriteEndObject();
            if (finding.FixHint is { } fix)
            {
                json.WriteStartObject("properties");
                json.WriteString("fix", fix);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();

        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteRule(Utf8JsonWriter json, RuleDescriptor rule)
    {
        json.WriteStartObject();
        json.WriteString("id", rule.Id);
        json.WriteString("name", PascalCase(rule.Title));
        json.WriteStartObject("shortDescription");
        json.WriteString("text", rule.Title);
        json.WriteEndObject();
        json.WriteStartObject("fullDescription");
        json.WriteString("text", rule.Help);
        json.WriteEndObject();
        json.WriteStartObject("help");
        json.WriteString("text", rule.Help);
        json.WriteString("markdown", $"{rule.Help}\n\n[{rule.Id} documentation]({rule.HelpUri})");
        json.WriteEndObject();
        json.WriteString("helpUri", rule.HelpUri.ToString());
        json.WriteStartObject("defaultConfiguration");
        json.WriteString("level", Level(rule.DefaultSeverity));
        json.WriteBoolean("enabled", rule.EnabledByDefault);
        json.WriteEndObject();
        json.WriteStartObject("properties");
        json.WriteString("category", rule.Category);
        if (rule.Category == RuleCategories.Security)
        {
            // GitHub code scanning ranks security alerts by this CVSS-like score: >= 7 high, >= 4 medium, else low.
            json.WriteString("security-severity", SecuritySeverity(rule.DefaultSeverity));
        }
        json.WriteStartArray("tags");
        json.WriteStringValue(rule.Category);
        foreach (var alias in rule.Aliases)
        {
            json.WriteStringValue(alias);
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    public static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "note",
    };

    /// <summary>The score GitHub reads from <c>properties.security-severity</c>: error 8.0 (high), warning 5.0 (medium), info 2.0 (low).</summary>
    public static string SecuritySeverity(Severity severity) => severity switch
    {
        Severity.Error => "8.0",
        Severity.Warning => "5.0",
        _ => "2.0",
    };

    private static string PascalCase(string title)
    {
        var words = title.Split([' ', '-', '_', '/', '.', ',', ':', '(', ')', '\'', '"', '`'], StringSplitOptions.RemoveEmptyEntries);
        return string.Concat(words.Select(word => char.ToUpperInvariant(word[0]) + word[1..]));
    }

    private static string EnsureTrailingSlash(string directory) =>
        directory.EndsWith(Path.DirectorySeparatorChar) ? directory : directory + Path.DirectorySeparatorChar;
}
