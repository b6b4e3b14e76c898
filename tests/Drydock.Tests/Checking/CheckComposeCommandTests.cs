using System.Text.Json;
using System.Xml.Linq;
using Drydock.Cli;
using Drydock.Tests.Compose;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Checking;

/// <summary><c>drydock check</c> over Compose projects through the CLI: the examples, and every output format.</summary>
public sealed class CheckComposeCommandTests : IDisposable
{
    /// <summary>No ShellCheck cache written by tests; LOG_LEVEL unset whatever the machine's shell says (S4 uses it unset).</summary>
    private static readonly Dictionary<string, string?> Environment = new() { ["DRYDOCK_CACHE_DIR"] = "off", ["LOG_LEVEL"] = null };

    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    /// <summary>Every example directory but the deliberately bad ones (examples/*-bad).</summary>
    public static TheoryData<string> GoodExamples
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var directory in Directory.GetDirectories(RepoPaths.Examples).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(directory);
                if (!name.EndsWith("-bad", StringComparison.Ordinal) && Directory.EnumerateFiles(directory).Any(file => Path.GetFileName(file) is "compose.yaml" or "Dockerfile"))
                {
                    data.Add(name);
                }
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(GoodExamples))]
    public async Task A_good_example_checks_clean_at_the_default_fail_on(string example)
    {
        var result = await CliRunner.RunAsync(["check", $"examples/{example}"], Environment, RepoPaths.Root);
        result.ExitCode.ShouldBe(ExitCodes.Success, result.ToString());
        result.StandardOutput.ShouldNotContain(" warning ");
        result.StandardOutput.ShouldNotContain(" error ");
    }

    [Fact]
    public async Task Check_examples_fails_only_on_the_deliberately_bad_ones()
    {
        var result = await CliRunner.RunAsync(["check", "examples", "--format", "json"], Environment, RepoPaths.Root);
        result.ExitCode.ShouldBe(ExitCodes.Failed, result.ToString());
        using var json = JsonDocument.Parse(result.StandardOutput);
        var failing = json.RootElement.GetProperty("findings").EnumerateArray()
            .Where(finding => finding.GetProperty("severity").GetString() is "error" or "warning")
            .Select(finding => finding.GetProperty("file").GetString()!)
            .ToList();
        failing.ShouldNotBeEmpty();
        failing.ShouldAllBe(file => file.StartsWith("examples/platform-s4-bad/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_finds_every_problem_planted_in_the_s4_reproduction_once_at_its_line()
    {
        var result = await CliRunner.RunAsync(["check", "examples/platform-s4-bad", "--format", "json"], Environment, RepoPaths.Root);
        result.ExitCode.ShouldBe(ExitCodes.Failed, result.ToString());
        using var json = JsonDocument.Parse(result.StandardOutput);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray().Select(finding => new
        {
            Rule = finding.GetProperty("rule").GetString()!,
            File = finding.GetProperty("file").GetString()!,
            Line = finding.GetProperty("line").GetInt32(),
            Column = finding.GetProperty("column").GetInt32(),
            Message = finding.GetProperty("message").GetString()!,
        }).ToList();
        var found = findings.Select(finding => $"{finding.Rule}@{Path.GetFileName(finding.File)}:{finding.Line}").ToHashSet(StringComparer.Ordinal);
        // The Compose findings, the service's Dockerfile checked with its build args (no USER; the token ARG), and the
        // README's "no health checks, restart policies, limits, cap_drop or no-new-privileges" for the API service.
        string[] expected =
        [
            .. ComposeExamplesTests.S4Planted,
            "DF034@Dockerfile:2", "DF036@Dockerfile:3",
            "DC048@compose.yaml:7", "DC022@compose.yaml:7",
            "DC020@compose.yaml:62",
        ];
        foreach (var problem in expected)
        {
            found.ShouldContain(problem, $"missing {problem}; found:\n{string.Join("\n", found.Order(StringComparer.Ordinal))}");
        }
        findings.GroupBy(finding => finding).Where(group => group.Count() > 1).ShouldBeEmpty();
        // The five hardening settings the API service lacks, as one finding (DC048) by default.
        findings.Single(finding => finding.Rule == "DC048" && finding.Line == 7).Message
            .ShouldBe("service 'app' is not hardened: no cap_drop, no no-new-privileges, no memory/CPU/pids limit");
        found.ShouldNotContain("DC004@compose.yaml:7");
        findings.Where(finding => finding.File.EndsWith("app/Dockerfile", StringComparison.Ordinal)).Select(finding => finding.File).Distinct()
            .ShouldBe(["examples/platform-s4-bad/app/Dockerfile"]);
        var summary = json.RootElement.GetProperty("summary");
        summary.GetProperty("errors").GetInt32().ShouldBeGreaterThanOrEqualTo(10);
        // compose.yaml, .env and app/Dockerfile.
        summary.GetProperty("files").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task Profile_strict_on_the_command_line_reports_each_hardening_setting()
    {
        var strict = await CliRunner.RunAsync(["check", "examples/platform-s4-bad", "--format", "json", "--profile", "strict"], Environment, RepoPaths.Root);
        strict.ExitCode.ShouldBe(ExitCodes.Failed, strict.ToString());
        using var json = JsonDocument.Parse(strict.StandardOutput);
        var rules = json.RootElement.GetProperty("findings").EnumerateArray()
            .Where(finding => finding.GetProperty("line").GetInt32() == 7 && finding.GetProperty("file").GetString()!.EndsWith("compose.yaml", StringComparison.Ordinal))
            .Select(finding => finding.GetProperty("rule").GetString()!).ToList();
        rules.ShouldBe(["DC004", "DC005", "DC018", "DC022", "DC023", "DC024", "DC025"], ignoreOrder: true);
        var wrong = await CliRunner.RunAsync(["check", "examples/platform-s4-bad", "--profile", "loud"], Environment, RepoPaths.Root);
        wrong.ExitCode.ShouldBe(ExitCodes.Error, wrong.ToString());
    }

    private void WriteProject()
    {
        _tree.Write("compose.yaml", "services:\n  api:\n    build: ./api\n    image: example/api:1.0\n    environment:\n      DB_PASSWORD: hunter2hunter2\n");
        _tree.Write("api/Dockerfile", "FROM alpine:3.20\nRUN sudo true\n");
    }

    [Fact]
    public async Task Json_and_text_over_a_compose_project()
    {
        WriteProject();
        var json = await CliRunner.RunAsync(["check", "--format", "json", "--no-shellcheck"], Environment, _tree.Root);
        json.ExitCode.ShouldBe(ExitCodes.Failed, json.ToString());
        using var document = JsonDocument.Parse(json.StandardOutput);
        var secret = document.RootElement.GetProperty("findings").EnumerateArray().Single(finding => finding.GetProperty("rule").GetString() == "DC011");
        (secret.GetProperty("file").GetString(), secret.GetProperty("line").GetInt32(), secret.GetProperty("column").GetInt32()).ShouldBe(("compose.yaml", 6, 20));
        secret.GetProperty("aliases").EnumerateArray().Select(alias => alias.GetString()).ShouldContain("CL-0020");
        secret.GetProperty("category").GetString().ShouldBe("security");
        document.RootElement.GetProperty("findings").EnumerateArray().ShouldContain(finding => finding.GetProperty("rule").GetString() == "DF056" && finding.GetProperty("file").GetString() == "api/Dockerfile");
        document.RootElement.GetProperty("summary").GetProperty("files").GetInt32().ShouldBe(2);

        var text = await CliRunner.RunAsync(["check", "--no-shellcheck"], Environment, _tree.Root);
        text.StandardOutput.Split('\n').ShouldContain("compose.yaml:6:20: error DC011: service 'api' sets DB_PASSWORD to a literal value in the Compose file (its name says it is a credential)");
        text.StandardOutput.ShouldContain("  6 |       DB_PASSWORD: ********"); // the code frame of a credential finding masks the value
        text.StandardOutput.ShouldNotContain("hunter2hunter2");
    }

    [Fact]
    public async Task Sarif_junit_and_github_over_a_compose_project()
    {
        WriteProject();
        var sarif = await CliRunner.RunAsync(["check", "--format", "sarif", "--no-shellcheck"], Environment, _tree.Root);
        using var json = JsonDocument.Parse(sarif.StandardOutput);
        var run = json.RootElement.GetProperty("runs")[0];
        var rule = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "DC011");
        rule.GetProperty("helpUri").GetString().ShouldEndWith("docs/rules.md#dc011");
        var result = run.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("ruleId").GetString() == "DC011");
        var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
        location.GetProperty("artifactLocation").GetProperty("uri").GetString().ShouldBe("compose.yaml");
        location.GetProperty("region").GetProperty("startLine").GetInt32().ShouldBe(6);
        location.GetProperty("region").GetProperty("startColumn").GetInt32().ShouldBe(20);

        var junit = await CliRunner.RunAsync(["check", "--format", "junit", "--no-shellcheck"], Environment, _tree.Root);
        var cases = XDocument.Parse(junit.StandardOutput).Descendants("testcase").ToList();
        cases.ShouldContain(testcase => testcase.ToString().Contains("DC011", StringComparison.Ordinal) && testcase.ToString().Contains("compose.yaml", StringComparison.Ordinal));

        var github = await CliRunner.RunAsync(["check", "--format", "github", "--no-shellcheck"], Environment, _tree.Root);
        github.StandardOutput.ShouldContain("::error file=compose.yaml,line=6,col=20,");
        github.StandardOutput.ShouldContain("::error file=api/Dockerfile,line=2,col=5,");
    }

    [Fact]
    public async Task A_broken_compose_file_is_a_DC001_finding_and_exit_1_an_unreadable_one_exit_2()
    {
        _tree.Write("broken/compose.yaml", "services:\n  api:\n    image: [oops\n");
        var broken = await CliRunner.RunAsync(["check", "broken"], Environment, _tree.Root);
        broken.ExitCode.ShouldBe(ExitCodes.Failed, broken.ToString());
        broken.StandardOutput.ShouldContain("broken/compose.yaml:4:1: error DC001: ");
        broken.StandardError.ShouldNotContain("internal error");
        // DC001 is an error: it fails even at --fail-on error.
        (await CliRunner.RunAsync(["check", "broken", "--fail-on", "error"], Environment, _tree.Root)).ExitCode.ShouldBe(ExitCodes.Failed);

        Directory.CreateDirectory(Path.Combine(_tree.Root, "unreadable"));
        File.CreateSymbolicLink(Path.Combine(_tree.Root, "unreadable", "compose.yaml"), Path.Combine(_tree.Root, "unreadable", "gone.yaml"));
        var unreadable = await CliRunner.RunAsync(["check", "unreadable"], Environment, _tree.Root);
        unreadable.ExitCode.ShouldBe(ExitCodes.Error, unreadable.ToString());
        unreadable.StandardError.ShouldStartWith("drydock: error: ");
        unreadable.StandardError.ShouldContain("cannot read");
        unreadable.StandardError.ShouldContain("compose.yaml");
        unreadable.StandardError.ShouldNotContain("internal error");
    }
}
