using System.Text;
using System.Text.Json;
using Drydock.BuildContext.IgnoreFile;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.BuildContext;

/// <summary>
/// tests/conformance/dockerignore (moby/patternmatcher's own tables) against our matcher and reader. Every row runs.
/// The 12 rows marked notOnWindows are not Windows-only: upstream skips them on Windows, where '\' separates paths
/// instead of escaping. Drydock implements the Unix behaviour that Linux builders apply, so they run (and pass) here;
/// there are no Windows-only rows in this set.
/// </summary>
public sealed class DockerignoreConformanceTests
{
    private static readonly string Folder = Path.Combine(RepoPaths.Conformance, "dockerignore");

    public static TheoryData<int> PatternRows() => Rows("patterns.json");

    public static TheoryData<int> MultiRows() => Rows("multi.json");

    public static TheoryData<int> NewPatternRows() => Rows("new-patterns.json");

    public static TheoryData<int> ReadFileRows() => Rows("readfile.json");

    [Theory]
    [MemberData(nameof(PatternRows))]
    public void Pattern_table_row(int index)
    {
        var row = Row("patterns.json", index);
        var pattern = row.GetProperty("pattern").GetString()!;
        var path = row.GetProperty("path").GetString()!;
        var api = row.GetProperty("api").GetString()!;
        var expected = row.GetProperty("match").GetBoolean();
        var error = row.TryGetProperty("error", out var code) ? code.GetString() : null;
        var description = $"pattern {Quote(pattern)} path {Quote(path)} via {api}";

        if (error is not null)
        {
            var thrown = Should.Throw<IgnorePatternException>(() => Evaluate(api, [pattern], path), description);
            thrown.Error.ShouldBe(error == "illegal-exclusion" ? IgnorePatternError.IllegalExclusion : IgnorePatternError.BadPattern, description);
            return;
        }
        Evaluate(api, [pattern], path).ShouldBe(expected, description);
    }

    [Fact]
    public void A_pattern_that_fails_only_when_matched_fails_every_time_without_crashing()
    {
        var matcher = IgnoreMatcher.Create(["[Local-Only]/"]);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            Should.Throw<IgnorePatternException>(() => matcher.MatchesOrParentMatches("x")).Error.ShouldBe(IgnorePatternError.BadPattern);
        }
        Should.Throw<IgnorePatternException>(matcher.Validate);
    }

    [Theory]
    [MemberData(nameof(MultiRows))]
    public void Ordered_list_with_exceptions_row(int index)
    {
        var row = Row("multi.json", index);
        var patterns = row.GetProperty("patterns").EnumerateArray().Select(p => p.GetString()!).ToArray();
        var path = row.GetProperty("path").GetString()!;
        var api = row.GetProperty("api").GetString()!;
        Evaluate(api, patterns, path).ShouldBe(row.GetProperty("excluded").GetBoolean(), $"[{string.Join(", ", patterns)}] {path} via {api}");
    }

    [Theory]
    [MemberData(nameof(NewPatternRows))]
    public void Compiling_a_list_row(int index)
    {
        var row = Row("new-patterns.json", index);
        var patterns = row.GetProperty("patterns").EnumerateArray().Select(p => p.GetString()!).ToArray();
        if (row.GetProperty("error").GetBoolean())
        {
            Should.Throw<IgnorePatternException>(() => IgnoreMatcher.Create(patterns));
            return;
        }
        var matcher = IgnoreMatcher.Create(patterns);
        if (row.TryGetProperty("patternCount", out var count))
        {
            matcher.Patterns.Count.ShouldBe(count.GetInt32());
        }
        if (row.TryGetProperty("hasExclusions", out var exclusions))
        {
            matcher.HasExclusions.ShouldBe(exclusions.GetBoolean());
        }
    }

    [Theory]
    [MemberData(nameof(ReadFileRows))]
    public void Reading_a_file_row(int index)
    {
        var row = Row("readfile.json", index);
        var input = row.GetProperty("input");
        var expected = row.GetProperty("expectedPatterns").EnumerateArray().Select(p => p.GetString()!).ToArray();
        if (input.ValueKind == JsonValueKind.Null)
        {
            // No file at all: no patterns (the context analysis treats a missing file the same way).
            expected.ShouldBeEmpty();
            return;
        }
        var file = DockerIgnoreFile.Parse(Encoding.UTF8.GetBytes(input.GetString()!), ".dockerignore");
        file.PatternTexts.ShouldBe(expected, row.GetProperty("name").GetString());
    }

    [Fact]
    public void Every_data_file_has_the_documented_number_of_rows()
    {
        Count("patterns.json").ShouldBe(128);
        Count("multi.json").ShouldBe(10);
        Count("new-patterns.json").ShouldBe(7);
        Count("readfile.json").ShouldBe(20);
    }

    /// <summary>
    /// Runs one row through the entry point upstream tested. MatchesOrParentMatches rows are also checked the two
    /// other ways upstream checks that table: walking parents first (as both builders do) and with no parent results.
    /// </summary>
    private static bool Evaluate(string api, string[] patterns, string path)
    {
        if (api == "Matches")
        {
            return IgnoreMatcher.Create(patterns).MatchesLegacy(path);
        }
        var matcher = IgnoreMatcher.Create(patterns);
        var direct = matcher.MatchesOrParentMatches(path);
        var noInfo = new bool[matcher.Patterns.Count];
        matcher.MatchesUsingParentResults(path, [], noInfo).ShouldBe(direct, "MatchesUsingParentResults without parent results");
        matcher.MatchesUsingParentResults(path, WalkParents(matcher, path), new bool[matcher.Patterns.Count]).ShouldBe(direct, "MatchesUsingParentResults after walking the parents");
        return direct;
    }

    private static bool[] WalkParents(IgnoreMatcher matcher, string path)
    {
        var slash = path.LastIndexOf('/');
        var parent = Encoding.UTF8.GetString(GoTextClean(slash < 0 ? string.Empty : path[..(slash + 1)]));
        bool[] info = [];
        if (parent == ".")
        {
            return info;
        }
        var parts = parent.Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            var next = new bool[matcher.Patterns.Count];
            matcher.MatchesUsingParentResults(string.Join('/', parts[..(i + 1)]), info, next);
            info = next;
        }
        return info;
    }

    private static byte[] GoTextClean(string path) => GoText.CleanPath(Encoding.UTF8.GetBytes(path));

    private static string Quote(string text) => JsonSerializer.Serialize(text);

    private static TheoryData<int> Rows(string file)
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Count(file); i++)
        {
            data.Add(i);
        }
        return data;
    }

    private static int Count(string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder, file)));
        return json.RootElement.GetArrayLength();
    }

    private static JsonElement Row(string file, int index)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder, file)));
        return json.RootElement[index].Clone();
    }
}
