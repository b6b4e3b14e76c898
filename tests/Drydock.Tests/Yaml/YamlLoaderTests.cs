using System.Text;
using Drydock.Yaml;

namespace Drydock.Tests.Yaml;

public sealed class YamlLoaderTests
{
    private static YamlMapping Map(string yaml) => (YamlMapping)YamlLoader.Load(yaml, "compose.yaml").Root!;

    private static DrydockException Fails(string yaml) => Should.Throw<DrydockException>(() => YamlLoader.Load(yaml, "compose.yaml"));

    [Fact]
    public void Every_node_has_its_position()
    {
        var root = Map("services:\n  web:\n    image: \"nginx:1.25\"\n    ports:\n      - 8080:80\n");
        var web = (YamlMapping)((YamlMapping)root["services"]!)["web"]!;
        var image = (YamlScalar)web["image"]!;
        image.Value.ShouldBe("nginx:1.25");
        image.Style.ShouldBe(YamlScalarStyle.DoubleQuoted);
        (image.Span.Line, image.Span.Column, image.Span.EndColumn).ShouldBe((3, 12, 24));
        web.Find("ports")!.Key.Span.ToString().ShouldBe("compose.yaml:4:5");
        var port = ((YamlSequence)web["ports"]!).Items[0];
        (port.Span.Line, port.Span.Column).ShouldBe((5, 9));
    }

    [Fact]
    public void Aliases_resolve_to_the_anchored_node_and_keep_its_span()
    {
        var root = Map("x-env: &env\n  A: \"1\"\nservices:\n  a:\n    environment: *env\n");
        var environment = (YamlMapping)((YamlMapping)((YamlMapping)root["services"]!)["a"]!)["environment"]!;
        ((YamlScalar)environment["A"]!).Span.Line.ShouldBe(2);
        environment.ShouldBeSameAs(root["x-env"]);
    }

    [Fact]
    public void Merge_keys_add_entries_explicit_keys_win_and_spans_point_at_the_source()
    {
        var root = Map("base: &base\n  image: app\n  restart: always\nsvc:\n  <<: *base\n  restart: \"no\"\n");
        var svc = (YamlMapping)root["svc"]!;
        svc.Entries.Select(e => e.Key.Value).ShouldBe(["restart", "image"]);
        ((YamlScalar)svc["restart"]!).Value.ShouldBe("no");
        var image = (YamlScalar)svc["image"]!;
        image.Value.ShouldBe("app");
        image.Span.Line.ShouldBe(2);
    }

    [Fact]
    public void Merging_a_list_of_mappings_lets_earlier_ones_win()
    {
        var root = Map("a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  <<: [*a, *b]\n");
        var c = (YamlMapping)root["c"]!;
        c.Entries.Select(e => $"{e.Key.Value}={((YamlScalar)e.Value).Value}").ShouldBe(["x=1", "y=1", "z=2"]);
    }

