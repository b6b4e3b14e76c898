using Drydock.Findings.Suppressions;
using Drydock.Findings;

namespace Drydock.Checking;

/// <summary>
/// Applies the configuration to findings of every family: rules off by default stay off unless enabled, disabled
/// rules go, severities change; per-path overrides apply after the global settings, in order.
/// </summary>
public static class FindingFilter
{
    public static IReadOnlyList<Finding> Apply(IEnumerable<Finding> findings, CheckConfiguration configuration)
    {
        var result = new List<Finding>();
        foreach (var finding in findings)
        {
            var enabled = finding.Rule.EnabledByDefault;
            Severity? severity = finding.Severity;
            Apply(configuration.Rules, finding, ref enabled, ref severity);
            if (configuration.Overrides.Count > 0 && configuration.BaseDirectory is { } baseDirectory && finding.Span.File.Length > 0)
            {
                var relative = Path.GetRelativePath(baseDirectory, Path.GetFullPath(finding.Span.File));
                foreach (var entry in configuration.Overrides)
                {
                    if (entry.Paths.Any(path => path.IsMatch(relative)))
                    {
                        Apply(entry.Settings, finding, ref enabled, ref severity);
                    }
                }
            }
            if (enabled && severity is { } effective)
            {
                result.Add(effective == finding.Severity ? finding : finding with { Severity = effective });
            }
        }
        return result;
    }

    private static void Apply(RuleSettings settings, Finding finding, ref bool enabled, ref Severity? severity)
    {
        if (settings.Enable.Any(token => RuleSelector.Matches(token, finding)))
        {
            enabled = true;
        }
        if (settings.Disable.Any(token => RuleSelector.Matches(token, finding)))
        {
            enabled = false;
        }
        foreach (var (token, value) in settings.Severity)
        {
            if (RuleSelector.Matches(token, finding))
            {
                severity = value;
                if (value is not null)
                {
                    enabled = true;
                }
            }
        }
    }
}
