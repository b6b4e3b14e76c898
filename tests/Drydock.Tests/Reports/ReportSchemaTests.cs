using System.Text.Json;
using Drydock.Reports.Schema;
using Drydock.Tests.TestSupport;
using Json.Schema;

namespace Drydock.Tests.Reports;

/// <summary><c>drydock schema --report</c>; the engine test validates a real run's report.json against it.</summary>
public sealed class ReportSchemaTests
{
    /// <summary>
    /// The schema built once per test process: JsonSchema.Net registers a schema under its $id in a process-wide registry
    /// and refuses a second registration, so tests that each built it failed when both ran in one process.
    /// </summary>
    internal static JsonSchema Compiled => CompiledSchema.Value;

    private static readonly Lazy<JsonSchema> CompiledSchema = new(() => JsonSchema.FromText(ReportSchema.Json));

    [Fact]
    public async Task The_command_prints_the_published_schema()
    {
        var result = await CliRunner.RunAsync(["schema", "--report"]);
        result.ExitCode.ShouldBe(0);
        result.StandardOutput.ShouldBe(ReportSchema.Json + "\n");
        File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "report.schema.json"))
            .ShouldBe(ReportSchema.Json + "\n", "regenerate it: drydock schema --report > docs/report.schema.json");
    }

    [Fact]
    public void The_schema_refuses_a_report_without_measurements_and_with_an_unknown_field()
    {
        var schema = Compiled;
        using var document = JsonDocument.Parse("""{"schemaVersion": 1, "project": "p", "status": "passed", "surprise": true}""");
        schema.Evaluate(document.RootElement).IsValid.ShouldBeFalse();
    }
}
