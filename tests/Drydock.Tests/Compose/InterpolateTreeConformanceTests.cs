using System.Text.Json.Nodes;
using Drydock.Compose.Loading;
using Drydock.Text;
using Drydock.Yaml;

namespace Drydock.Tests.Compose;

/// <summary>compose-interpolation/interpolate-tree.json: whole-model interpolation with Compose's error messages and casts.</summary>
public sealed class InterpolateTreeConformanceTests
{
    private const string File = "interpolate-tree.json";

    public static TheoryData<string> Names => ConformanceData.Names(ConformanceData.InterpolationDirectory, File);

    [Theory]
    [MemberData(nameof(Names))]
    public void Tree_interpolation_matches_compose(string name)
    {
        var entry = ConformanceData.Entry(ConformanceData.InterpolationDirectory, File, name);
        var env = ConformanceData.Strings(entry["env"]);
        var useProcess = entry["useProcessEnvironment"]?.GetValue<bool>() == true;
        var casts = entry["casts"] is JsonObject castTable
            ? castTable.Select(pair => (ComposePath.Pattern(pair.Key), pair.Value!.GetValue<string>() switch
            {
                "int" => CastKind.Integer,
                "bool" => CastKind.Boolean,
                _ => CastKind.Float,
            })).ToList()
            : [];
        var problems = new List<ComposeProblem>();
        var previous = new Dictionary<string, string?>();
        try
        {
            if (useProcess)
            {
                foreach (var (key, value) in env)
                {
                    previous[key] = Environment.GetEnvironmentVariable(key);
                    Environment.SetEnvironmentVariable(key, value);
                }
            }
            var lookup = useProcess
                ? (Drydock.Compose.Interpolation.VariableLookup)Environment.GetEnvironmentVariable
                : key => env.TryGetValue(key, out var value) ? value : null;
            var interpolator = new TreeInterpolator(lookup, problems.Add, casts: casts);
            var result = interpolator.InterpolateRoot((YamlMapping)ToYaml(entry["input"]));

            if (entry["error"]?.GetValue<bool>() == true)
            {
                problems.ShouldNotBeEmpty();
                problems[0].Message.ShouldBe(entry["errorMessage"]!.GetValue<string>());
                problems[0].Span.HasPosition.ShouldBeTrue();
                return;
            }
            problems.ShouldBeEmpty();
            JsonNode.DeepEquals(ToJson(result), entry["expected"]).ShouldBeTrue($"got {ToJson(result)!.ToJsonString()}");
        }
        finally
        {
            foreach (var (key, value) in previous)
            {
                Environment.SetEnvironmentVariable(key, value);
            }
        }
    }

    /// <summary>JSON input as a YAML tree: strings are string scalars, numbers and booleans plain scalars.</summary>
    internal static YamlNode ToYaml(JsonNode? node)
    {
        var span = SourceSpan.At("input.json", 1, 1);
        return node switch
        {
            JsonObject map => new YamlMapping(map.Select(pair => new YamlEntry(new YamlScalar(pair.Key, YamlScalarStyle.Plain, span), ToYaml(pair.Value))).ToList(), span),
            JsonArray list => new YamlSequence(list.Select(ToYaml).ToList(), span),
            JsonValue value when value.TryGetValue<string>(out var text) => new YamlScalar(text, YamlScalarStyle.DoubleQuoted, span),
            JsonValue value => new YamlScalar(value.ToJsonString(), YamlScalarStyle.Plain, span),
            _ => new YamlScalar("null", YamlScalarStyle.Plain, span),
        };
    }

    /// <summary>A YAML tree as JSON, scalars typed as YAML types them.</summary>
    internal static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMapping map => new JsonObject(map.Entries.Select(entry => KeyValuePair.Create(entry.Key.Value, ToJson(entry.Value)))),
        YamlSequence list => new JsonArray(list.Items.Select(ToJson).ToArray()),
        YamlScalar scalar => ComposeNodes.Kind(scalar) switch
        {
            ScalarKind.Null => null,
            ScalarKind.Boolean => JsonValue.Create(ComposeNodes.GoText(scalar) == "true"),
            ScalarKind.Integer => JsonValue.Create(long.Parse(ComposeNodes.GoText(scalar), System.Globalization.CultureInfo.InvariantCulture)),
            ScalarKind.Float => JsonValue.Create(double.Parse(scalar.Value, System.Globalization.CultureInfo.InvariantCulture)),
            _ => JsonValue.Create(scalar.Value),
        },
        _ => null,
    };
}
