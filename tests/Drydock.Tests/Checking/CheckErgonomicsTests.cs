using System.Text.Json;
using System.Xml.Linq;
using Drydock.Checking;
using Drydock.Cli;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Checking;

/// <summary>
/// What CI users of hadolint and dclint expect from <c>drydock check</c>: standard input, several formats from one
/// run, --ignore and DRYDOCK_* variables, drydock.yml found up to the repository root, Compose variants and -f
/// projects across directories, relative paths outside the current directory, and DC049 for the Compose in use.
/// </summary>
public sealed class CheckErgonomicsTests : IDisposable
{
    private const string BadDockerfile = "FROM alpine:3.20\nRUN sudo apk add curl\nUSER 10001\nHEALTHCHECK CMD [\"true\"]\nCMD [\"true\"]\n";

    private static readonly Dictionary<string, string?> Clean = new()
    {
        ["DRYDOCK_CACHE_DIR"] = "off",
        ["DRYDOCK_IGNORE"] = null,
        ["DRYDOCK_FORMAT"] = null,
        ["DRYDOCK_FAIL_ON"] = null,
    };

    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private Task<CliResult> Run(string[] args, Dictionary<string, string?>? environment = null, string? input = null, string? directory = null)
    {
        var merged = new Dictionary<string, string?>(Clean);
        foreach (var (name, value) in environment ?? [])
        {
            merged[name] = value;
        }
        return CliRunner.RunAsync(args, merged, directory ?? _tree.Root, standardInput: input);
    }

    // ---- standard input ---------------------------------------------------------------------------------------

    [Fact]
    public async Task A_dockerfile_on_standard_input_is_checked_as_dash_with_a_code_frame_and_no_build_context()
    {
        _tree.Write(".git/HEAD", "ref: refs/heads/main\n");
        var result = await Run(["check", "-", "--no-shellcheck"], input: BadDockerfile);
        result.ExitCode.ShouldBe(ExitCodes.Failed, result.ToString());
        var lines = result.StandardOutput.Split('\n');
        lines.ShouldContain("-:2:5: error DF056: RUN uses sudo: 'sudo apk add curl'");
        lines.ShouldContain("  2 | RUN sudo apk add curl");
        result.StandardOutput.ShouldNotContain("drydock-stdin-");
        // `docker build -` sends no context: the current directory (with its .git) is not walked.
        result.StandardOutput.ShouldNotContain(" CX0");
    }

    [Fact]
    public async Task A_compose_file_on_standard_input_belongs_to_the_current_directory()
    {
        _tree.Write("api/Dockerfile", "FROM alpine:3.20\n");
        var compose = "services:\n  app:\n    build: ./api\n    privileged: true\n";
        var result = await Run(["check", "-", "--stdin-kind", "compose", "--no-shellcheck", "--format", "json"], input: compose);
        result.ExitCode.ShouldBe(ExitCodes.Failed, result.ToString());
        using var json = JsonDocument.Parse(result.StandardOutput);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray().ToList();
        var privileged = findings.Single(f => f.GetProperty("rule").GetString() == "DC002");
        privileged.GetProperty("file").GetString().ShouldBe("-");
        privileged.GetProperty("line").GetInt32().ShouldBe(4);
        // ./api is found beside the current directory, as `docker compose -f -` would find it.
        findings.ShouldNotContain(f => f.GetProperty("rule").GetString() == "DC047");
        // The built Dockerfile is checked too, with its real path.
        findings.ShouldContain(f => f.GetProperty("file").GetString() == "api/Dockerfile");
    }

    [Fact]
    public void Standard_input_is_read_up_to_a_limit()
    {
        using var small = new MemoryStream("FROM scratch\n"u8.ToArray());
        CheckStandardInput.Read(small, CheckInputKind.Dockerfile).Content.Length.ShouldBe(13);
        using var huge = new MemoryStream(new byte[CheckStandardInput.MaxBytes + 1]);
        Should.Throw<DrydockException>(() => CheckStandardInput.Read(huge, CheckInputKind.Dockerfile)).Message.ShouldContain("more than 4 MB");
    }

    // ---- -o FORMAT=FILE ---------------------------------------------------------------------------------------

