using System.Text.Json;
using System.Xml.Linq;
using Drydock.Cli;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Checking;

/// <summary><c>drydock check</c>, <c>drydock rules</c> and <c>drydock debug dockerfile-ast</c> through the CLI.</summary>
public sealed class CheckCommandTests : IDisposable
{
    private static readonly Dictionary<string, string?> NoCache = new() { ["DRYDOCK_CACHE_DIR"] = "off" };

    private readonly TempTree _tree = new();

    public CheckCommandTests()
    {
        _tree.Write("good/Dockerfile", "FROM alpine:3.20\nUSER 10001\nHEALTHCHECK CMD [\"true\"]\nCMD [\"true\"]\n");
        _tree.Write("bad/Dockerfile", "FROM alpine\nRUN sudo apk add curl\nCMD run-it\n");
    }

    public void Dispose() => _tree.Dispose();

    private Task<CliResult> Run(params string[] args) => CliRunner.RunAsync(args, NoCache, _tree.Root);

    [Fact]
    public async Task A_clean_tree_exits_0()
    {
        var result = await Run("check", "good", "--no-shellcheck");
        result.ExitCode.ShouldBe(ExitCodes.Success, result.ToString());
        result.StandardOutput.ShouldContain("1 file checked: no findings");
    }

    [Fact]
    public async Task Findings_at_or_above_fail_on_exit_1_and_text_groups_by_file_with_a_code_frame()
    {
        var result = await Run("check", "--no-shellcheck");
        result.ExitCode.ShouldBe(ExitCodes.Failed, result.ToString());
        var lines = result.StandardOutput.Split('\n');
        lines.ShouldContain("bad/Dockerfile:2:5: error DF056: RUN uses sudo: 'sudo apk add curl'");
        lines.ShouldContain("  2 | RUN sudo apk add curl");
        result.StandardOutput.ShouldContain("2 files checked:");
        (await Run("check", "--no-shellcheck", "--fail-on", "none")).ExitCode.ShouldBe(ExitCodes.Success);
        (await Run("check", "bad", "--no-shellcheck", "--config", _tree.Write("lenient.yml", "check:\n  severity: {DF056: info, DF014: info, DF040: info, DF034: info, DF065: info, DF062: info}\n"), "--fail-on", "warning")).ExitCode.ShouldBe(ExitCodes.Success);
    }

