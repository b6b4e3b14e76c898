using Drydock.Findings;

namespace Drydock.Compose.Rules.Security;

/// <summary>
/// DC048: one finding per service for the hardening settings it lacks (cap_drop, no-new-privileges, memory, CPU and
/// pids limits), in place of one finding per setting. It runs no check of its own: it gathers, per service, the
/// findings of the rules whose descriptor names it as their <see cref="RuleDescriptor.Group"/>, after suppressions and
/// configuration have applied to each (so disabling DC004 removes "no cap_drop" from the list, and DC023 raised to
/// error raises the grouped finding). The strict profile reports the settings one by one instead.
/// </summary>
public static class ServiceNotHardenedRule
{
    public static readonly RuleDescriptor Rule = new(
        "DC048",
        "Service not hardened",
        RuleCategories.Security,
        Severity.Warning,
        "service '{0}' is not hardened: {1}",
        "Most services need none of the engine's default capabilities, never need to gain privileges through setuid programs, and should not be able to take all of the host's memory, CPU or process table. One finding lists what the service lacks (the settings of DC004 no cap_drop, DC005 no no-new-privileges, DC023/DC024/DC025 no memory/CPU/pids limit); the fix adds them all. 'check.profile: strict' (or --profile strict) reports each setting as its own finding.")
    {
        Aliases = [],
    };

    /// <summary>
    /// Replaces the findings of grouped rules by one DC048 finding per service (at the first of their positions, as
    /// severe as the most severe of them); every other finding passes through unchanged.
    /// </summary>
    public static IReadOnlyList<Finding> Group(IReadOnlyList<Finding> findings)
    {
        if (!findings.Any(IsMember))
        {
            return findings;
        }
        var result = findings.Where(finding => !IsMember(finding)).ToList();
        foreach (var members in findings.Where(IsMember).GroupBy(finding => finding.Subject!))
        {
            var ordered = members.OrderBy(finding => finding.Rule.Id, StringComparer.Ordinal).ToList();
            var first = members.Order(FindingOrder.Instance).First();
            var missing = new List<string>();
            var limits = new List<string>();
            foreach (var part in ordered.Select(finding => finding.Rule.GroupPart!).Distinct(StringComparer.Ordinal))
            {
                if (part.StartsWith("no ", StringComparison.Ordinal) && part.EndsWith(" limit", StringComparison.Ordinal))
                {
                    limits.Add(part[3..^6]);
                }
                else
                {
                    missing.Add(part);
                }
            }
            if (limits.Count > 0)
            {
                missing.Add($"no {string.Join('/', limits)} limit");
            }
            var fix = string.Join(", ", ordered.Select(finding => finding.Rule.GroupFix ?? finding.FixHint).OfType<string>().Distinct(StringComparer.Ordinal));
            result.Add(new Finding(Rule, ordered.Max(finding => finding.Severity), first.Span, Rule.FormatMessage(members.Key.Name, string.Join(", ", missing)))
            {
                FixHint = "add to the service: " + fix,
                Subject = members.Key,
            });
        }
        return result;
    }

    private static bool IsMember(Finding finding) => finding.Rule.Group == Rule && finding.Subject is not null && finding.Rule.GroupPart is not null;
}