    [Fact]
    public async Task Output_options_write_several_formats_from_one_run_while_text_goes_to_stdout()
    {
        _tree.Write("Dockerfile", BadDockerfile);
        var result = await Run(["check", "Dockerfile", "--no-shellcheck", "-o", "sarif=reports/drydock.sarif", "-o", "junit=junit.xml", "-o", "codeclimate=gl-code-quality.json", "-o", "checkstyle=checkstyle.xml"]);
        result.ExitCode.ShouldBe(ExitCodes.Failed, result.ToString());
        result.StandardOutput.ShouldContain("Dockerfile:2:5: error DF056");
        using (var sarif = JsonDocument.Parse(File.ReadAllText(Path.Combine(_tree.Root, "reports", "drydock.sarif"))))
        {
            var results = sarif.RootElement.GetProperty("runs")[0].GetProperty("results");
            results.EnumerateArray().ShouldContain(r => r.GetProperty("ruleId").GetString() == "DF056");
        }
        var junit = XDocument.Load(Path.Combine(_tree.Root, "junit.xml"));
        junit.Descendants("testcase").ShouldContain(test => (string?)test.Attribute("file") == "Dockerfile");
        using (var quality = JsonDocument.Parse(File.ReadAllText(Path.Combine(_tree.Root, "gl-code-quality.json"))))
        {
            var issue = quality.RootElement.EnumerateArray().Single(i => i.GetProperty("check_name").GetString() == "DF056");
            issue.GetProperty("location").GetProperty("path").GetString().ShouldBe("Dockerfile");
            issue.GetProperty("location").GetProperty("lines").GetProperty("begin").GetInt32().ShouldBe(2);
            issue.GetProperty("severity").GetString().ShouldBe("critical");
        }
        var checkstyle = XDocument.Load(Path.Combine(_tree.Root, "checkstyle.xml"));
        checkstyle.Descendants("error").ShouldContain(error => (string?)error.Attribute("source") == "drydock.DF056" && (string?)error.Attribute("line") == "2");
    }

    [Theory]
    [InlineData("yaml=out.yaml")]
    [InlineData("sarif")]
    [InlineData("sarif=")]
    public async Task A_malformed_output_option_is_a_usage_error(string value)
    {
        var result = await Run(["check", "--no-shellcheck", "-o", value]);
        result.ExitCode.ShouldBe(ExitCodes.Error, result.ToString());
        result.StandardError.ShouldContain("-o '");
    }

    // ---- --ignore and environment variables -------------------------------------------------------------------

    [Fact]
    public async Task Ignore_flags_and_DRYDOCK_IGNORE_drop_rules_by_id_or_alias_even_when_drydock_yml_raises_them()
    {
        _tree.Write("Dockerfile", BadDockerfile);
        _tree.Write("drydock.yml", "check:\n  severity: {DF056: error}\n");
        (await Run(["check", "--no-shellcheck"])).StandardOutput.ShouldContain("DF056");
        var flag = await Run(["check", "--no-shellcheck", "--ignore", "DF056"]);
        flag.StandardOutput.ShouldNotContain("DF056");
        var alias = await Run(["check", "--no-shellcheck"], new() { ["DRYDOCK_IGNORE"] = "DL3004" });
        alias.StandardOutput.ShouldNotContain("DF056", customMessage: alias.ToString());
        var unknown = await Run(["check", "--no-shellcheck", "--ignore", "NOPE42"]);
        unknown.ExitCode.ShouldBe(ExitCodes.Error);
        unknown.StandardError.ShouldContain("unknown rule 'NOPE42' in --ignore/DRYDOCK_IGNORE");
    }

    [Fact]
    public async Task Format_and_fail_on_come_from_the_flag_then_the_environment_then_drydock_yml()
    {
        _tree.Write("Dockerfile", BadDockerfile);
        var json = await Run(["check", "--no-shellcheck"], new() { ["DRYDOCK_FORMAT"] = "json" });
        using (JsonDocument.Parse(json.StandardOutput))
        {
        }
        var text = await Run(["check", "--no-shellcheck", "--format", "text"], new() { ["DRYDOCK_FORMAT"] = "json" });
        text.StandardOutput.ShouldStartWith("Dockerfile:");
        var invalid = await Run(["check", "--no-shellcheck"], new() { ["DRYDOCK_FORMAT"] = "yaml" });
        invalid.ExitCode.ShouldBe(ExitCodes.Error);
        invalid.StandardError.ShouldContain("DRYDOCK_FORMAT=yaml");

        (await Run(["check", "--no-shellcheck"])).ExitCode.ShouldBe(ExitCodes.Failed);
        (await Run(["check", "--no-shellcheck"], new() { ["DRYDOCK_FAIL_ON"] = "none" })).ExitCode.ShouldBe(ExitCodes.Success);
        (await Run(["check", "--no-shellcheck", "--fail-on", "error"], new() { ["DRYDOCK_FAIL_ON"] = "none" })).ExitCode.ShouldBe(ExitCodes.Failed);
        _tree.Write("drydock.yml", "check:\n  fail_on: none\n");
        (await Run(["check", "--no-shellcheck"])).ExitCode.ShouldBe(ExitCodes.Success);
        (await Run(["check", "--no-shellcheck"], new() { ["DRYDOCK_FAIL_ON"] = "error" })).ExitCode.ShouldBe(ExitCodes.Failed);
    }