    [Fact]
    public async Task Json_has_the_documented_shape_with_paths_relative_to_the_current_directory()
    {
        var result = await Run("check", "bad", "--no-shellcheck", "--format", "json");
        result.ExitCode.ShouldBe(ExitCodes.Failed);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var root = json.RootElement;
        root.GetProperty("schemaVersion").GetInt32().ShouldBe(1);
        var finding = root.GetProperty("findings").EnumerateArray().First(f => f.GetProperty("rule").GetString() == "DF056");
        foreach (var property in new[] { "rule", "aliases", "severity", "category", "file", "line", "column", "endLine", "endColumn", "message", "help" })
        {
            finding.TryGetProperty(property, out _).ShouldBeTrue(property);
        }
        finding.GetProperty("file").GetString().ShouldBe("bad/Dockerfile");
        finding.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()).ShouldContain("DL3004");
        var summary = root.GetProperty("summary");
        summary.GetProperty("files").GetInt32().ShouldBe(1);
        summary.GetProperty("errors").GetInt32().ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task Sarif_carries_rule_metadata_and_help_uris()
    {
        var result = await Run("check", "bad", "--no-shellcheck", "--format", "sarif");
        using var json = JsonDocument.Parse(result.StandardOutput);
        json.RootElement.GetProperty("version").GetString().ShouldBe("2.1.0");
        var run = json.RootElement.GetProperty("runs")[0];
        var rule = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().First(r => r.GetProperty("id").GetString() == "DF056");
        rule.GetProperty("helpUri").GetString().ShouldEndWith("docs/rules.md#df056");
        rule.GetProperty("help").GetProperty("text").GetString()!.ShouldContain("sudo");
        var result0 = run.GetProperty("results").EnumerateArray().First(r => r.GetProperty("ruleId").GetString() == "DF056");
        result0.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString().ShouldBe("bad/Dockerfile");
        result0.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task Github_junit_and_markdown_formats()
    {
        var github = await Run("check", "bad", "--no-shellcheck", "--format", "github");
        github.StandardOutput.ShouldContain("::error file=bad/Dockerfile,line=2,col=5,");
        var junit = await Run("check", "bad", "--no-shellcheck", "--format", "junit");
        XDocument.Parse(junit.StandardOutput).Descendants("testcase").ShouldNotBeEmpty();
        var markdown = await Run("check", "bad", "--no-shellcheck", "--format", "markdown");
        markdown.StandardOutput.ShouldContain("[DF056](https://");
    }

    [Fact]
    public async Task Build_args_on_the_command_line_resolve_values()
    {
        _tree.Write("args/Dockerfile", "ARG TAG=latest\nFROM alpine:${TAG}\nUSER 1\nHEALTHCHECK CMD [\"true\"]\n");
        (await Run("check", "args", "--no-shellcheck")).StandardOutput.ShouldContain("DF015");
        var pinned = await Run("check", "args", "--no-shellcheck", "--build-arg", "TAG=3.20");
        pinned.ExitCode.ShouldBe(ExitCodes.Success, pinned.ToString());
        var malformed = await Run("check", "args", "--build-arg", "TAG");
        malformed.ExitCode.ShouldBe(ExitCodes.Error);
        malformed.StandardError.ShouldContain("--build-arg 'TAG' is not NAME=VALUE");
    }

    [Fact]
    public async Task Input_and_configuration_errors_exit_2_with_the_place()
    {
        var missing = await Run("check", "nowhere");
        missing.ExitCode.ShouldBe(ExitCodes.Error);
        missing.StandardError.ShouldStartWith("drydock: error: nowhere: no such file or directory");
        _tree.Write("conf/Dockerfile", "FROM alpine:3.20\n");
        _tree.Write("conf/drydock.yml", "check:\n  nonsense: 1\n");
        var config = await Run("check", "conf");
        config.ExitCode.ShouldBe(ExitCodes.Error);
        config.StandardError.ShouldStartWith("drydock: error: conf/drydock.yml:2:3: unknown key 'check.nonsense'");
        config.StandardError.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task Every_configuration_error_is_printed_with_its_place_and_exit_2()
    {
        _tree.Write("many/Dockerfile", "FROM alpine:3.20\n");
        _tree.Write("many/drydock.yml", "targetz: {}\ncheck: {}\nservicez: {}\n");
        var result = await Run("check", "many");
        result.ExitCode.ShouldBe(ExitCodes.Error);
        var errors = result.StandardError.Split('\n').Where(line => line.StartsWith("drydock: error: ", StringComparison.Ordinal)).ToList();
        errors.Count.ShouldBe(2);
        errors[0].ShouldStartWith("drydock: error: many/drydock.yml:1:1: unknown section 'targetz'");
        errors[1].ShouldStartWith("drydock: error: many/drydock.yml:3:1: unknown section 'servicez'");
    }

    [Fact]
    public async Task Rules_lists_the_catalogue_as_text_and_json_and_shows_one_rule()
    {
        var text = await Run("rules");
        text.ExitCode.ShouldBe(ExitCodes.Success);
        text.StandardOutput.ShouldContain("DF036");
        using var json = JsonDocument.Parse((await Run("rules", "--format", "json")).StandardOutput);
        var rules = json.RootElement.GetProperty("rules").EnumerateArray().ToList();
        rules.Count.ShouldBeGreaterThanOrEqualTo(45);
        var secret = rules.Single(r => r.GetProperty("id").GetString() == "DF036");
        secret.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()).ShouldBe(["SecretsUsedInArgOrEnv", "DL3064", "DS-0031"]);
        secret.GetProperty("severity").GetString().ShouldBe("warning");
        var one = await Run("rules", "DL3004");
        one.StandardOutput.ShouldContain("DF056: sudo in RUN");
        (await Run("rules", "DL9999")).ExitCode.ShouldBe(ExitCodes.Error);
    }

    [Fact]
    public async Task Debug_dockerfile_ast_is_byte_identical_to_buildkit_for_every_conformance_case()
    {
        var cases = Path.Combine(RepoPaths.Conformance, "dockerfile-parser", "cases");
        foreach (var directory in Directory.GetDirectories(cases))
        {
            var result = await CliRunner.RunAsync(["debug", "dockerfile-ast", Path.Combine(directory, "Dockerfile")]);
            result.ExitCode.ShouldBe(ExitCodes.Success, $"{directory}: {result}");
            result.StandardOutput.ShouldBe(await File.ReadAllTextAsync(Path.Combine(directory, "result")), directory);
        }
    }

    [Fact]
    public async Task Debug_dockerfile_ast_fails_on_the_negative_cases_with_a_clear_error()
    {
        foreach (var directory in Directory.GetDirectories(Path.Combine(RepoPaths.Conformance, "dockerfile-parser", "negative")))
        {
            var result = await CliRunner.RunAsync(["debug", "dockerfile-ast", Path.Combine(directory, "Dockerfile")]);
            result.ExitCode.ShouldBe(ExitCodes.Error, directory);
            result.StandardOutput.ShouldBeEmpty();
            result.StandardError.ShouldStartWith("drydock: error: ");
            result.StandardError.ShouldContain("Dockerfile");
        }
    }
}

public sealed class CheckInputErrorTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public async Task An_unreadable_dockerfile_exits_2_with_its_path_not_an_internal_error()
    {
        // A dangling symbolic link cannot be read, even by root.
        File.CreateSymbolicLink(Path.Combine(_tree.Root, "Dockerfile"), Path.Combine(_tree.Root, "missing-target"));
        var result = await CliRunner.RunAsync(["check", ".", "--no-shellcheck"], null, _tree.Root);
        result.ExitCode.ShouldBe(ExitCodes.Error, result.ToString());
        result.StandardError.ShouldStartWith("drydock: error: ");
        result.StandardError.ShouldContain("cannot read");
        result.StandardError.ShouldContain("Dockerfile");
        result.StandardError.ShouldNotContain("internal error");
    }
}
