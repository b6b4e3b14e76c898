using System.Text.Json.Nodes;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Compose;

public sealed class ConfigCommandTests
{
    [Fact]
    public async Task Json_output_is_the_resolved_model()
    {
        var directory = ComposeCorpus.Directory("merge-override");
        var result = await CliRunner.RunAsync(["config", "--format", "json"], workingDirectory: directory);
        result.ExitCode.ShouldBe(0, result.ToString());
        result.StandardOutput.TrimEnd().ShouldBe(ComposeCorpus.Expected("merge-override"));
    }

    [Fact]
    public async Task Files_profiles_and_env_files_come_from_the_flags()
    {
        using var project = new ComposeTestProject();
        project.Write("base.yaml", "services:\n  app:\n    image: \"app:${TAG}\"\n  extra:\n    image: extra\n    profiles: [extra]\n");
        project.Write("over.yaml", "services:\n  app:\n    environment:\n      MODE: over\n");
        project.Write("custom.env", "TAG=7\n");
        var result = await CliRunner.RunAsync(
            ["config", "-f", "base.yaml", "-f", "over.yaml", "--profile", "extra", "--env-file", "custom.env", "--format", "json"],
            workingDirectory: project.Directory);
        result.ExitCode.ShouldBe(0, result.ToString());
        var json = JsonNode.Parse(result.StandardOutput)!;
        json["services"]!["app"]!["image"]!.GetValue<string>().ShouldBe("app:7");
        json["services"]!["app"]!["environment"]!["MODE"]!.GetValue<string>().ShouldBe("over");
        json["services"]!["extra"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Yaml_is_the_default_and_reads_back_as_the_same_model()
    {
        var directory = ComposeCorpus.Directory("short-syntax");
        var yaml = await CliRunner.RunAsync(["config"], workingDirectory: directory);
        yaml.ExitCode.ShouldBe(0, yaml.ToString());
        yaml.StandardOutput.ShouldContain("services:\n  app:\n    build:\n      context: ");
        yaml.StandardOutput.ShouldContain("      - mode: ingress\n        target: 3000\n        protocol: tcp\n");

        using var copy = new ComposeTestProject(yaml.StandardOutput);
        var reloaded = await CliRunner.RunAsync(["config", "--format", "json"], workingDirectory: copy.Directory);
        reloaded.ExitCode.ShouldBe(0, reloaded.ToString());
        var original = await CliRunner.RunAsync(["config", "--format", "json"], workingDirectory: directory);
        JsonNode.Parse(reloaded.StandardOutput)!["services"]!.ToJsonString().ShouldBe(JsonNode.Parse(original.StandardOutput)!["services"]!.ToJsonString());
    }

    [Fact]
    public async Task An_error_names_the_variable_and_its_place_and_exits_2()
    {
        using var project = new ComposeTestProject("services:\n  db:\n    image: postgres\n    environment:\n      PASSWORD: ${DB_PASSWORD:?required}\n");
        var result = await CliRunner.RunAsync(["config"], environment: new Dictionary<string, string?> { ["DB_PASSWORD"] = null }, workingDirectory: project.Directory);
        result.ExitCode.ShouldBe(2);
        result.StandardOutput.ShouldBeEmpty();
        result.StandardError.ShouldContain("drydock: error: compose.yaml:5:17: error while interpolating services.db.environment.PASSWORD: required variable DB_PASSWORD is missing a value: required");
        result.StandardError.ShouldContain("drydock: hint: Set DB_PASSWORD");
    }

    [Fact]
    public async Task Every_structural_error_is_printed()
    {
        using var project = new ComposeTestProject("services:\n  web:\n    imagee: x\n    ports: 80\n");
        var result = await CliRunner.RunAsync(["config"], workingDirectory: project.Directory);
        result.ExitCode.ShouldBe(2);
        result.StandardError.ShouldContain("compose.yaml:3:5: services.web: additional property 'imagee' is not allowed (did you mean 'image'?)");
        result.StandardError.ShouldContain("compose.yaml:4:12: services.web.ports must be a list");
        result.StandardError.ShouldContain("problems.");
    }

    [Fact]
    public async Task No_compose_file_is_a_clear_error()
    {
        using var scratch = new ScratchDirectory();
        var result = await CliRunner.RunAsync(["config"], workingDirectory: scratch.Path);
        result.ExitCode.ShouldBe(2);
        result.StandardError.ShouldContain("no configuration file provided: not found");
        result.StandardError.ShouldContain("hint:");
    }

    [Fact]
    public async Task Variables_lists_defaults_requirements_and_sources()
    {
        using var project = new ComposeTestProject("""
            services:
              app:
                image: "app:${TAG:-latest}"
                environment:
                  KEY: ${API_KEY:?needed}
                  FROM_FILE: ${FROM_FILE}
                  UNSET_ONE: $NOBODY_SETS_THIS
            """);
        project.Write(".env", "FROM_FILE=x\n");
        var result = await CliRunner.RunAsync(["config", "--variables"], environment: new Dictionary<string, string?> { ["API_KEY"] = "k", ["NOBODY_SETS_THIS"] = null, ["TAG"] = null }, workingDirectory: project.Directory);
        result.ExitCode.ShouldBe(0, result.ToString());
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("NAME               REQUIRED   DEFAULT VALUE   ALTERNATE VALUE   SOURCE");
        lines.ShouldContain(line => line.StartsWith("API_KEY ", StringComparison.Ordinal) && line.Contains("true") && line.EndsWith("shell"));
        lines.ShouldContain(line => line.StartsWith("TAG ", StringComparison.Ordinal) && line.Contains("latest") && line.EndsWith("default"));
        lines.ShouldContain(line => line.StartsWith("FROM_FILE ", StringComparison.Ordinal) && line.EndsWith(".env"));
        lines.ShouldContain(line => line.StartsWith("NOBODY_SETS_THIS ", StringComparison.Ordinal) && line.EndsWith("unset"));

        var json = await CliRunner.RunAsync(["config", "--variables", "--format", "json"], environment: new Dictionary<string, string?> { ["API_KEY"] = "k" }, workingDirectory: project.Directory);
        var variables = JsonNode.Parse(json.StandardOutput)!["variables"]!.AsArray();
        variables.Select(variable => variable!["name"]!.GetValue<string>()).ShouldBe(["API_KEY", "FROM_FILE", "NOBODY_SETS_THIS", "TAG"]);
        variables[0]!["references"]![0]!["line"]!.GetValue<int>().ShouldBe(5);
        json.StandardOutput.ShouldNotContain("\"k\"");
    }
}