    [Fact]
    public async Task Drydock_yml_is_found_up_to_the_repository_root()
    {
        _tree.Write("repo/.git/HEAD", "ref: refs/heads/main\n");
        _tree.Write("repo/drydock.yml", "check:\n  disable: [DF056]\n");
        _tree.Write("repo/services/api/Dockerfile", BadDockerfile);
        var inside = Path.Combine(_tree.Root, "repo", "services", "api");
        var result = await Run(["check", "--no-shellcheck"], directory: inside);
        result.StandardOutput.ShouldNotContain("DF056", customMessage: result.ToString());
        // Above the repository root, nothing is looked for.
        _tree.Write("drydock.yml", "check:\n  disable: [DF034, DF014]\n");
        CheckRunner.FindConfiguration(["."], inside).ShouldBe(Path.Combine(_tree.Root, "repo", "drydock.yml"));
        File.Delete(Path.Combine(_tree.Root, "repo", "drydock.yml"));
        CheckRunner.FindConfiguration(["."], inside).ShouldBeNull();
    }

    // ---- discovery and reach ----------------------------------------------------------------------------------

    [Theory]
    [InlineData(".dockerignore", "Dockerfile")]
    [InlineData("api.Dockerfile.dockerignore", "api.Dockerfile")]
    public async Task An_ignore_file_named_alone_checks_the_context_it_filters_not_a_dockerfile(string ignoreFile, string dockerfile)
    {
        _tree.Write(dockerfile, "FROM scratch\nCOPY app.conf /etc/\n");
        _tree.Write("app.conf", "x\n");
        _tree.Write(ignoreFile, "*.conf\n");
        var inputs = InputDiscovery.Discover([ignoreFile], _tree.Root);
        inputs.Dockerfiles.ShouldBeEmpty();
        inputs.BuildContexts.Select(context => (context.Directory, context.Dockerfile)).ShouldBe([(_tree.Root, Path.Combine(_tree.Root, dockerfile))]);

        var result = await Run(["check", ignoreFile, "--no-shellcheck"]);
        result.ExitCode.ShouldBe(ExitCodes.Failed, result.ToString());
        result.StandardOutput.ShouldContain("CX006", customMessage: result.ToString());
        result.StandardOutput.ShouldNotContain("DF0", customMessage: "the ignore file was read as a Dockerfile");
    }

    [Fact]
    public void Compose_variants_are_projects_merged_with_the_main_file_when_they_override_it()
    {
        _tree.Write("app/compose.yaml", "services:\n  web:\n    image: web:1\n  db:\n    image: db:1\n");
        _tree.Write("app/compose.prod.yaml", "services:\n  web:\n    restart: always\n");
        _tree.Write("app/docker-compose.test.yml", "services:\n  sut:\n    image: sut:1\n");
        _tree.Write("app/compose.e2e.yaml", "services:\n  tests:\n    image: e2e:1\n    depends_on: [web]\n");
        _tree.Write("app/docker-stack.yml", "services:\n  web:\n    image: web:1\n    deploy: {replicas: 2}\n");
        _tree.Write("app/compose.prod.yaml.bak", "services: {}\n");
        _tree.Write("solo/docker-compose.dev.yml", "services:\n  dev:\n    build: .\n");
        var inputs = InputDiscovery.Discover(["."], _tree.Root);
        var projects = ComposeCheckAnalyzer.Projects(inputs).Select(files => string.Join(" + ", files.Select(file => Path.GetRelativePath(_tree.Root, file)))).ToList();
        projects.ShouldBe(
        [
            "app/compose.yaml",
            "app/compose.yaml + app/compose.e2e.yaml",
            "app/compose.yaml + app/compose.prod.yaml",
            "app/docker-compose.test.yml",
            "app/docker-stack.yml",
            "solo/docker-compose.dev.yml",
        ]);
    }

    [Fact]
    public async Task An_override_variant_is_checked_merged_and_its_findings_point_at_it()
    {
        _tree.Write("compose.yaml", "services:\n  web:\n    image: web:1.0\n");
        _tree.Write("compose.prod.yaml", "services:\n  web:\n    privileged: true\n");
        var result = await Run(["check", "--no-shellcheck", "--format", "json"]);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray().ToList();
        findings.ShouldContain(f => f.GetProperty("rule").GetString() == "DC002" && f.GetProperty("file").GetString() == "compose.prod.yaml");
        findings.ShouldNotContain(f => f.GetProperty("rule").GetString() == "DC001", result.ToString());
    }

