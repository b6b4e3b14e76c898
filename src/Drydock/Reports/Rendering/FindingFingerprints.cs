using System.Security.Cryptography;
using System.Text;
using Drydock.Findings;

namespace Drydock.Reports.Rendering;

/// <summary>
/// Fingerprints that follow a finding when lines are inserted above it: a hash of the rule id, the file as reports
/// show it and the offending line's text with its whitespace collapsed (the message when there is no line), plus the
/// occurrence number among findings that share all three. Line numbers are left out on purpose, so code-scanning UIs
/// (SARIF partialFingerprints, GitLab Code Quality) keep tracking one alert instead of closing it and opening another.
/// </summary>
public static class FindingFingerprints
{
    /// <summary>One fingerprint per finding, in the order given (hex SHA-256, 32 characters).</summary>
    public static IReadOnlyList<string> Compute(IReadOnlyList<Finding> findings, RenderOptions options)
    {
        var fingerprints = new string[findings.Count];
        var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 0; index < findings.Count; index++)
        {
            var finding = findings[index];
            var path = DisplayPaths.Relative(finding.Span.File, options.WorkingDirectory);
            var content = finding.Span.HasPosition && options.Sources.GetLine(finding.Span.File, finding.Span.Line) is { } line
                ? Normalize(line)
                : finding.Message;
            var key = string.Join('\u0000', finding.Rule.Id, path, content);
            var occurrence = occurrences.TryGetValue(key, out var seen) ? seen + 1 : 1;
            occurrences[key] = occurrence;
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{key}\u0000{occurrence}"));
            fingerprints[index] = Convert.ToHexStringLower(hash.AsSpan(0, 16));
        }
        return fingerprints;
    }

    private static string Normalize(string line) =>
        string.Join(' ', line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries));
}
