using System.Text.Json;
using System.Text.RegularExpressions;
using Drydock.Measurements;
using Drydock.BuildContext;
using Drydock.Checking;
using Drydock.Cli;
using Drydock.Configuration;
using Drydock.Tests.TestSupport;
using Drydock.Verification.Config;
using Drydock.Yaml;

// Not "...Verification.Config": that namespace would hide FsCheck's Config from the sibling test namespaces.
namespace Drydock.Tests.Verification.Configuration;

public sealed class DrydockSchemaTests
{
    private static JsonElement Schema() => JsonDocument.Parse(DrydockSchema.Json).RootElement;

    private static JsonElement Def(string name) => Schema().GetProperty("$defs").GetProperty(name);

    private static JsonElement Properties(JsonElement schema) => schema.GetProperty("properties");

    private static string[] Names(JsonElement properties) => properties.EnumerateObject().Select(property => property.Name).ToArray();

    /// <summary>The object branch of an anyOf (http:, file:, expect: take a string or a mapping).</summary>
    private static JsonElement ObjectBranch(JsonElement schema, string having) =>
        schema.GetProperty("anyOf").EnumerateArray().Single(branch => branch.TryGetProperty("properties", out var properties) && properties.TryGetProperty(having, out _));

    [Fact]
    public void The_schema_is_draft_2020_12_json()
    {
        var schema = Schema();
        schema.GetProperty("$schema").GetString().ShouldBe("https://json-schema.org/draft/2020-12/schema");
        schema.GetProperty("additionalProperties").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public void Every_key_the_readers_accept_is_in_the_schema_and_no_other()
    {
        var root = Properties(Schema());
        Names(root).ShouldBe(DrydockConfigFile.KnownSections, ignoreOrder: true);
        VerifyConfigParser.TopLevelKeys.ShouldBeSubsetOf(DrydockConfigFile.KnownSections);

        Names(Properties(root.GetProperty("check"))).ShouldBe(CheckConfiguration.Keys, ignoreOrder: true);
        Names(Properties(root.GetProperty("check").GetProperty("properties").GetProperty("overrides").GetProperty("items"))).ShouldBe(CheckConfiguration.OverrideKeys, ignoreOrder: true);
        Names(Properties(root.GetProperty("context"))).ShouldBe(ContextSettingsSection.Keys, ignoreOrder: true);

        Names(Properties(root.GetProperty("idle"))).ShouldBe(VerifyConfigParser.IdleKeys, ignoreOrder: true);
        Names(Properties(root.GetProperty("targets"))).ShouldBe(Metrics.Targetable.Select(metric => metric.Name), ignoreOrder: true);

        var service = Def("service");
        Names(Properties(service)).ShouldBe(VerifyConfigParser.ServiceKeys, ignoreOrder: true);
        Names(Properties(Properties(service).GetProperty("targets"))).ShouldBe(VerifyConfigParser.ServiceMetrics, ignoreOrder: true);
        Names(Properties(Properties(service).GetProperty("image"))).ShouldBe(VerifyConfigParser.ImageKeys, ignoreOrder: true);

        var probe = Properties(Def("probe"));
        Names(probe).ShouldBe(VerifyConfigParser.ProbeKeys, ignoreOrder: true);
        RequiredOneOf(Def("probeKind")).ShouldBe(VerifyConfigParser.ProbeKinds, ignoreOrder: true);
        Names(Properties(ObjectBranch(probe.GetProperty("http"), "path"))).ShouldBe(VerifyConfigParser.HttpKeys, ignoreOrder: true);
        Names(Properties(ObjectBranch(probe.GetProperty("file"), "path"))).ShouldBe(VerifyConfigParser.FileKeys, ignoreOrder: true);
        Names(Properties(ObjectBranch(probe.GetProperty("expect"), "status"))).ShouldBe(VerifyConfigParser.HttpExpectKeys, ignoreOrder: true);
        Names(Properties(ObjectBranch(probe.GetProperty("expect"), "exit_code"))).ShouldBe(VerifyConfigParser.ExecExpectKeys, ignoreOrder: true);

        root.GetProperty("load").GetProperty("items").GetProperty("$ref").GetString().ShouldBe("#/$defs/load");
        Names(Properties(Def("load"))).ShouldBe(VerifyConfigParser.LoadKeys, ignoreOrder: true);
        Names(Properties(Def("during"))).ShouldBe(VerifyConfigParser.DuringKeys, ignoreOrder: true);
        RequiredOneOf(Def("faultKind")).ShouldBe(VerifyConfigParser.FaultKinds, ignoreOrder: true);
        string[] faultForms = ["fault", "killFault", "networkFault"];
        faultForms.SelectMany(form => Names(Properties(ObjectBranch(Def(form), "service")))).Distinct()
            .ShouldBe(VerifyConfigParser.FaultKeys, ignoreOrder: true);
        root.GetProperty("scenarios").GetProperty("items").GetProperty("$ref").GetString().ShouldBe("#/$defs/scenario");
        Names(Properties(Def("scenario"))).ShouldBe(VerifyConfigParser.ScenarioKeys, ignoreOrder: true);
        Names(Properties(Def("step"))).ShouldBe(VerifyConfigParser.StepKinds, ignoreOrder: true);
        RequiredOneOf(Def("step")).ShouldBe(VerifyConfigParser.StepKinds, ignoreOrder: true);
        Names(Properties(Def("scenarioProbe"))).ShouldBe(VerifyConfigParser.ScenarioProbeKeys, ignoreOrder: true);
    }

    /// <summary>The keys a oneOf of <c>{required: [key]}</c> branches demands exactly one of.</summary>
    private static IEnumerable<string?> RequiredOneOf(JsonElement schema) =>
        schema.GetProperty("oneOf").EnumerateArray().Select(branch => branch.GetProperty("required")[0].GetString());

    [Fact]
    public void The_documented_example_validates()
    {
        var errors = SchemaCheck.Validate(Schema(), Yaml(VerifyConfigParserTests.DocumentedExample()));
        errors.ShouldBeEmpty(string.Join("\n", errors));
    }

    [Fact]
    public void The_documented_load_and_scenarios_example_validates()
    {
        var errors = SchemaCheck.Validate(Schema(), Yaml(VerifyConfigParserTests.DocumentedExample("## Load and fault scenarios")));
        errors.ShouldBeEmpty(string.Join("\n", errors));
    }

    [Fact]
    public void The_check_and_context_sections_validate()
    {
        var errors = SchemaCheck.Validate(Schema(), Yaml("""
            check:
              disable: [DF022, DL3059]
              enable: DF016
              severity: {DF044: warning, DL3008: off}
              trusted_registries: [registry.example.com]
              build_args: {BASE: "python:3.12-slim"}
              exclude: ["vendor/**"]
              shellcheck: true
              overrides:
                - paths: ["services/legacy/**"]
                  disable: [DF062]
            context:
              max_size: 70 MB
            """));
        errors.ShouldBeEmpty(string.Join("\n", errors));
    }

    [Theory]
    [InlineData("timout: 10m", "/timout")]
    [InlineData("targets: {image_size: lots}", "/targets/image_size")]
    [InlineData("targets: {restarts: '=< 2'}", "/targets/restarts")]
    [InlineData("services: {api: {probes: [{name: x}]}}", "/services/api/probes/0")]
    [InlineData("services: {api: {probes: [{tcp: 80, exec: ls}]}}", "/services/api/probes/0")]
    [InlineData("services: {api: {probes: [{tcp: http}]}}", "/services/api/probes/0/tcp")]
    [InlineData("services: {api: {probes: [{http: {pth: /}}]}}", "/services/api/probes/0/http")]
    [InlineData("services: {api: {image: {user: admin}}}", "/services/api/image/user")]
    [InlineData("load: [{path: /}]", "/load/0")]
    [InlineData("load: [{service: api, model: fast}]", "/load/0/model")]
    [InlineData("load: [{service: api, thresholds: {latency: [\"p(95)<5\"]}}]", "/load/0/thresholds/latency")]
    [InlineData("load: [{service: api, during: {restart: a, stop: b}}]", "/load/0/during")]
    [InlineData("load: [{service: api, during: {after: 1s}}]", "/load/0/during")]
    [InlineData("scenarios: [{steps: [{wait: 1s}]}]", "/scenarios/0")]
    [InlineData("scenarios: [{name: a, steps: []}]", "/scenarios/0/steps")]
    [InlineData("scenarios: [{name: a, steps: [{restart: a, wait: 1s}]}]", "/scenarios/0/steps/0")]
    [InlineData("scenarios: [{name: a, steps: [{reboot: a}]}]", "/scenarios/0/steps/0")]
    [InlineData("scenarios: [{name: a, steps: [{stop: {service: a, signal: SIGTERM}}]}]", "/scenarios/0/steps/0/stop")]
    [InlineData("scenarios: [{name: a, steps: [{kill: {service: a, network: n}}]}]", "/scenarios/0/steps/0/kill")]
    [InlineData("scenarios: [{name: a, steps: [{probe: {http: /}}]}]", "/scenarios/0/steps/0/probe")]
    [InlineData("scenarios: [{name: a, steps: [{probe: {service: a, http: /, save: {1st: $.a}}}]}]", "/scenarios/0/steps/0/probe/save/1st")]
    [InlineData("scenarios: [{name: a, steps: [{probe: {service: a, http: {pth: /}}}]}]", "/scenarios/0/steps/0/probe/http")]
    [InlineData("check: {shellcheck: maybe}", "/check/shellcheck")]
    [InlineData("context: {max_size: huge}", "/context/max_size")]
    public void Mistakes_fail_the_schema_too(string yaml, string where)
    {
        // The structural check is only worth its pass above if it also fails.
        var errors = SchemaCheck.Validate(Schema(), Yaml(yaml));
        errors.ShouldContain(error => error.StartsWith(where, StringComparison.Ordinal), string.Join("\n", errors));
    }

    [Fact]
    public void Published_schema_in_docs_is_the_built_in_one_and_its_id_is_in_the_repository()
    {
        var published = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "drydock.schema.json"));
        published.ShouldBe(DrydockSchema.Json + "\n", "regenerate it: drydock schema > docs/drydock.schema.json");
        Schema().GetProperty("$id").GetString().ShouldBe(DrydockSchema.Id);
        DrydockSchema.Id.ShouldStartWith(ProjectInfo.RepositoryUrl + "/");
    }

    [Fact]
    public async Task Drydock_schema_prints_the_schema()
    {
        var result = await CliRunner.RunAsync(["schema"]);
        result.ExitCode.ShouldBe(ExitCodes.Success, result.ToString());
        result.StandardError.ShouldBeEmpty();
        using var printed = JsonDocument.Parse(result.StandardOutput);
        printed.RootElement.GetProperty("$schema").GetString().ShouldBe("https://json-schema.org/draft/2020-12/schema");
        result.StandardOutput.Trim().ShouldBe(DrydockSchema.Json.Trim());
    }

    private static YamlNode Yaml(string text) => YamlLoader.Load(text, "drydock.yml").Root.ShouldNotBeNull();

    /// <summary>
    /// The subset of JSON Schema 2020-12 the drydock schema uses, applied to YAML nodes typed as YAML 1.2's core schema
    /// types them (as yaml-language-server does). An unknown keyword fails, so the schema cannot outgrow the check.
    /// </summary>
    private static class SchemaCheck
    {
        private static readonly string[] Annotations = ["$schema", "$id", "$defs", "title", "description", "format"];

        public static List<string> Validate(JsonElement root, YamlNode document)
        {
            var errors = new List<string>();
            Check(root, root, document, "", errors);
            return errors;
        }

        private static void Check(JsonElement root, JsonElement schema, YamlNode node, string where, List<string> errors)
        {
            foreach (var keyword in schema.EnumerateObject())
            {
                var value = keyword.Value;
                switch (keyword.Name)
                {
                    case "$ref":
                        var target = root;
                        foreach (var part in value.GetString()!.TrimStart('#', '/').Split('/'))
                        {
                            target = target.GetProperty(part);
                        }
                        Check(root, target, node, where, errors);
                        break;
                    case "type":
                        var types = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(type => type.GetString()!).ToArray() : [value.GetString()!];
                        var actual = TypeOf(node);
                        if (!types.Contains(actual) && !(actual == "integer" && types.Contains("number")))
                        {
                            errors.Add($"{where}: a {actual}, not {string.Join(" or ", types)}");
                        }
                        break;
                    case "properties" when node is YamlMapping mapping:
                        foreach (var entry in mapping.Entries)
                        {
                            if (value.TryGetProperty(entry.Key.Value, out var property))
                            {
                                Check(root, property, entry.Value, $"{where}/{entry.Key.Value}", errors);
                            }
                        }
                        break;
                    case "additionalProperties" when node is YamlMapping mapping:
                        var known = schema.TryGetProperty("properties", out var declared) ? Names(declared) : [];
                        foreach (var entry in mapping.Entries.Where(entry => !known.Contains(entry.Key.Value)))
                        {
                            if (value.ValueKind == JsonValueKind.False)
                            {
                                errors.Add($"{where}/{entry.Key.Value}: not allowed");
                            }
                            else if (value.ValueKind == JsonValueKind.Object)
                            {
                                Check(root, value, entry.Value, $"{where}/{entry.Key.Value}", errors);
                            }
                        }
                        break;
                    case "propertyNames" when node is YamlMapping mapping:
                        foreach (var entry in mapping.Entries)
                        {
                            Check(root, value, entry.Key, $"{where}/{entry.Key.Value}", errors);
                        }
                        break;
                    case "required" when node is YamlMapping mapping:
                        foreach (var name in value.EnumerateArray().Select(name => name.GetString()!).Where(name => mapping.Find(name) is null))
                        {
                            errors.Add($"{where}: {name} is required");
                        }
                        break;
                    case "items" when node is YamlSequence sequence:
                        for (var index = 0; index < sequence.Items.Count; index++)
                        {
                            Check(root, value, sequence.Items[index], $"{where}/{index}", errors);
                        }
                        break;
                    case "minItems" when node is YamlSequence sequence:
                        if (sequence.Items.Count < value.GetInt32())
                        {
                            errors.Add($"{where}: fewer than {value.GetInt32()} items");
                        }
                        break;
                    case "enum":
                        if (!value.EnumerateArray().Any(option => SameValue(option, node)))
                        {
                            errors.Add($"{where}: not one of {value.GetRawText()}");
                        }
                        break;
                    case "const":
                        if (!SameValue(value, node))
                        {
                            errors.Add($"{where}: not {value.GetRawText()}");
                        }
                        break;
                    case "pattern" when node is YamlScalar scalar && TypeOf(node) == "string":
                        if (!Regex.IsMatch(scalar.Value, value.GetString()!))
                        {
                            errors.Add($"{where}: '{scalar.Value}' does not match {value.GetString()}");
                        }
                        break;
                    case "minLength" when node is YamlScalar scalar && TypeOf(node) == "string":
                        if (scalar.Value.Length < value.GetInt32())
                        {
                            errors.Add($"{where}: shorter than {value.GetInt32()}");
                        }
                        break;
                    case "minimum" or "maximum" or "exclusiveMinimum" when node is YamlScalar scalar && scalar.TryGetDouble(out var number) && TypeOf(node) is "integer" or "number":
                        var limit = value.GetDouble();
                        var within = keyword.Name switch
                        {
                            "minimum" => number >= limit,
                            "maximum" => number <= limit,
                            _ => number > limit,
                        };
                        if (!within)
                        {
                            errors.Add($"{where}: {number} is outside {keyword.Name} {limit}");
                        }
                        break;
                    case "anyOf" or "oneOf":
                        var passing = value.EnumerateArray().Count(branch =>
                        {
                            var branchErrors = new List<string>();
                            Check(root, branch, node, where, branchErrors);
                            return branchErrors.Count == 0;
                        });
                        if (passing == 0 || (keyword.Name == "oneOf" && passing > 1))
                        {
                            errors.Add($"{where}: {passing} of the {keyword.Name} branches match");
                        }
                        break;
                    case "properties" or "additionalProperties" or "propertyNames" or "required" or "items" or "minItems" or "pattern" or "minLength" or "minimum" or "maximum" or "exclusiveMinimum":
                        // Applies to another type than this node's.
                        break;
                    default:
                        if (!Annotations.Contains(keyword.Name))
                        {
                            throw new InvalidOperationException($"the schema uses '{keyword.Name}', which this check does not implement");
                        }
                        break;
                }
            }
        }

        private static string TypeOf(YamlNode node) => node switch
        {
            YamlMapping => "object",
            YamlSequence => "array",
            YamlScalar { IsNull: true } => "null",
            YamlScalar scalar when scalar.TryGetBoolean(out _) => "boolean",
            YamlScalar scalar when scalar.TryGetInt64(out _) => "integer",
            YamlScalar scalar when scalar.TryGetDouble(out _) => "number",
            _ => "string",
        };

        private static bool SameValue(JsonElement expected, YamlNode node) => node is YamlScalar scalar && expected.ValueKind switch
        {
            JsonValueKind.String => TypeOf(node) == "string" && scalar.Value == expected.GetString(),
            JsonValueKind.Number => scalar.TryGetDouble(out var number) && TypeOf(node) is "integer" or "number" && number == expected.GetDouble(),
            JsonValueKind.True or JsonValueKind.False => scalar.TryGetBoolean(out var boolean) && boolean == (expected.ValueKind == JsonValueKind.True),
            JsonValueKind.Null => scalar.IsNull,
            _ => false,
        };
    }
}
