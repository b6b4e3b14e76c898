using Drydock.Checking;
using Drydock.Findings;

namespace Drydock.Tests.Checking;

/// <summary>The Compose analyzer in <c>drydock check</c>, and the cross-file checks it drives (CheckRunner level).</summary>
public sealed class ComposeCheckTests : IDisposable
{
    /// <summary>A hardened service: no DC finding at the default severities (lines 3 to 16 under <c>services: app:</c>).</summary>
    private const string Hardened =
        "    user: \"1000:1000\"\n    read_only: true\n    cap_drop: [ALL]\n    security_opt: [\"no-new-privileges:true\"]\n" +
        "    mem_limit: 256m\n    cpus: 0.5\n    pids_limit: 100\n    restart: unless-stopped\n" +
        "    healthcheck:\n      test: [\"CMD\", \"true\"]\n      interval: 10s\n      timeout: 3s\n";

    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private Task<CheckResult> Check(IReadOnlyDictionary<string, string>? environment = null, params string[] paths) =>
        CheckRunner.RunAsync(new CheckRequest
        {
            Paths = paths.Length == 0 ? ["."] : paths,
            WorkingDirectory = _tree.Root,
            Shellcheck = false,
            EnvironmentLookup = name => environment is not null && environment.TryGetValue(name, out var value) ? value : null,
        });

    private static string Service(string name, string lines) => $"  {name}:\n{lines}{Hardened}";

    private string Relative(Finding finding) => $"{Path.GetRelativePath(_tree.Root, finding.Span.File)}:{finding.Span.Line}";

    private static string Describe(IEnumerable<Finding> findings) => string.Join("\n", findings.Select(f => $"{f.Span} {f.Rule.Id} {f.Message}"));

    // ---- Projects -----------------------------------------------------------------------------------------------

    [Fact]
    public void Projects_are_each_directorys_main_file_and_override_and_named_files_in_their_order()
    {
        _tree.Write("a/compose.yaml", "services: {}\n");
        _tree.Write("a/compose.override.yaml", "services: {}\n");
        _tree.Write("a/docker-compose.yml", "services: {}\n");
        _tree.Write("b/docker-compose.override.yml", "services: {}\n");
        _tree.Write("c/docker-compose.yaml", "services: {}\n");
        _tree.Write("deploy/prod.yml", "services: {}\n");
        _tree.Write("deploy/base.yml", "services: {}\n");
        var inputs = InputDiscovery.Discover(["a", "b", "c", "deploy/base.yml", "deploy/prod.yml"], _tree.Root);
        var projects = ComposeCheckAnalyzer.Projects(inputs).Select(files => string.Join(" + ", files.Select(file => Path.GetRelativePath(_tree.Root, file)))).ToList();
        projects.ShouldBe(
        [
            "deploy/base.yml + deploy/prod.yml",
            "a/compose.yaml + a/compose.override.yaml",
            "a/docker-compose.yml",
            "c/docker-compose.yaml",
        ]);
    }

    [Fact]
    public async Task Override_files_and_the_projects_env_file_are_applied_and_findings_point_at_the_file_they_came_from()
    {
        _tree.Write("compose.yaml", "services:\n" + Service("app", "    image: example/app:${APP_TAG:-1.0}\n"));
        var overrideFile = _tree.Write("compose.override.yaml", "services:\n  app:\n    privileged: true\n");
        _tree.Write(".env", "APP_TAG=latest\n");
        var findings = (await Check()).Report.Findings;
        findings.Select(f => (f.Rule.Id, Relative(f))).ShouldBe([("DC002", "compose.override.yaml:3"), ("DC026", "compose.yaml:3")], ignoreOrder: true, Describe(findings));
        findings.Single(f => f.Rule.Id == "DC002").Span.File.ShouldBe(overrideFile);

        // The shell wins over .env, as in Compose: the environment check was given.
        var pinned = (await Check(new Dictionary<string, string> { ["APP_TAG"] = "1.2.3" })).Report.Findings;
        pinned.ShouldNotContain(f => f.Rule.Id == "DC026");
    }

