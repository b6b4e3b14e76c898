using Drydock.Compose.Interpolation;

namespace Drydock.Tests.Compose;

/// <summary>compose-interpolation/cases.json, operator-choice.json and extract-variables.json, every entry.</summary>
public sealed class InterpolationConformanceTests
{
    private const string Cases = "cases.json";

    public static TheoryData<string> CaseNames => ConformanceData.Names(ConformanceData.InterpolationDirectory, Cases);

    public static TheoryData<string> OperatorNames => ConformanceData.Names(ConformanceData.InterpolationDirectory, "operator-choice.json");

    public static TheoryData<string> ExtractNames => ConformanceData.Names(ConformanceData.InterpolationDirectory, "extract-variables.json");

    [Fact]
    public void All_vector_files_are_there_with_their_counts()
    {
        ConformanceData.Load(ConformanceData.InterpolationDirectory, Cases).Count.ShouldBe(113);
        ConformanceData.Load(ConformanceData.InterpolationDirectory, "operator-choice.json").Count.ShouldBe(12);
        ConformanceData.Load(ConformanceData.InterpolationDirectory, "extract-variables.json").Count.ShouldBe(18);
        ConformanceData.Load(ConformanceData.InterpolationDirectory, "interpolate-tree.json").Count.ShouldBe(10);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Substitution_matches_compose(string name)
    {
        var entry = ConformanceData.Entry(ConformanceData.InterpolationDirectory, Cases, name);
        var template = entry["template"]!.GetValue<string>();
        var env = ConformanceData.Strings(entry["env"]);
        var warnings = 0;
        var result = ComposeTemplate.Substitute(template, key => env.TryGetValue(key, out var value) ? value : null, use =>
        {
            if (!use.Found && use.WarnsWhenUnset)
            {
                warnings++;
            }
        });
        var fromDotEnv = entry["origin"]!.GetValue<string>().StartsWith("dotenv/", StringComparison.Ordinal);

        if (entry["error"]?.GetValue<bool>() == true)
        {
            result.Error.ShouldNotBeNull($"{template} must fail");
            switch (entry["errorType"]?.GetValue<string>())
            {
                case "MissingRequiredError":
                    result.Error.ShouldBeOfType<MissingRequiredVariableException>();
                    break;
                case "InvalidTemplateError":
                    result.Error.ShouldBeOfType<InvalidTemplateException>();
                    break;
            }
            if (entry["errorContains"]?.GetValue<string>() is { } contains)
            {
                result.Error.Message.ShouldContain(contains);
            }
            if (entry["errorMessage"]?.GetValue<string>() is { } message)
            {
                result.Error.Message.ShouldBe(message);
            }
            if (entry["missingVariable"]?.GetValue<string>() is { } variable)
            {
                var missing = result.Error.ShouldBeOfType<MissingRequiredVariableException>();
                missing.Variable.ShouldBe(variable);
                missing.Reason.ShouldBe(entry["missingReason"]!.GetValue<string>());
            }
            if (entry["resultOnError"]?.GetValue<string>() is { } partial)
            {
                // compose-go's dotenv expansion hands back its input on error; the template package hands back what it built.
                (fromDotEnv ? template : result.Value).ShouldBe(partial);
            }
            if (entry["interpolateErrorMessage"]?.GetValue<string>() is { } treeMessage)
            {
                treeMessage.ShouldBe($"error while interpolating myservice.environment.TESTVAR: {result.Error.Message}");
            }
        }
        else
        {
            result.Error.ShouldBeNull();
            result.Value.ShouldBe(entry["expected"]!.GetValue<string>());
        }
        if (entry["warnings"] is { } expectedWarnings)
        {
            warnings.ShouldBe(expectedWarnings.GetValue<int>());
        }
    }

    [Theory]
    [MemberData(nameof(OperatorNames))]
    public void The_first_operator_after_the_name_applies(string name)
    {
        var entry = ConformanceData.Entry(ConformanceData.InterpolationDirectory, "operator-choice.json", name);
        ComposeTemplate.OperatorOf(entry["substitution"]!.GetValue<string>()).ShouldBe(entry["operator"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(ExtractNames))]
    public void Variables_are_extracted_from_a_whole_tree(string name)
    {
        var entry = ConformanceData.Entry(ConformanceData.InterpolationDirectory, "extract-variables.json", name);
        var found = new Dictionary<string, VariableReference>(StringComparer.Ordinal);
        Walk(entry["input"]);
        var expected = entry["expected"]!.AsObject();
        found.Keys.ShouldBe(expected.Select(pair => pair.Key), ignoreOrder: true);
        foreach (var (key, value) in expected)
        {
            var variable = found[key];
            variable.Name.ShouldBe(value!["name"]!.GetValue<string>());
            variable.DefaultValue.ShouldBe(value["defaultValue"]!.GetValue<string>());
            variable.PresenceValue.ShouldBe(value["presenceValue"]!.GetValue<string>());
            variable.Required.ShouldBe(value["required"]!.GetValue<bool>());
        }

        void Walk(System.Text.Json.Nodes.JsonNode? node)
        {
            switch (node)
            {
                case System.Text.Json.Nodes.JsonObject map:
                    foreach (var (_, child) in map)
                    {
                        Walk(child);
                    }
                    break;
                case System.Text.Json.Nodes.JsonArray list:
                    foreach (var child in list)
                    {
                        Walk(child);
                    }
                    break;
                case System.Text.Json.Nodes.JsonValue value when value.TryGetValue<string>(out var text):
                    foreach (var variable in ComposeTemplate.ExtractVariables(text))
                    {
                        found[variable.Name] = variable;
                    }
                    break;
            }
        }
    }
}
