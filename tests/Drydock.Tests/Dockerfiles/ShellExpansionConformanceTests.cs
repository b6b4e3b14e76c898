using System.Text.Json;
using System.Text.RegularExpressions;
using Drydock.Dockerfiles.Shell;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Dockerfiles;

/// <summary>
/// BuildKit's shell-word vectors (tests/conformance/shell-expansion, read as its FORMAT.md says): envVarTest
/// (ProcessWord, fixed environment, A and U lines on Linux), wordsTest (ProcessWords, growing environment) and
/// extra-cases.json.
/// </summary>
public sealed class ShellExpansionConformanceTests
{
    private static string Data => Path.Combine(RepoPaths.Conformance, "shell-expansion");

    private static readonly VariableMap EnvVarTestEnvironment = new(
    [
        new("PWD", "/home"),
        new("SHELL", "bash"),
        new("KOREAN", "한국어"),
        new("NULL", string.Empty),
    ]);

    public static TheoryData<int, string, string> EnvVarCases()
    {
        var data = new TheoryData<int, string, string>();
        var number = 0;
        foreach (var rawLine in File.ReadAllLines(Path.Combine(Data, "envVarTest")))
        {
            number++;
            if (rawLine.StartsWith('#'))
            {
                continue;
            }
            var line = rawLine.Trim();
            if (line.Length == 0)
            {
                continue;
            }
            var fields = line.Split('|');
            fields.Length.ShouldBe(3, $"envVarTest line {number}");
            var platform = fields[0].Trim();
            if (platform == "W")
            {
                continue; // Windows only: names are case-insensitive there.
            }
            platform.ShouldBeOneOf("A", "U");
            data.Add(number, fields[1].Trim(), fields[2].Trim());
        }
        return data;
    }

    [Fact]
    public void EnvVarTest_has_every_linux_case()
    {
        // 230 case lines, 2 of them Windows-only.
        EnvVarCases().Count.ShouldBe(228);
    }

    [Theory]
    [MemberData(nameof(EnvVarCases))]
    public void EnvVarTest_expands_like_buildkit(int line, string input, string expected)
    {
        var result = new ShellLexer('\\').ProcessWord(input, EnvVarTestEnvironment);
        if (expected == "error")
        {
            result.Failed.ShouldBeTrue($"line {line}: '{input}' should fail, got '{result.Result}'");
        }
        else
        {
            result.Error.ShouldBeNull($"line {line}");
            result.Result.ShouldBe(expected, $"line {line}: '{input}'");
        }
    }

    [Fact]
    public void WordsTest_splits_like_buildkit()
    {
        var environment = new List<string>();
        var cases = 0;
        foreach (var line in File.ReadAllLines(Path.Combine(Data, "wordsTest")))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }
            if (line.StartsWith("ENV ", StringComparison.Ordinal))
            {
                environment.Add(line[4..].TrimStart(' '));
                continue;
            }
            var fields = line.Split('|');
            fields.Length.ShouldBe(2, line);
            var input = fields[0].Trim();
            var expected = fields[1].TrimStart(' ').Split(',');
            var result = new ShellLexer('\\').ProcessWords(input, VariableMap.FromList(environment));
            if (expected is ["error"])
            {
                result.Failed.ShouldBeTrue(input);
            }
            else
            {
                result.Error.ShouldBeNull(input);
                result.Words.ShouldBe(expected, input);
            }
            cases++;
        }
        cases.ShouldBe(24);
    }

    public static TheoryData<string> ExtraCases() => new(LoadExtraCases().Select(entry => entry.GetProperty("name").GetString()!));

    [Fact]
    public void Extra_cases_are_all_there() => ExtraCases().Count.ShouldBe(77);

    [Theory]
    [MemberData(nameof(ExtraCases))]
    public void Extra_case_holds(string name)
    {
        var entry = LoadExtraCases().Single(e => e.GetProperty("name").GetString() == name);
        var expect = entry.GetProperty("expect");
        switch (entry.GetProperty("kind").GetString())
        {
            case "process-word-with-matches" or "process-word":
            {
                var environment = new VariableMap(entry.GetProperty("env").EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString()!)));
                var result = new ShellLexer('\\').ProcessWord(entry.GetProperty("input").GetString()!, environment);
                if (expect.GetProperty("error").GetBoolean())
                {
                    result.Failed.ShouldBeTrue();
                    if (expect.TryGetProperty("errorContains", out var contains))
                    {
                        result.Error!.ShouldContain(contains.GetString()!);
                    }
                    break;
                }
                result.Error.ShouldBeNull();
                result.Result.ShouldBe(expect.GetProperty("result").GetString());
                if (expect.TryGetProperty("matched", out var matched))
                {
                    result.Matched.Order(StringComparer.Ordinal).ShouldBe(Strings(matched));
                }
                if (expect.TryGetProperty("unmatched", out var unmatched))
                {
                    result.Unmatched.Order(StringComparer.Ordinal).ShouldBe(Strings(unmatched));
                }
                break;
            }
            case "env-from-list-lookup":
            {
                var map = VariableMap.FromList(Strings(entry.GetProperty("envList")));
                map.TryGet(entry.GetProperty("lookup").GetString()!, out var value);
                (value ?? string.Empty).ShouldBe(expect.GetProperty("value").GetString());
                break;
            }
            case "shell-pattern-to-regex":
            {
                var options = entry.GetProperty("options");
                var pattern = entry.GetProperty("input").GetString()!;
                if (expect.GetProperty("error").GetBoolean())
                {
                    Should.Throw<FormatException>(() => ShellPatterns.ToRegex(pattern, options.GetProperty("greedy").GetBoolean(), options.GetProperty("anchored").GetBoolean()));
                }
                else
                {
                    var regex = ShellPatterns.ToRegex(pattern, options.GetProperty("greedy").GetBoolean(), options.GetProperty("anchored").GetBoolean());
                    regex.ShouldBe(expect.GetProperty("regex").GetString());
                    Should.NotThrow(() => new Regex(regex));
                }
                break;
            }
            case "reverse-pattern":
                ShellPatterns.ReversePattern(entry.GetProperty("input").GetString()!).ShouldBe(expect.GetProperty("output").GetString());
                break;
            case "reverse-string":
                ShellPatterns.ReverseString(entry.GetProperty("input").GetString()!).ShouldBe(expect.GetProperty("output").GetString());
                break;
            default:
                throw new InvalidOperationException($"unknown kind in {name}");
        }
    }

    private static IReadOnlyList<JsonElement> LoadExtraCases()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Data, "extra-cases.json")));
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();
}