    [Fact]
    public async Task A_compose_file_named_on_the_command_line_is_checked_as_with_docker_compose_f()
    {
        _tree.Write("deploy/base.yml", "services:\n" + Service("app", "    image: example/app:1.0\n"));
        _tree.Write("deploy/prod.yml", "services:\n  app:\n    network_mode: host\n");
        var findings = (await Check(null, "deploy/base.yml", "deploy/prod.yml")).Report.Findings;
        findings.Select(f => (f.Rule.Id, Relative(f))).ShouldBe([("DC008", "deploy/prod.yml:3")], Describe(findings));
    }

    // ---- Load errors ----------------------------------------------------------------------------------------------

    [Fact]
    public async Task Compose_load_errors_are_DC001_findings_at_their_place_and_other_projects_are_still_checked()
    {
        _tree.Write("broken/compose.yaml", "services:\n  api:\n    image: [oops\n");
        _tree.Write("typo/compose.yaml", "services:\n" + Service("app", "    image: example/app:1.0\n    restrat: always\n"));
        _tree.Write("fine/compose.yaml", "services:\n" + Service("app", "    image: example/app:latest\n"));
        var findings = (await Check()).Report.Findings;
        var broken = findings.Single(f => f.Span.File.Contains("broken", StringComparison.Ordinal));
        broken.Rule.Id.ShouldBe("DC001");
        (broken.Span.Line, broken.Severity).ShouldBe((4, Severity.Error));
        var typo = findings.Single(f => f.Rule.Id == "DC001" && f.Span.File.Contains("typo", StringComparison.Ordinal));
        typo.Span.ToString().ShouldBe($"{Path.Combine(_tree.Root, "typo", "compose.yaml")}:4:5");
        typo.Message.ShouldContain("restrat");
        findings.ShouldContain(f => f.Rule.Id == "DC026" && f.Span.File.Contains("fine", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_compose_file_that_cannot_be_read_is_an_input_error_like_an_unreadable_dockerfile()
    {
        // A dangling symbolic link cannot be read, even by root.
        File.CreateSymbolicLink(Path.Combine(_tree.Root, "compose.yaml"), Path.Combine(_tree.Root, "missing-target"));
        var error = await Should.ThrowAsync<DrydockException>(() => Check());
        error.Message.ShouldStartWith($"cannot read {Path.Combine(_tree.Root, "compose.yaml")}");
    }

    // ---- Cross-file: builds -----------------------------------------------------------------------------------------

    [Fact]
    public async Task Dockerfile_rules_run_with_each_services_build_args_and_target()
    {
        // DF015 ('latest' tag) depends on TAG: api pins it, worker does not pass it, so the default applies.
        _tree.Write("svc/Dockerfile", "ARG TAG=latest\nFROM alpine:${TAG} AS build\nRUN true\nFROM build AS runtime\nUSER 10001\nHEALTHCHECK CMD [\"true\"]\n");
        _tree.Write("api/compose.yaml", "services:\n" + Service("api", "    build:\n      context: ../svc\n      args: {TAG: \"3.20\"}\n    image: example/api:1.0\n    pull_policy: build\n"));
        var apiOnly = (await Check(null, "api")).Report.Findings;
        apiOnly.ShouldNotContain(f => f.Rule.Id == "DF015", Describe(apiOnly));

        _tree.Write("worker/compose.yaml", "services:\n" + Service("worker", "    build: ../svc\n    image: example/worker:1.0\n    pull_policy: build\n"));
        var both = (await Check(null, "api", "worker")).Report.Findings;
        both.Where(f => f.Rule.Id == "DF015").Select(Relative).ShouldBe(["svc/Dockerfile:2"], Describe(both));

        // A target stage: the rules judge the stage that is built (no USER in 'build', so DF034 fires for it).
        _tree.Write("tools/compose.yaml", "services:\n" + Service("tools", "    build:\n      context: ../svc\n      target: build\n      args: {TAG: \"3.20\"}\n    image: example/tools:1.0\n    pull_policy: build\n"));
        var target = (await Check(null, "tools")).Report.Findings;
        target.Where(f => f.Rule.Id == "DF034").Select(Relative).ShouldBe(["svc/Dockerfile:2"], Describe(target));
        (await Check(null, "api")).Report.Findings.ShouldNotContain(f => f.Rule.Id == "DF034");
    }

    [Fact]
    public async Task Check_build_args_and_the_command_line_wrap_the_services_args()
    {
        _tree.Write("Dockerfile", "ARG BASE=alpine\nARG TAG\nFROM ${BASE}:${TAG}\nUSER 10001\nHEALTHCHECK CMD [\"true\"]\n");
        _tree.Write("compose.yaml", "services:\n" + Service("app", "    build:\n      context: .\n      args: {TAG: latest}\n    image: example/app:1.0\n    pull_policy: build\n"));
        _tree.Write("drydock.yml", "check:\n  build_args: {BASE: \"registry.example.com/alpine\", TAG: \"3.19\"}\n");
        // The service's TAG wins over check.build_args; BASE comes from the configuration.
        var findings = (await Check()).Report.Findings;
        findings.Single(f => f.Rule.Id == "DF015").Message.ShouldContain("registry.example.com/alpine:latest");
        // --build-arg wins over both.
        var pinned = await CheckRunner.RunAsync(new CheckRequest
        {
            WorkingDirectory = _tree.Root,
            Shellcheck = false,
            EnvironmentLookup = _ => null,
            BuildArgs = new Dictionary<string, string> { ["TAG"] = "3.20" },
        });
        pinned.Report.Findings.ShouldNotContain(f => f.Rule.Id == "DF015");
    }

    [Fact]
    public async Task Each_dockerfile_and_each_context_is_reported_once()
    {
        _tree.Write("app/Dockerfile", "FROM alpine:3.20\nRUN sudo true\nUSER 10001\nHEALTHCHECK CMD [\"true\"]\n");
        _tree.Write("app/.env", "PASSWORD=hunter2\n");
        _tree.Write("app/.dockerignore", ".git\n");
        var api = "    build: ./app\n    image: example/api:1.0\n    pull_policy: build\n";
        var worker = "    build:\n      context: ./app\n      dockerfile: Dockerfile\n    image: example/worker:1.0\n    pull_policy: build\n";
        _tree.Write("compose.yaml", "services:\n" + Service("api", api) + Service("worker", worker));
        var result = await Check();
        var findings = result.Report.Findings;
        findings.Count(f => f.Rule.Id == "DF056").ShouldBe(1, Describe(findings));
        findings.Count(f => f.Rule.Id == "CX002").ShouldBe(1, Describe(findings));
        // app/Dockerfile once, compose.yaml once.
        result.Report.FilesAnalyzed.ShouldBe(2);
    }

    [Fact]
    public async Task A_services_context_replaces_the_directory_a_dockerfile_was_found_in()
    {
        // Built from the project root with docker/Dockerfile: the root is the context, not docker/.
        _tree.Write("docker/Dockerfile", "FROM alpine:3.20\nARG CONFIG\nCOPY ${CONFIG} /etc/app/\nUSER 10001\nHEALTHCHECK CMD [\"true\"]\n");
        _tree.Write("docker/.env", "PASSWORD=not-sent\n");
        _tree.Write("settings.ini", "a=1\n");
        _tree.Write(".dockerignore", "*.ini\ndocker/.env\n");
        _tree.Write("compose.yaml", "services:\n" + Service("app", "    build:\n      context: .\n      dockerfile: docker/Dockerfile\n      args: {CONFIG: settings.ini}\n    image: example/app:1.0\n    pull_policy: build\n"));
        var findings = (await Check()).Report.Findings;
        // CX006 resolves COPY ${CONFIG} with the service's args, in the service's context.
        var excluded = findings.Single(f => f.Rule.Id == "CX006");
        Relative(excluded).ShouldBe("docker/Dockerfile:3");
        excluded.Message.ShouldContain("'settings.ini'");
        // docker/ is not a context of its own: walked as one, it would send its .env (CX002); the root's ignore file excludes it.
        findings.ShouldNotContain(f => f.Rule.Id == "CX002", Describe(findings));
    }

    [Fact]
    public async Task A_missing_context_dockerfile_or_target_is_DC047_not_an_input_error()
    {
        _tree.Write("api/Dockerfile", "FROM alpine:3.20 AS build\nFROM scratch AS final\n");
        _tree.Write("compose.yaml", "services:\n"
            + Service("gone", "    build: ./nowhere\n    image: example/gone:1.0\n    pull_policy: build\n")
            + Service("prod", "    build:\n      context: ./api\n      dockerfile: Dockerfile.prod\n    image: example/prod:1.0\n    pull_policy: build\n")
            + Service("dev", "    build:\n      context: ./api\n      target: dev\n    image: example/dev:1.0\n    pull_policy: build\n"));
        var findings = (await Check()).Report.Findings;
        findings.Where(f => f.Rule.Id == "DC047").Select(f => f.Message).ShouldBe(
        [
            "service 'gone' builds from ./nowhere, which is not a directory",
            "service 'prod' builds ./api/Dockerfile.prod, which does not exist",
            "service 'dev' builds target 'dev', which is not a stage of ./api/Dockerfile",
        ], Describe(findings));
    }

    [Fact]
    public async Task The_root_user_rule_reads_the_dockerfile_with_the_real_parser_and_the_same_args_as_the_dockerfile_rules()
    {
        // "USER nobody" is heredoc text, not an instruction: the image runs as root (DF034 and DC015 agree).
        _tree.Write("heredoc/Dockerfile", "FROM alpine:3.20\nRUN <<EOF\necho setup\nUSER nobody\nEOF\nHEALTHCHECK CMD [\"true\"]\n");
        _tree.Write("heredoc/compose.yaml", "services:\n  app:\n    build: .\n    image: example/app:1.0\n    pull_policy: build\n" + Hardened.Replace("    user: \"1000:1000\"\n", string.Empty, StringComparison.Ordinal));
        var heredoc = (await Check(null, "heredoc")).Report.Findings;
        heredoc.Single(f => f.Rule.Id == "DC015").Message.ShouldContain("has no USER");
        heredoc.ShouldContain(f => f.Rule.Id == "DF034");

        // USER from a build arg: --build-arg reaches both families.
        _tree.Write("arg/Dockerfile", "FROM alpine:3.20\nARG APP_USER=app\nUSER ${APP_USER}\nHEALTHCHECK CMD [\"true\"]\n");
        _tree.Write("arg/compose.yaml", "services:\n  app:\n    build: .\n    image: example/app:1.0\n    pull_policy: build\n" + Hardened.Replace("    user: \"1000:1000\"\n", string.Empty, StringComparison.Ordinal));
        (await Check(null, "arg")).Report.Findings.ShouldNotContain(f => f.Rule.Id == "DC015" || f.Rule.Id == "DF033");
        var root = await CheckRunner.RunAsync(new CheckRequest
        {
            Paths = ["arg"],
            WorkingDirectory = _tree.Root,
            Shellcheck = false,
            EnvironmentLookup = _ => null,
            BuildArgs = new Dictionary<string, string> { ["APP_USER"] = "root" },
        });
        root.Report.Findings.Single(f => f.Rule.Id == "DC015").Message.ShouldContain("USER root");
        root.Report.Findings.ShouldContain(f => f.Rule.Id == "DF033");
    }

    // ---- Configuration and pragmas ----------------------------------------------------------------------------------

    [Fact]
    public async Task Configuration_applies_to_DC_rules_as_to_DF_rules()
    {
        _tree.Write("compose.yaml", "services:\n  app:\n    image: example/app:1.0\n");
        _tree.Write("legacy/compose.yaml", "services:\n  old:\n    image: example/old:1.0\n");
        _tree.Write("drydock.yml",
            "check:\n  profile: strict\n  disable: [DC004, CL-0003]\n  enable: [dclint:require-project-name-field]\n  severity: {DC023: error, DC018: off}\n" +
            "  overrides:\n    - paths: [\"legacy/**\"]\n      disable: [DC022]\n      severity: {DC023: info}\n");
        var findings = (await Check()).Report.Findings;
        findings.ShouldNotContain(f => f.Rule.Id == "DC004" || f.Rule.Id == "DC005" || f.Rule.Id == "DC018");
        findings.Where(f => f.Rule.Id == "DC046").Select(Relative).ShouldBe(["compose.yaml:1", "legacy/compose.yaml:1"], ignoreOrder: true, Describe(findings));
        findings.Single(f => f.Rule.Id == "DC023" && Relative(f) == "compose.yaml:2").Severity.ShouldBe(Severity.Error);
        findings.Single(f => f.Rule.Id == "DC023" && Relative(f) == "legacy/compose.yaml:2").Severity.ShouldBe(Severity.Info);
        findings.Where(f => f.Rule.Id == "DC022").Select(Relative).ShouldBe(["compose.yaml:2"]);
        // Style rules stay off without configuration.
        File.Delete(Path.Combine(_tree.Root, "drydock.yml"));
        (await Check()).Report.Findings.ShouldNotContain(f => f.Rule.Id == "DC046");
    }

    [Fact]
    public async Task Yaml_pragmas_silence_DC_rules_but_not_DC001()
    {
        _tree.Write("compose.yaml",
            "# drydock global ignore=DC023,CL-0003\nservices:\n  app:\n    image: \"example/app:latest\"  # drydock ignore=DC026 -- pinned by the deploy job\n" +
            "    # drydock ignore=all -- a lab container\n    privileged: true\n    # drydock ignore=DC001\n    restrat: always\n");
        var findings = (await Check()).Report.Findings;
        findings.ShouldNotContain(f => f.Rule.Id == "DC023" || f.Rule.Id == "DC005" || f.Rule.Id == "DC026" || f.Rule.Id == "DC002", Describe(findings));
        // A privileged service needs no cap_drop or no-new-privileges finding; DC023 is silenced: CPU and pids remain.
        findings.Single(f => f.Rule.Id == "DC048").Message.ShouldBe("service 'app' is not hardened: no CPU/pids limit", Describe(findings));
        findings.Single(f => f.Rule.Id == "DC001").Span.Line.ShouldBe(8);
    }

    // ---- Hardening: one finding per service by default, one per setting in the strict profile -------------------------

    [Fact]
    public async Task Default_profile_reports_one_hardening_finding_per_service_listing_what_is_missing()
    {
        _tree.Write("compose.yaml",
            "services:\n  app:\n    image: example/app:1.0\n  web:\n    image: example/web:1.0\n    cap_drop: [ALL]\n    mem_limit: 256m\n" +
            "  locked:\n    image: example/locked:1.0\n    cap_drop: [ALL]\n    security_opt: [\"no-new-privileges:true\"]\n    mem_limit: 256m\n    cpus: 0.5\n    pids_limit: 100\n");
        var findings = (await Check()).Report.Findings;
        findings.ShouldNotContain(f => f.Rule.Id == "DC004" || f.Rule.Id == "DC005" || f.Rule.Id == "DC023" || f.Rule.Id == "DC024" || f.Rule.Id == "DC025", Describe(findings));
        var hardening = findings.Where(f => f.Rule.Id == "DC048").ToList();
        hardening.Select(Relative).ShouldBe(["compose.yaml:2", "compose.yaml:4"], Describe(findings));
        hardening[0].Message.ShouldBe("service 'app' is not hardened: no cap_drop, no no-new-privileges, no memory/CPU/pids limit");
        hardening[0].FixHint.ShouldBe("add to the service: cap_drop: [ALL], security_opt: [\"no-new-privileges:true\"], mem_limit: 512m, cpus: 1.0, pids_limit: 200");
        hardening[0].Severity.ShouldBe(Severity.Warning);
        hardening[1].Message.ShouldBe("service 'web' is not hardened: no no-new-privileges, no CPU/pids limit");
    }

    [Fact]
    public async Task Strict_profile_from_configuration_or_request_reports_each_setting_and_the_request_wins()
    {
        _tree.Write("compose.yaml", "services:\n  app:\n    image: example/app:1.0\n");
        _tree.Write("drydock.yml", "check:\n  profile: strict\n");
        string[] settings = ["DC004", "DC005", "DC023", "DC024", "DC025"];
        var strict = (await Check()).Report.Findings;
        strict.Select(f => f.Rule.Id).Where(settings.Contains).ShouldBe(settings, ignoreOrder: true, Describe(strict));
        strict.ShouldNotContain(f => f.Rule.Id == "DC048");
        var request = new CheckRequest { Paths = ["."], WorkingDirectory = _tree.Root, Shellcheck = false, Profile = CheckProfile.Default };
        var grouped = (await CheckRunner.RunAsync(request)).Report.Findings;
        grouped.ShouldContain(f => f.Rule.Id == "DC048");
        grouped.ShouldNotContain(f => settings.Contains(f.Rule.Id));
        File.WriteAllText(Path.Combine(_tree.Root, "drydock.yml"), "check:\n  profile: loud\n");
        var error = await Should.ThrowAsync<DrydockException>(() => Check());
        error.Message.ShouldContain("check.profile: 'loud' is not default or strict");
        error.Span.ShouldNotBeNull().Line.ShouldBe(2);
    }

    [Fact]
    public async Task Ids_aliases_and_pragmas_of_the_settings_shape_the_grouped_finding()
    {
        _tree.Write("compose.yaml", "services:\n  app:\n    image: example/app:1.0\n  # drydock ignore=DC025 -- the orchestrator sets it\n  web:\n    image: example/web:1.0\n");
        _tree.Write("drydock.yml", "check:\n  disable: [DC004]\n  severity: {CL-0026: error}\n");
        var findings = (await Check()).Report.Findings;
        var app = findings.Single(f => f.Rule.Id == "DC048" && f.Message.Contains("'app'", StringComparison.Ordinal));
        app.Message.ShouldBe("service 'app' is not hardened: no no-new-privileges, no memory/CPU/pids limit");
        app.Severity.ShouldBe(Severity.Error); // CL-0026 is DC023's and DC024's alias
        findings.Single(f => f.Rule.Id == "DC048" && f.Message.Contains("'web'", StringComparison.Ordinal)).Message
            .ShouldBe("service 'web' is not hardened: no no-new-privileges, no memory/CPU limit");
        // The group's own id selects every setting, in either profile.
        File.WriteAllText(Path.Combine(_tree.Root, "drydock.yml"), "check:\n  disable: [DC048]\n");
        var off = (await Check()).Report.Findings;
        off.ShouldNotContain(f => f.Rule.Id == "DC048" || f.Rule.Id == "DC004" || f.Rule.Id == "DC025", Describe(off));
        File.WriteAllText(Path.Combine(_tree.Root, "drydock.yml"), "check:\n  profile: strict\n  severity: {DC048: info}\n");
        var strict = (await Check()).Report.Findings;
        strict.Where(f => f.Rule.Id is "DC004" or "DC005" or "DC023" or "DC024").ShouldAllBe(f => f.Severity == Severity.Info);
        strict.Count(f => f.Rule.Id == "DC004").ShouldBe(2);
    }
}
