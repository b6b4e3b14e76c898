using Drydock.Text;

namespace Drydock.Findings;

/// <summary>Small text helpers for rule messages in every family: suggestions for typos, excerpts, quoted lists, paths.</summary>
internal static class RuleText
{
    /// <summary>The closest candidate within an edit distance of 2 (and less than half the word), or null.</summary>
    public static string? Suggest(string word, IEnumerable<string> candidates) =>
        EditDistance.Closest(word, candidates, skipExact: true) is (var best, var distance) && distance <= 2 && distance * 2 < Math.Max(word.Length, 2) ? best : null;

    public static string Excerpt(string text, int max = 60)
    {
        var single = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return single.Length <= max ? single : string.Concat(single.AsSpan(0, max - 1), "…");
    }

    public static string Quoted(IEnumerable<string> values) => string.Join(", ", values.Select(value => $"'{value}'"));

    /// <summary>A path as a message shows it: relative to the project directory ("./data") when inside it.</summary>
    public static string Display(string path, string projectDirectory)
    {
        var relative = Path.GetRelativePath(projectDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : "./" + relative.Replace('\\', '/');
    }
}
