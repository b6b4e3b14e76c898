using System.Globalization;
using System.Text.Json.Nodes;
using Drydock.BuildContext;
using Drydock.BuildContext.Walker;
using Drydock.Measurements;

namespace Drydock.Reports.Commands;

/// <summary>
/// The report of <c>drydock context</c>: files and bytes sent and excluded, the largest files and directories, which
/// ignore file applied, and the CX findings.
/// </summary>
public static class ContextReport
{
    public static Report Build(ContextAnalysis analysis, int top, ContextRuleSettings settings)
    {
        var walk = analysis.Walk!;
        var ignore = analysis.IgnoreFile;
        var items = new List<KeyValuePair<string, string>>
        {
            new("Context", analysis.Root),
            new("Ignore file", ignore.Path is { } path ? $"{path} ({ignore.Reason})" : ignore.Reason),
            new("Builder", analysis.Builder == ContextBuilder.Classic ? "classic" : "BuildKit"),
            new("Sent", $"{Count(walk.Files)} files, {Units.FormatBytes(walk.Bytes)}" + Extras(walk)),
            new("Excluded", $"{Count(walk.ExcludedFiles)} files, {Units.FormatBytes(walk.ExcludedBytes)}"),
            new("Size target", $"< {Units.FormatBytes(settings.MaxBytes)}"),
        };
        if (ignore.Note is { } note)
        {
            items.Add(new("Note", note));
        }
        var blocks = new List<ReportBlock> { new KeyValueBlock("Summary", items) };
        var largest = LargestFiles(walk, top);
        if (largest.Count > 0)
        {
            blocks.Add(new TableBlock("Largest files sent", [new("Path"), new("Size", AlignRight: true)],
                [.. largest.Select(entry => (IReadOnlyList<string>)[entry.Path, Units.FormatBytes(entry.Size)])]));
        }
        var directories = LargestDirectories(walk, top);
        if (directories.Count > 0)
        {
            blocks.Add(new TableBlock("Largest directories sent", [new("Path"), new("Files", AlignRight: true), new("Size", AlignRight: true)],
                [.. directories.Select(total => (IReadOnlyList<string>)[total.Path + "/", Count(total.Files), Units.FormatBytes(total.Bytes)])]));
        }
        if (walk.OddNames.Count > 0)
        {
            blocks.Add(new NoteBlock("Unusual names (line breaks or not UTF-8)", string.Join('\n', walk.OddNames.Take(20))));
        }

        var data = new JsonObject
        {
            ["root"] = analysis.Root,
            ["ignoreFile"] = ignore.Path,
            ["builder"] = analysis.Builder == ContextBuilder.Classic ? "classic" : "buildkit",
            ["files"] = walk.Files,
            ["bytes"] = walk.Bytes,
            ["symlinks"] = walk.Symlinks,
            ["directories"] = walk.Directories,
            ["excludedFiles"] = walk.ExcludedFiles,
            ["excludedBytes"] = walk.ExcludedBytes,
            ["maxBytes"] = settings.MaxBytes,
            ["largest"] = new JsonArray([.. largest.Select(entry => (JsonNode)new JsonObject { ["path"] = entry.Path, ["bytes"] = entry.Size })]),
            ["largestDirectories"] = new JsonArray([.. directories.Select(total => (JsonNode)new JsonObject { ["path"] = total.Path, ["files"] = total.Files, ["bytes"] = total.Bytes })]),
            ["unreadable"] = new JsonArray([.. walk.Unreadable.Select(problem => (JsonNode)new JsonObject { ["path"] = problem.Path, ["problem"] = problem.Problem })]),
            ["oddNames"] = new JsonArray([.. walk.OddNames.Select(name => (JsonNode)JsonValue.Create(name))]),
        };
        return new Report
        {
            Command = "context",
            Title = "Build context",
            Parts = ReportParts.Findings | ReportParts.Summary,
            Findings = analysis.Findings,
            Blocks = blocks,
            Data = data,
            FilesAnalyzed = (int)Math.Min(int.MaxValue, walk.Files),
        };
    }

    private static string Extras(ContextWalkResult walk)
    {
        var parts = new List<string>();
        if (walk.Symlinks > 0)
        {
            parts.Add(Plural(walk.Symlinks, "symlink"));
        }
        if (walk.SpecialFiles > 0)
        {
            parts.Add(Plural(walk.SpecialFiles, "special file"));
        }
        parts.Add(walk.Directories == 1 ? "1 directory" : $"{Count(walk.Directories)} directories");
        return $" ({string.Join(", ", parts)})";
    }

    private static List<ContextEntry> LargestFiles(ContextWalkResult walk, int top) =>
        [.. walk.Entries.Where(entry => entry.Kind == ContextEntryKind.File).OrderByDescending(entry => entry.Size).ThenBy(entry => entry.Path, StringComparer.Ordinal).Take(top)];

    /// <summary>The largest directories, a chain of directories holding the same bytes shown once (its deepest).</summary>
    private static List<ContextDirectoryTotal> LargestDirectories(ContextWalkResult walk, int top)
    {
        var byPath = walk.DirectoryTotals.ToDictionary(total => total.Path, StringComparer.Ordinal);
        var shadowed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var total in walk.DirectoryTotals)
        {
            var slash = total.Path.LastIndexOf('/');
            if (slash > 0 && byPath.TryGetValue(total.Path[..slash], out var parent) && parent.Bytes == total.Bytes && parent.Files == total.Files)
            {
                shadowed.Add(parent.Path);
            }
        }
        return [.. walk.DirectoryTotals.Where(total => !shadowed.Contains(total.Path)).OrderByDescending(total => total.Bytes).ThenBy(total => total.Path, StringComparer.Ordinal).Take(top)];
    }

    private static string Plural(long value, string noun) => value == 1 ? $"1 {noun}" : $"{Count(value)} {noun}s";

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