    [Fact]
    public void Tags_are_kept()
    {
        var root = Map("ports: !reset []\nimage: !override app\nn: !!str 1\n");
        root["ports"]!.Tag.ShouldBe("!reset");
        root["image"]!.Tag.ShouldBe("!override");
        root["n"]!.Tag.ShouldBe("!!str");
        ((YamlScalar)root["n"]!).TryGetInt64(out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("~", true)]
    [InlineData("null", true)]
    [InlineData("", true)]
    [InlineData("'null'", false)]
    [InlineData("nil", false)]
    public void Null_follows_the_core_schema(string value, bool isNull) =>
        ((YamlScalar)Map($"k: {value}\n")["k"]!).IsNull.ShouldBe(isNull);

    [Theory]
    [InlineData("true", true, true)]
    [InlineData("False", true, false)]
    [InlineData("yes", false, false)]
    [InlineData("\"true\"", false, false)]
    public void Booleans_follow_the_core_schema(string value, bool parses, bool expected)
    {
        ((YamlScalar)Map($"k: {value}\n")["k"]!).TryGetBoolean(out var result).ShouldBe(parses);
        result.ShouldBe(expected);
    }

    [Theory]
    [InlineData("42", 42)]
    [InlineData("-7", -7)]
    [InlineData("0x1F", 31)]
    [InlineData("0o17", 15)]
    [InlineData("1_000", 1000)]
    public void Integers_parse(string value, long expected)
    {
        ((YamlScalar)Map($"k: {value}\n")["k"]!).TryGetInt64(out var result).ShouldBeTrue();
        result.ShouldBe(expected);
    }

    [Fact]
    public void Duplicate_keys_name_both_places()
    {
        var error = Fails("services:\n  web: {}\n  web: {}\n");
        error.Message.ShouldBe("duplicate key 'web' (first defined at line 2, column 3)");
        error.Span!.Value.ToString().ShouldBe("compose.yaml:3:3");
    }

    [Fact]
    public void Tabs_are_reported_where_they_are()
    {
        var error = Fails("services:\n  web:\n\timage: x\n");
        error.Message.ShouldBe("a tab character is used for indentation");
        (error.Span!.Value.Line, error.Span.Value.Column).ShouldBe((3, 1));
    }

    [Theory]
    [InlineData("a: [1, 2\nb: 3\n")]
    [InlineData("a: {x: 1\n")]
    [InlineData("a: \"unterminated\n")]
    [InlineData("- a\nb: c\n")]
    [InlineData("a: b: c\n")]
    [InlineData("[1, 2]: x\n")]
    [InlineData("a: *missing\n")]
    [InlineData("a: &x [1]\nb:\n  <<: *x\n")]
    public void Malformed_yaml_is_one_positioned_error(string yaml)
    {
        var error = Fails(yaml);
        error.Span.ShouldNotBeNull();
        error.Span.Value.Line.ShouldBeGreaterThan(0);
        error.Span.Value.File.ShouldBe("compose.yaml");
    }

    [Fact]
    public void Alias_bombs_are_stopped()
    {
        var yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (var level = 1; level < 10; level++)
        {
            var previous = (char)('a' + level - 1);
            var current = (char)('a' + level);
            yaml.Append($"{current}: &{current} [{string.Join(", ", Enumerable.Repeat("*" + previous, 10))}]\n");
        }
        // Bounded, not fast: a hang would trip the generous timeout (speed lives in bench/, not here).
        var error = Should.Throw<DrydockException>(() => Task.Run(() => YamlLoader.Load(yaml.ToString(), "compose.yaml")).WaitAsync(TimeSpan.FromMinutes(2)).GetAwaiter().GetResult());
        error.Message.ShouldContain("alias bomb");
    }

    [Fact]
    public void Deep_nesting_is_stopped_not_a_stack_overflow()
    {
        var yaml = new string('[', 5000) + new string(']', 5000);
        Fails(yaml).Message.ShouldContain("nesting is deeper than");
    }

    [Fact]
    public async Task Large_files_load()
    {
        var yaml = new StringBuilder("services:\n");
        for (var i = 0; yaml.Length < 10_000_000; i++)
        {
            yaml.Append($"  svc{i}:\n    image: \"registry.example/app:{i}\"\n    environment:\n      KEY_{i}: value-{i}\n");
        }
        var text = yaml.ToString();
        var root = (YamlMapping)(await Task.Run(() => YamlLoader.Load(text, "big.yaml")).WaitAsync(TimeSpan.FromMinutes(3))).Root!;
        ((YamlMapping)root["services"]!).Entries.Count.ShouldBeGreaterThan(100_000);
    }

    [Fact]
    public void Documents_empty_files_and_missing_files()
    {
        YamlLoader.Load("", "e.yaml").Root.ShouldBeNull();
        YamlLoader.Load("a: 1\n---\nb: 2\n", "m.yaml").Documents.Count.ShouldBe(2);
        var missing = Should.Throw<DrydockException>(() => YamlLoader.LoadFile("/nonexistent/drydock.yml"));
        missing.Message.ShouldBe("/nonexistent/drydock.yml does not exist.");
    }
}
