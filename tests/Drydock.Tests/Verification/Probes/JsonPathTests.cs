using System.Text.Json;
using Drydock.Verification.Probes;

namespace Drydock.Tests.Verification.Probes;

public sealed class JsonPathTests
{
    private const string Document = """
        {"status": "ok", "items": [{"id": 3}, {"id": 4, "tags": ["a"]}], "key with space": {"it's": 1}, "a.b": null}
        """;

    [Theory]
    [InlineData("$", null)]
    [InlineData("$.status", "\"ok\"")]
    [InlineData("$.items[0].id", "3")]
    [InlineData("$.items[1].tags[0]", "\"a\"")]
    [InlineData("$.items[-1].id", "4")]
    [InlineData("$['key with space']", "{\"it's\": 1}")]
    [InlineData("$[\"key with space\"]['it\\'s']", "1")]
    [InlineData("$['a.b']", "null")]
    [InlineData("$.items[0]['id']", "3")]
    public void A_path_selects_one_value(string path, string? raw)
    {
        using var document = JsonDocument.Parse(Document);
        var selected = JsonPath.Parse(path).Select(document.RootElement).ShouldNotBeNull();
        selected.GetRawText().ShouldBe(raw ?? document.RootElement.GetRawText());
    }

    [Theory]
    [InlineData("$.missing")]
    [InlineData("$.items[2]")]
    [InlineData("$.items[-3]")]
    [InlineData("$.status.length")]
    [InlineData("$.status[0]")]
    [InlineData("$.items.id")]
    public void A_missing_member_or_index_selects_nothing(string path)
    {
        using var document = JsonDocument.Parse(Document);
        JsonPath.Parse(path).Select(document.RootElement).ShouldBeNull();
    }

    [Theory]
    [InlineData("status", "the JSON path 'status' must start with '$'")]
    [InlineData("$...", "the JSON path '$...' needs a member name after '..' at position 3")]
    [InlineData("$.a[", "the JSON path '$.a[' has an unclosed '['")]
    [InlineData("$.a[x]", "the JSON path '$.a[x]' has '[x]'; expected an index such as [0] or a quoted key such as ['name']")]
    [InlineData("$['a'", "the JSON path '$['a'' needs ']' after the quoted key 'a'")]
    [InlineData("$['a", "the JSON path '$['a' has an unclosed ' quote")]
    [InlineData("$a", "the JSON path '$a' has 'a' at position 1; expected '.' or '['")]
    public void An_invalid_path_says_where(string path, string message) =>
        Should.Throw<FormatException>(() => JsonPath.Parse(path)).Message.ShouldBe(message);

    [Theory]
    [InlineData("3", "3.0", true)]
    [InlineData("3", "3e0", true)]
    [InlineData("0.1", "1e-1", true)]
    [InlineData("3", "3.5", false)]
    [InlineData("\"3\"", "3", false)]
    [InlineData("\"ok\"", "\"ok\"", true)]
    [InlineData("\"ok\"", "\"OK\"", false)]
    [InlineData("\"é\"", "\"\\u00e9\"", true)]
    [InlineData("true", "true", true)]
    [InlineData("true", "false", false)]
    [InlineData("null", "null", true)]
    [InlineData("null", "0", false)]
    [InlineData("{\"a\":1,\"b\":[1,2]}", "{\"b\":[1.0,2],\"a\":1}", true)]
    [InlineData("{\"a\":1}", "{\"a\":1,\"b\":2}", false)]
    [InlineData("[1,2]", "[2,1]", false)]
    [InlineData("1e400", "1e400", true)]
    public void Values_compare_by_meaning(string left, string right, bool equal)
    {
        using var leftDocument = JsonDocument.Parse(left);
        using var rightDocument = JsonDocument.Parse(right);
        JsonPath.ValuesEqual(leftDocument.RootElement, rightDocument.RootElement).ShouldBe(equal);
        JsonPath.ValuesEqual(rightDocument.RootElement, leftDocument.RootElement).ShouldBe(equal);
    }

    private const string Targets = """
        {"data": {"activeTargets": [{"job": "app", "health": "up"}, {"job": "node", "health": "down", "labels": {"health": "ignored?"}}], "droppedTargets": []}}
        """;

    [Theory]
    [InlineData("$..health", "\"up\" \"down\" \"ignored?\"")]
    [InlineData("$.data.activeTargets[*].job", "\"app\" \"node\"")]
    [InlineData("$.data.activeTargets.*.job", "\"app\" \"node\"")]
    [InlineData("$.data.*", "[{\"job\": \"app\", \"health\": \"up\"}, {\"job\": \"node\", \"health\": \"down\", \"labels\": {\"health\": \"ignored?\"}}] []")]
    [InlineData("$..missing", "")]
    public void Descent_and_wildcards_select_every_value_in_document_order(string path, string raw)
    {
        using var document = JsonDocument.Parse(Targets);
        var parsed = JsonPath.Parse(path);
        parsed.SelectsMany.ShouldBeTrue();
        string.Join(" ", parsed.SelectAll(document.RootElement).Select(value => value.GetRawText())).ShouldBe(raw);
    }

    [Theory]
    [InlineData("count($.data.activeTargets)", "\">= 2\"", 2, true)]
    [InlineData("count($.data.activeTargets)", "\"> 2\"", 2, false)]
    [InlineData("count($.data.droppedTargets)", "0", 0, true)]
    [InlineData("count($..health)", "3", 3, true)]
    [InlineData("count($.data)", "\"== 2\"", 2, true)]
    [InlineData("count($.nothing)", "\"< 1\"", 0, true)]
    public void Count_compares_how_many_values_or_elements_a_path_selects(string key, string expected, int count, bool met)
    {
        using var document = JsonDocument.Parse(Targets);
        var check = JsonCheck.Parse(key, expected);
        var counted = JsonCheck.CountOf(check.Path, document.RootElement);
        counted.ShouldBe(count);
        check.Count.ShouldNotBeNull().IsMetBy(counted).ShouldBe(met);
    }

    [Fact]
    public void A_count_needs_a_comparison()
    {
        Should.Throw<FormatException>(() => JsonCheck.Parse("count($.a)", "\"about 3\"")).Message.ShouldBe("count($.a): \"about 3\" is not a count comparison; write e.g. \">= 3\" or 3");
        Should.Throw<FormatException>(() => JsonCheck.Parse("count($.a)", "-1"));
    }
}
