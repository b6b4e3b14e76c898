using Drydock.Verification.Config;

// Not "...Verification.Config": that namespace would hide FsCheck's Config from the sibling test namespaces.
namespace Drydock.Tests.Verification.Configuration;

public sealed class ScenarioVariablesTests
{
    private static readonly Dictionary<string, string> Values = new(StringComparer.Ordinal)
    {
        ["note"] = "n-42",
        ["owner_1"] = "ada",
        ["_x"] = "$${note}",
        ["empty"] = "",
    };

    [Theory]
    [InlineData("/notes/${note}", "/notes/n-42")]
    [InlineData("${note}${owner_1}", "n-42ada")]
    [InlineData("${_x}", "$${note}")]
    [InlineData("a${empty}b", "ab")]
    [InlineData("no references", "no references")]
    [InlineData("", "")]
    [InlineData("$$", "$")]
    [InlineData("$${note}", "${note}")]
    [InlineData("$$${note}", "$n-42")]
    [InlineData("$$$$", "$$")]
    [InlineData("echo $HOME $5 $", "echo $HOME $5 $")]
    [InlineData("{\"id\":\"${note}\"}", "{\"id\":\"n-42\"}")]
    [InlineData("${note}}", "n-42}")]
    public void Substitute_replaces_references_and_unescapes_dollars(string text, string expected) =>
        ScenarioVariables.Substitute(text, Values).ShouldBe(expected);

    [Theory]
    [InlineData("/notes/${note}?by=${owner_1}&again=${note}", new[] { "note", "owner_1", "note" })]
    [InlineData("$${note} $HOME $", new string[0])]
    [InlineData("$$${note}", new[] { "note" })]
    [InlineData("${_}${a1}", new[] { "_", "a1" })]
    public void References_lists_the_names_in_order(string text, string[] names) =>
        ScenarioVariables.References(text).ShouldBe(names);

    [Theory]
    [InlineData("/notes/${note", "'${' at character 8 has no closing '}'")]
    [InlineData("${}", "'${}' is not a variable name")]
    [InlineData("${1st}", "'${1st}' is not a variable name")]
    [InlineData("${a-b}", "'${a-b}' is not a variable name")]
    [InlineData("${ note }", "'${ note }' is not a variable name")]
    public void Malformed_references_are_refused(string text, string message)
    {
        Should.Throw<FormatException>(() => ScenarioVariables.References(text)).Message.ShouldStartWith(message);
        Should.Throw<FormatException>(() => ScenarioVariables.Substitute(text, Values)).Message.ShouldStartWith(message);
    }

    [Fact]
    public void An_unknown_name_is_a_bug_the_parser_should_have_caught()
    {
        var error = Should.Throw<InvalidOperationException>(() => ScenarioVariables.Substitute("/notes/${missing}", Values));
        error.Message.ShouldContain("'missing'");
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("_", true)]
    [InlineData("session_id2", true)]
    [InlineData("", false)]
    [InlineData("2a", false)]
    [InlineData("a-b", false)]
    [InlineData("café", false)]
    public void Names_are_letters_digits_and_underscores(string name, bool valid) =>
        ScenarioVariables.IsName(name).ShouldBe(valid);
}
