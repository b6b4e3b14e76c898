namespace Drydock.Dockerfiles.Rules;

/// <summary>Small text helpers for rule messages: suggestions for typos, shortened excerpts.</summary>
internal static class RuleText
{
    /// <summary>The closest candidate within an edit distance of 2 (and less than half the word), or null.</summary>
    public static string? Suggest(string word, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            if (string.Equals(candidate, word, StringComparison.Ordinal))
            {
                continue;
            }
            var distance = Distance(word.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }
        return best is not null && bestDistance <= 2 && bestDistance * 2 < Math.Max(word.Length, 2) ? best : null;
    }

    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    public static string Excerpt(string text, int max = 60)
    {
        var single = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return single.Length <= max ? single : string.Concat(single.AsSpan(0, max - 1), "…");
    }

    public static string Quoted(IEnumerable<string> values) => string.Join(", ", values.Select(value => $"'{value}'"));
}