    [Fact]
    public async Task File_options_merge_compose_files_of_different_directories_as_docker_compose_f()
    {
        _tree.Write("compose.yaml", "services:\n  app:\n    build: ./api\n");
        _tree.Write("api/Dockerfile", "FROM alpine:3.20\nUSER 10001\n");
        _tree.Write("deploy/prod/override.yaml", "services:\n  app:\n    privileged: true\n    build:\n      context: ./api\n");
        var result = await Run(["check", "-f", "compose.yaml", "-f", "deploy/prod/override.yaml", "--no-shellcheck", "--format", "json"]);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray().ToList();
        findings.ShouldContain(f => f.GetProperty("rule").GetString() == "DC002" && f.GetProperty("file").GetString() == "deploy/prod/override.yaml", result.ToString());
        // ./api in the override resolves from the project directory (the first file's), where it exists.
        findings.ShouldNotContain(f => f.GetProperty("rule").GetString() == "DC047", result.ToString());
        var missing = await Run(["check", "-f", "compose.yaml", "-f", "nope.yaml"]);
        missing.ExitCode.ShouldBe(ExitCodes.Error);
        missing.StandardError.ShouldContain("nope.yaml");
    }

    [Fact]
    public async Task Paths_outside_the_current_directory_stay_relative_and_a_named_dockerfile_is_not_a_context()
    {
        _tree.Write("shared/.git/HEAD", "ref: refs/heads/main\n");
        _tree.Write("shared/Dockerfile", BadDockerfile);
        _tree.Write("work/.keep", string.Empty);
        var work = Path.Combine(_tree.Root, "work");
        var named = await Run(["check", "../shared/Dockerfile", "--no-shellcheck"], directory: work);
        named.StandardOutput.Split('\n').ShouldContain("../shared/Dockerfile:2:5: error DF056: RUN uses sudo: 'sudo apk add curl'");
        named.StandardOutput.ShouldNotContain(" CX0", customMessage: named.ToString());
        // Searching the directory builds the Dockerfile from it, so its context is checked (the .git it sends).
        var searched = await Run(["check", "../shared", "--no-shellcheck"], directory: work);
        searched.StandardOutput.ShouldContain(" CX0", customMessage: searched.ToString());
    }

    [Fact]
    public void The_automatic_compose_target_follows_what_verify_would_pick_without_running_it()
    {
        Func<string, string?> Asking(string? compose) => name => name == "DRYDOCK_COMPOSE" ? compose : Environment.GetEnvironmentVariable(name);
        ComposeTargets.Detect(Asking("docker compose")).ShouldBe(Drydock.Compose.Rules.ComposeTarget.V2);
        ComposeTargets.Detect(Asking("podman-compose")).ShouldBe(Drydock.Compose.Rules.ComposeTarget.Any);
        // docker-compose 1.x is a Python script; a docker-compose binary is v2. This machine's, read independently:
        var program = Drydock.Processes.ProcessRunner.FindOnPath("docker-compose");
        var expected = Drydock.Compose.Rules.ComposeTarget.Any;
        if (program is not null)
        {
            using var file = File.OpenRead(program);
            expected = file.ReadByte() == '#' && file.ReadByte() == '!' ? Drydock.Compose.Rules.ComposeTarget.V1 : Drydock.Compose.Rules.ComposeTarget.V2;
        }
        ComposeTargets.Detect(Asking("docker-compose")).ShouldBe(expected);
        ComposeTargets.Resolve("v1", Asking(null)).ShouldBe(Drydock.Compose.Rules.ComposeTarget.V1);
        ComposeTargets.Resolve("none", Asking("docker-compose")).ShouldBe(Drydock.Compose.Rules.ComposeTarget.Any);
    }

    [Fact]
    public async Task Compose_target_v1_reports_keys_docker_compose_1_cannot_read()
    {
        _tree.Write("compose.yaml", "name: demo\nservices:\n  web:\n    image: web:1.0\n");
        var v1 = await Run(["check", "--no-shellcheck", "--compose-target", "v1"]);
        v1.StandardOutput.Split('\n').ShouldContain(line => line.StartsWith("compose.yaml:1:1: warning DC049: docker-compose 1.x does not read the top-level 'name'", StringComparison.Ordinal), v1.ToString());
        (await Run(["check", "--no-shellcheck", "--compose-target", "v2"])).StandardOutput.ShouldNotContain("DC049");
        _tree.Write("drydock.yml", "check:\n  compose_target: v1\n");
        (await Run(["check", "--no-shellcheck"])).StandardOutput.ShouldContain("DC049");
        (await Run(["check", "--no-shellcheck", "--compose-target", "none"])).StandardOutput.ShouldNotContain("DC049");
    }
}
