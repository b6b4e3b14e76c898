namespace Drydock.Text;

/// <summary>Levenshtein distance, for "did you mean" suggestions (unknown instructions, Compose keys, stage names).</summary>
public static class EditDistance
{
    /// <summary>The number of single-character insertions, deletions and substitutions that turn <paramref name="a"/> into <paramref name="b"/>.</summary>
    public static int Between(string a, string b)
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

    /// <summary>
    /// The candidate closest to <paramref name="word"/>, ignoring case, and its distance (the first one on a tie);
    /// null when there is no candidate. Callers decide how close is close enough.
    /// </summary>
    public static (string Candidate, int Distance)? Closest(string word, IEnumerable<string> candidates, bool skipExact = false)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        var lower = word.ToLowerInvariant();
        foreach (var candidate in candidates)
        {
            if (skipExact && string.Equals(candidate, word, StringComparison.Ordinal))
            {
                continue;
            }
            var distance = Between(lower, candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }
        return best is null ? null : (best, bestDistance);
    }
}
