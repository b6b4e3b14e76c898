using System.Globalization;

namespace Drydock.Findings;

/// <summary>
/// At most <see cref="PerRuleAndFile"/> findings of one rule in one file are listed; the rest become one summary
/// finding ("… and 399,900 more"), at the place of the first one left out. A generated or hostile file (400,000 unknown
/// instructions) then gives a report people can read and CI can store, and the count is still exact.
/// </summary>
public static class FindingCap
{
    public const int PerRuleAndFile = 100;

    /// <param name="ordered">Findings in <see cref="FindingOrder"/>; the result keeps that order.</param>
    /// <param name="limit">How many findings of one rule in one file are listed.</param>
    public static IReadOnlyList<Finding> Apply(IReadOnlyList<Finding> ordered, int limit = PerRuleAndFile)
    {
        var counts = new Dictionary<(string File, string Rule), int>();
        foreach (var finding in ordered)
        {
            var key = (finding.Span.File, finding.Rule.Id);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        if (counts.Values.All(count => count <= limit))
        {
            return ordered;
        }
        var seen = new Dictionary<(string File, string Rule), int>();
        var kept = new List<Finding>(Math.Min(ordered.Count, counts.Count * (limit + 1)));
        foreach (var finding in ordered)
        {
            var key = (finding.Span.File, finding.Rule.Id);
            var index = seen[key] = seen.GetValueOrDefault(key) + 1;
            if (index <= limit)
            {
                kept.Add(finding);
            }
            else if (index == limit + 1)
            {
                var more = counts[key] - limit;
                kept.Add(finding with
                {
                    Message = string.Format(CultureInfo.InvariantCulture, "… and {0:N0} more {1} finding{2} in this file (only the first {3} are listed)", more, finding.Rule.Id, more == 1 ? string.Empty : "s", limit),
                    FixHint = null,
                });
            }
        }
        return kept;
    }
}
