using System.Text.RegularExpressions;
using Drydock.Compose.DotEnv;

namespace Drydock.Tests.Compose;

/// <summary>dotenv/expected.json, scenarios.json, inline-cases.json and multi-file.json, every entry.</summary>
public sealed class DotEnvConformanceTests
{
    private static string Fixtures => Path.Combine(ConformanceData.DotEnvDirectory, "fixtures");

    public static TheoryData<string> FixtureFiles
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var (file, _) in System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(ConformanceData.DotEnvDirectory, "expected.json")))!.AsObject())
            {
                data.Add(file);
            }
            return data;
        }
    }

    public static TheoryData<string> ScenarioNames => ConformanceData.Names(ConformanceData.DotEnvDirectory, "scenarios.json");

    public static TheoryData<string> InlineNames => ConformanceData.Names(ConformanceData.DotEnvDirectory, "inline-cases.json");

    public static TheoryData<string> MultiFileNames => ConformanceData.Names(ConformanceData.DotEnvDirectory, "multi-file.json");

    [Fact]
    public void All_vector_files_are_there_with_their_counts()
    {
        FixtureFiles.Count.ShouldBe(12);
        ScenarioNames.Count.ShouldBe(24);
        InlineNames.Count.ShouldBe(79);
        MultiFileNames.Count.ShouldBe(2);
    }

    [Theory]
    [MemberData(nameof(FixtureFiles))]
    public void Reading_a_fixture_gives_exactly_the_expected_map(string file)
    {
        var expected = ConformanceData.Strings(System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(ConformanceData.DotEnvDirectory, "expected.json")))![file]);
        Read(Path.Combine(Fixtures, file), lookup: null).ShouldBe(expected, ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public void Scenario(string name)
    {
        var entry = ConformanceData.Entry(ConformanceData.DotEnvDirectory, "scenarios.json", name);
        var api = entry["api"]!.GetValue<string>();
        var processEnv = ConformanceData.Strings(entry["processEnv"]);
        var file = entry["file"]?.GetValue<string>();
        var fails = entry["error"]?.GetValue<bool>() == true;
        var lookups = new List<string>();
        using var scratch = new ScratchDirectory();

        Dictionary<string, string> Run()
        {
            switch (api)
            {
                case "Read":
                    return Read(FixturePath(file, scratch), lookup: null);
                case "ReadWithLookup(process env)":
                    return Read(FixturePath(file, scratch), key =>
                    {
                        lookups.Add(key);
                        return processEnv.TryGetValue(key, out var value) ? value : null;
                    });
                case "Load":
                {
                    // Load copies the file's values into the process environment, never overwriting a set variable.
                    var environment = new Dictionary<string, string>(processEnv, StringComparer.Ordinal);
                    foreach (var (key, value) in Read(FixturePath(file ?? ".env", scratch), lookup: null))
                    {
                        environment.TryAdd(key, value);
                    }
                    return environment;
                }
                case "GetEnvFromFile":
                    Directory.CreateDirectory(Path.Combine(scratch.Path, ".env"));
                    return ToMap(DotEnvFile.ReadAll([Path.Combine(scratch.Path, ".env")], processEnv));
                case "ParseWithFormat(custom)":
                    // Not a dotenv file: the upstream test plugs in its own "KEY:VALUE" format. We have no pluggable formats;
                    // the equivalent is that the dotenv parser reads such lines as YAML-style KEY: VALUE.
                    return ToMap(DotEnvParser.Parse(File.ReadAllText(Path.Combine(Fixtures, file!)), file!));
                default:
                    throw new InvalidOperationException($"unknown api {api}");
            }
        }

        if (fails)
        {
            var error = Should.Throw<Exception>(Run);
            if (entry["errorContains"]?.GetValue<string>() is { } contains)
            {
                error.Message.ShouldContain(contains);
            }
            if (entry["errorSuffix"]?.GetValue<string>() is { } suffix)
            {
                error.Message.ShouldEndWith(suffix);
            }
            if (file is null)
            {
                error.Message.ShouldContain(".env");
            }
            return;
        }
        var result = Run();
        ShouldMatch(result, entry);
        foreach (var absent in entry["absentKeys"]?.AsArray() ?? [])
        {
            result.ShouldNotContainKey(absent!.GetValue<string>());
        }
        foreach (var asked in entry["lookupCalledWith"]?.AsArray() ?? [])
        {
            lookups.ShouldContain(asked!.GetValue<string>());
        }
    }

    [Theory]
    [MemberData(nameof(InlineNames))]
    public void Inline_case(string name)
    {
        var entry = ConformanceData.Entry(ConformanceData.DotEnvDirectory, "inline-cases.json", name);
        var input = entry["input"]!.GetValue<string>();
        if (entry["kind"]!.GetValue<string>() == "statement-start")
        {
            DotEnvParser.StatementStart(input).ShouldBe(entry["expectedStatement"]!.GetValue<string>());
            return;
        }
        var lookupEnv = ConformanceData.Strings(entry["lookupEnv"]);
        Dictionary<string, string> Parse() => ToMap(DotEnvParser.Parse(input, ".env", key => lookupEnv.TryGetValue(key, out var value) ? value : null));
        if (entry["error"]?.GetValue<bool>() == true)
        {
            var error = Should.Throw<DotEnvException>(Parse);
            if (entry["errorContains"]?.GetValue<string>() is { } contains)
            {
                error.Message.ShouldContain(contains);
            }
            if (entry["errorMessage"]?.GetValue<string>() is { } message)
            {
                error.Message.ShouldBe(message);
            }
            return;
        }
        ShouldMatch(Parse(), entry);
    }

    [Theory]
    [MemberData(nameof(MultiFileNames))]
    public void Several_files_with_a_current_environment(string name)
    {
        var entry = ConformanceData.Entry(ConformanceData.DotEnvDirectory, "multi-file.json", name);
        using var scratch = new ScratchDirectory();
        var files = entry["files"]!.AsObject();
        var paths = new List<string>();
        foreach (var fileName in entry["order"]!.AsArray())
        {
            var path = Path.Combine(scratch.Path, fileName!.GetValue<string>());
            File.WriteAllText(path, files[fileName.GetValue<string>()]!.GetValue<string>());
            paths.Add(path);
        }
        var result = ToMap(DotEnvFile.ReadAll(paths, ConformanceData.Strings(entry["currentEnv"])));
        result.ShouldBe(ConformanceData.Strings(entry["expected"]), ignoreOrder: true);
    }

    [Fact]
    public void Entries_carry_the_line_and_column_of_their_key()
    {
        var entries = DotEnvParser.Parse("# comment\nA=1\n  export B=\"two\nlines\"\nC='3'\n", ".env");
        entries.Select(e => (e.Key, e.Span.Line, e.Span.Column)).ShouldBe([("A", 2, 1), ("B", 3, 10), ("C", 5, 1)]);
        entries[1].Quoted.ShouldBeTrue();
    }

    /// <summary>The entry's expected map: exactly, or (exact: false) at least these keys and values.</summary>
    private static void ShouldMatch(Dictionary<string, string> result, System.Text.Json.Nodes.JsonObject entry)
    {
        var expected = ConformanceData.Strings(entry["expected"]);
        if (entry["exact"]!.GetValue<bool>())
        {
            result.ShouldBe(expected, ignoreOrder: true);
            return;
        }
        foreach (var (key, value) in expected)
        {
            result.ShouldContainKeyAndValue(key, value);
        }
    }

    /// <summary>Compose's Read(): keys that begin with a digit are dropped at this level.</summary>
    private static Dictionary<string, string> Read(string path, Drydock.Compose.Interpolation.VariableLookup? lookup)
    {
        var map = ToMap(DotEnvFile.Read(path, lookup));
        foreach (var key in map.Keys.Where(key => Regex.IsMatch(key, @"^\s*\d")).ToList())
        {
            map.Remove(key);
        }
        return map;
    }

    private static Dictionary<string, string> ToMap(IEnumerable<DotEnvEntry> entries)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            map[entry.Key] = entry.Value;
        }
        return map;
    }

    private static string FixturePath(string? file, ScratchDirectory scratch) => file switch
    {
        null => Path.Combine(scratch.Path, ".env"),
        "fixtures/" => Fixtures,
        _ when File.Exists(Path.Combine(Fixtures, file)) => Path.Combine(Fixtures, file),
        _ => Path.Combine(scratch.Path, file),
    };
}

/// <summary>A temporary directory removed at the end of the test.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    public ScratchDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "drydock-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string relative, string content)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
