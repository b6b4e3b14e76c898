using System.Text;
using System.Text.Json;
using Drydock.Dockerfiles.Parsing;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Dockerfiles;

/// <summary>
/// BuildKit's parser test vectors (tests/conformance/dockerfile-parser, see its FORMAT.md): every positive case dumps
/// byte-identically, every negative case fails, and every assertion of extra-cases.json holds.
/// </summary>
public sealed class DockerfileParserConformanceTests
{
    private static string ParserData => Path.Combine(RepoPaths.Conformance, "dockerfile-parser");

    public static TheoryData<string> PositiveCases() => new(Directory.GetDirectories(Path.Combine(ParserData, "cases")).Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    public static TheoryData<string> NegativeCases() => new(Directory.GetDirectories(Path.Combine(ParserData, "negative")).Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    public static TheoryData<string> ExtraCases() => new(LoadExtraCases().Select(entry => entry.GetProperty("name").GetString()!));

    [Fact]
    public void All_vectors_are_there()
    {
        PositiveCases().Count.ShouldBe(33);
        NegativeCases().Count.ShouldBe(4);
        ExtraCases().Count.ShouldBe(80);
    }

    [Theory]
    [MemberData(nameof(PositiveCases))]
    public void Positive_case_dumps_like_buildkit(string name)
    {
        var directory = Path.Combine(ParserData, "cases", name);
        var parsed = DockerfileParser.Parse(ReadExact(Path.Combine(directory, "Dockerfile")), "Dockerfile");
        parsed.Errors.ShouldBeEmpty();
        parsed.Dump().ShouldBe(ReadExact(Path.Combine(directory, "result")));
    }

    [Theory]
    [MemberData(nameof(NegativeCases))]
    public void Negative_case_fails(string name)
    {
        var parsed = DockerfileParser.Parse(ReadExact(Path.Combine(ParserData, "negative", name, "Dockerfile")), "Dockerfile");
        parsed.Errors.ShouldNotBeEmpty();
    }

    [Theory]
    [MemberData(nameof(ExtraCases))]
    public void Extra_case_holds(string name)
    {
        var entry = LoadExtraCases().Single(e => e.GetProperty("name").GetString() == name);
        var expect = entry.GetProperty("expect");
        switch (entry.GetProperty("kind").GetString())
        {
            case "parse-words":
                LineParsers.ParseWords(entry.GetProperty("input").GetString()!, '\\').ShouldBe(Strings(expect.GetProperty("words")));
                break;
            case "chomp-heredoc-content":
                HeredocParser.ChompContent(entry.GetProperty("input").GetString()!).ShouldBe(expect.GetProperty("output").GetString());
                break;
            case "parse-heredoc-word":
                CheckHeredocWord(entry.GetProperty("input").GetString()!, expect);
                break;
            case "heredocs-from-line":
                HeredocParser.FromLine(entry.GetProperty("input").GetString()!).Select(h => h.Name).ShouldBe(Strings(expect.GetProperty("names")));
                break;
            case "directive-parse-all":
                var directives = new DirectiveParser().ParseAll(entry.GetProperty("input").GetString()!);
                directives.Select(d => (d.Name, d.Value)).ShouldBe(expect.GetProperty("directives").EnumerateArray().Select(d => (d.GetProperty("name").GetString()!, d.GetProperty("value").GetString()!)));
                break;
            case "detect-syntax":
                CheckDirectiveMatch(DirectiveParser.DetectSyntax(entry.GetProperty("input").GetString()!), expect, "ref");
                break;
            case "parse-directive":
                CheckDirectiveMatch(DirectiveParser.ParseDirective(entry.GetProperty("directive").GetString()!, entry.GetProperty("input").GetString()!), expect, "value");
                break;
            case "parse-json-array":
                var (outcome, values) = LineParsers.ParseJsonArray(entry.GetProperty("input").GetString()!);
                if (expect.GetProperty("error").GetBoolean())
                {
                    outcome.ShouldBe(LineParsers.JsonArrayOutcome.NotStringArray);
                }
                else
                {
                    outcome.ShouldBe(LineParsers.JsonArrayOutcome.Strings);
                    values.ShouldBe(Strings(expect.GetProperty("values")));
                }
                break;
            case "parse-name-val":
                CheckNameValue(entry.GetProperty("instruction").GetString()!, entry.GetProperty("input").GetString()!, expect);
                break;
            case "parse":
                CheckParse(entry, expect);
                break;
            default:
                throw new InvalidOperationException($"unknown kind in {name}");
        }
    }

    private static void CheckHeredocWord(string input, JsonElement expect)
    {
        if (expect.GetProperty("error").GetBoolean())
        {
            Should.Throw<FormatException>(() => HeredocParser.ParseWord(input));
            return;
        }
        var heredoc = HeredocParser.ParseWord(input);
        if (expect.GetProperty("heredoc").ValueKind == JsonValueKind.Null)
        {
            heredoc.ShouldBeNull();
        }
        else
        {
            heredoc.ShouldNotBeNull().Name.ShouldBe(expect.GetProperty("heredoc").GetProperty("name").GetString());
        }
    }

    private static void CheckDirectiveMatch(DirectiveMatch? match, JsonElement expect, string valueProperty)
    {
        if (!expect.GetProperty("ok").GetBoolean())
        {
            match.ShouldBeNull();
            return;
        }
        match.ShouldNotBeNull();
        match.Value.ShouldBe(expect.GetProperty(valueProperty).GetString());
        if (expect.TryGetProperty("cmdline", out var commandLine))
        {
            match.CommandLine.ShouldBe(commandLine.GetString());
        }
        if (expect.TryGetProperty("location", out var location))
        {
            match.Line.ShouldBe(location.GetProperty("startLine").GetInt32());
        }
    }

    private static void CheckNameValue(string instruction, string input, JsonElement expect)
    {
        if (expect.GetProperty("error").GetBoolean())
        {
            Should.Throw<LineParsers.LineParseException>(() => LineParsers.NameValue(input, instruction, '\\'));
            return;
        }
        var node = LineParsers.NameValue(input, instruction, '\\').ShouldNotBeNull();
        var values = new List<string>();
        for (var current = node; current is not null; current = current.Next)
        {
            values.Add(current.Value);
        }
        values.ShouldBe(Strings(expect.GetProperty("nodes")));
    }

    private static void CheckParse(JsonElement entry, JsonElement expect)
    {
        string text;
        if (entry.TryGetProperty("dockerfileTemplate", out var template) && template.ValueKind == JsonValueKind.Object)
        {
            var label = template.GetProperty("LABEL");
            var filler = string.Concat(Enumerable.Repeat(label.GetProperty("repeat").GetString(), label.GetProperty("count").GetInt32()));
            text = template.GetProperty("template").GetString()!.Replace("{LABEL}", filler, StringComparison.Ordinal);
        }
        else
        {
            text = entry.GetProperty("dockerfile").GetString()!;
        }
        var parsed = DockerfileParser.Parse(text, "Dockerfile");
        if (expect.GetProperty("error").GetBoolean())
        {
            parsed.Errors.ShouldNotBeEmpty();
            if (expect.TryGetProperty("errorMessage", out var message))
            {
                parsed.Errors.Select(e => e.Message).ShouldContain(message.GetString());
            }
            return;
        }
        parsed.Errors.ShouldBeEmpty();
        if (expect.TryGetProperty("root", out var root))
        {
            parsed.Instructions[0].StartLine.ShouldBe(root.GetProperty("startLine").GetInt32());
            parsed.Instructions[^1].EndLine.ShouldBe(root.GetProperty("endLine").GetInt32());
        }
        if (expect.TryGetProperty("childCount", out var count))
        {
            parsed.Instructions.Count.ShouldBe(count.GetInt32());
        }
        if (expect.TryGetProperty("children", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                var node = parsed.Instructions[child.GetProperty("index").GetInt32()];
                if (child.TryGetProperty("startLine", out var start))
                {
                    node.StartLine.ShouldBe(start.GetInt32());
                }
                if (child.TryGetProperty("endLine", out var end))
                {
                    node.EndLine.ShouldBe(end.GetInt32());
                }
                if (child.TryGetProperty("heredocs", out var heredocs))
                {
                    if (heredocs.ValueKind == JsonValueKind.Null)
                    {
                        node.Heredocs.ShouldBeEmpty();
                        continue;
                    }
                    node.Heredocs.Select(h => (h.Name, h.FileDescriptor, h.Expand, h.Chomp, h.Content)).ShouldBe(heredocs.EnumerateArray().Select(h => (
                        h.GetProperty("name").GetString()!,
                        h.GetProperty("fileDescriptor").GetInt32(),
                        h.GetProperty("expand").GetBoolean(),
                        h.GetProperty("chomp").GetBoolean(),
                        h.GetProperty("content").GetString()!)));
                }
            }
        }
        if (expect.TryGetProperty("warningCount", out var warningCount))
        {
            parsed.Warnings.Count.ShouldBe(warningCount.GetInt32());
            foreach (var warning in expect.GetProperty("warnings").EnumerateArray())
            {
                var actual = parsed.Warnings[warning.GetProperty("index").GetInt32()];
                var shortText = "Empty continuation line found in: " + actual.Line;
                foreach (var part in Strings(warning.GetProperty("shortContains")))
                {
                    shortText.ShouldContain(part);
                }
                if (warning.TryGetProperty("firstDetailLineContains", out var detail))
                {
                    foreach (var part in Strings(detail))
                    {
                        EmptyContinuationWarning.Detail.ShouldContain(part);
                    }
                }
            }
        }
    }

    private static IReadOnlyList<JsonElement> LoadExtraCases()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(ParserData, "extra-cases.json")));
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();

    /// <summary>The bytes as UTF-8 text, BOM and all (File.ReadAllText would drop a BOM).</summary>
    private static string ReadExact(string path) => new UTF8Encoding(false).GetString(File.ReadAllBytes(path));
}
