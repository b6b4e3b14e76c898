using Drydock.Checking;
using Drydock.Findings;

namespace Drydock.Tests.Checking;

/// <summary>A temporary directory tree for a test, removed afterwards.</summary>
public sealed class TempTree : IDisposable
{
    public TempTree()
    {
        Root = Directory.CreateTempSubdirectory("drydock-check-").FullName;
    }

    public string Root { get; }

    public string Write(string relative, string content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

public sealed class CheckPipelineTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private Task<CheckResult> Check(params string[] paths) =>
        CheckRunner.RunAsync(new CheckRequest { Paths = paths.Length == 0 ? ["."] : paths, WorkingDirectory = _tree.Root, Shellcheck = false });

    [Fact]
    public async Task Discovers_dockerfiles_compose_files_and_contexts_and_prunes_dependency_folders()
    {
        _tree.Write("svc/Dockerfile", "FROM alpine:3.20\n");
        _tree.Write("svc/api.Dockerfile", "FROM alpine:3.20\n");
        _tree.Write("svc/Dockerfile.dev", "FROM alpine:3.20\n");
        _tree.Write("other/Containerfile", "FROM alpine:3.20\n");
        _tree.Write("compose.yaml", "services: {}\n");
        _tree.Write("compose.override.yml", "services: {}\n");
        _tree.Write("node_modules/pkg/Dockerfile", "FROM alpine\n");
        _tree.Write(".git/Dockerfile", "FROM alpine\n");
        _tree.Write("svc/README.md", "not a Dockerfile\n");
        _tree.Write("svc/Dockerfile.md", "# notes about the Dockerfile\n");
        var inputs = InputDiscovery.Discover(["."], _tree.Root);
        inputs.Dockerfiles.Select(p => Path.GetRelativePath(_tree.Root, p)).ShouldBe(["other/Containerfile", "svc/Dockerfile", "svc/Dockerfile.dev", "svc/api.Dockerfile"]);
        inputs.ComposeFiles.Select(Path.GetFileName).ShouldBe(["compose.override.yml", "compose.yaml"]);
        inputs.BuildContexts.Select(c => (Path.GetRelativePath(_tree.Root, c.Directory), Path.GetFileName(c.Dockerfile))).ShouldBe([("other", "Containerfile"), ("svc", "Dockerfile")]);
        var result = await Check();
        // Four Dockerfiles, and one Compose project of two files.
        result.Report.FilesAnalyzed.ShouldBe(4 + 2);
        result.Report.Findings.ShouldNotContain(f => f.Span.File.Contains("node_modules", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_path_is_an_error()
    {
        var error = await Should.ThrowAsync<DrydockException>(() => Check("nope"));
        error.Message.ShouldBe("no such file or directory");
        error.Span!.Value.File.ShouldBe("nope");
    }

    [Fact]
    public async Task Configuration_disables_enables_and_changes_severities()
    {
        _tree.Write("Dockerfile", "FROM alpine:3.20\nCMD echo hi\nUSER app\n");
        _tree.Write("drydock.yml", "check:\n  disable: [DF044]\n  enable: [DF035, DF016]\n  severity:\n    JSONArgsRecommended: error\n");
        var findings = (await Check()).Report.Findings;
        findings.ShouldNotContain(f => f.Rule.Id == "DF044");
        findings.ShouldContain(f => f.Rule.Id == "DF035");
        findings.ShouldContain(f => f.Rule.Id == "DF016");
        findings.Single(f => f.Rule.Id == "DF040").Severity.ShouldBe(Severity.Error);
    }

    [Fact]
    public async Task Rules_off_by_default_stay_off_without_configuration()
    {
        _tree.Write("Dockerfile", "FROM alpine:3.20\nUSER app\n");
        (await Check()).Report.Findings.ShouldNotContain(f => f.Rule.Id == "DF035" || f.Rule.Id == "DF016");
    }

    [Fact]
    public async Task Per_path_overrides_apply_to_matching_files_only()
    {
        _tree.Write("legacy/Dockerfile", "FROM alpine:3.20\nRUN sudo true\n");
        _tree.Write("new/Dockerfile", "FROM alpine:3.20\nRUN sudo true\n");
        _tree.Write("drydock.yml", "check:\n  overrides:\n    - paths: [\"legacy/**\"]\n      disable: [DF056]\n      severity: {DF034: off}\n");
        var findings = (await Check()).Report.Findings;
        findings.Where(f => f.Rule.Id == "DF056").Select(f => Path.GetRelativePath(_tree.Root, f.Span.File)).ShouldBe(["new/Dockerfile"]);
        findings.Where(f => f.Rule.Id == "DF034").Select(f => Path.GetRelativePath(_tree.Root, f.Span.File)).ShouldBe(["new/Dockerfile"]);
    }

    [Fact]
    public async Task Build_args_and_trusted_registries_come_from_configuration_and_the_command_line()
    {
        _tree.Write("Dockerfile", "ARG BASE=alpine:latest\nFROM ${BASE}\nUSER 1\n");
        _tree.Write("drydock.yml", "check:\n  build_args: {BASE: \"registry.example.com/alpine:3.20\"}\n  trusted_registries: [\"*.corp.example\"]\n");
        var findings = (await Check()).Report.Findings;
        findings.ShouldNotContain(f => f.Rule.Id == "DF015");
        findings.Single(f => f.Rule.Id == "DF017").Message.ShouldContain("registry.example.com");
        var overridden = await CheckRunner.RunAsync(new CheckRequest
        {
            WorkingDirectory = _tree.Root,
            Shellcheck = false,
            BuildArgs = new Dictionary<string, string> { ["BASE"] = "mirror.corp.example/alpine:latest" },
        });
        overridden.Report.Findings.ShouldNotContain(f => f.Rule.Id == "DF017");
        overridden.Report.Findings.ShouldContain(f => f.Rule.Id == "DF015");
    }

    [Fact]
    public async Task Excluded_paths_are_not_checked()
    {
        _tree.Write("keep/Dockerfile", "FROM alpine\n");
        _tree.Write("vendor2/x/Dockerfile", "FROM alpine\n");
        _tree.Write("drydock.yml", "check:\n  exclude: [\"vendor2/**\"]\n");
        (await Check()).Inputs.Dockerfiles.Select(p => Path.GetRelativePath(_tree.Root, p)).ShouldBe(["keep/Dockerfile"]);
    }

    [Theory]
    [InlineData("check:\n  disabel: [DF001]\n", "unknown key 'check.disabel'", 2, 3)]
    [InlineData("check:\n  disable: [DF999]\n", "unknown rule 'DF999'", 2, 13)]
    [InlineData("check:\n  severity: {DF001: loud}\n", "'loud' is not error, warning, info or off", 2, 21)]
    [InlineData("check:\n  shellcheck: maybe\n", "check.shellcheck must be true or false", 2, 15)]
    public async Task Configuration_errors_have_their_position(string yaml, string message, int line, int column)
    {
        _tree.Write("Dockerfile", "FROM alpine:3.20\n");
        var config = _tree.Write("drydock.yml", yaml);
        var error = await Should.ThrowAsync<DrydockException>(() => Check());
        error.Message.ShouldContain(message);
        error.Span!.Value.ToString().ShouldBe($"{config}:{line}:{column}");
    }

    [Fact]
    public async Task Analyzers_plug_in_and_share_one_parse_per_dockerfile()
    {
        // Another family (a compose service with build args, say) registers the same Dockerfile with its own arguments.
        var dockerfile = _tree.Write("app/Dockerfile", "ARG TAG=latest\nFROM alpine:${TAG}\nUSER 1\n");
        var probe = new ProbeAnalyzer(dockerfile);
        var result = await CheckRunner.RunAsync(new CheckRequest
        {
            WorkingDirectory = _tree.Root,
            Shellcheck = false,
            Analyzers = [new DockerfileAnalyzer(), probe],
        });
        // The service's TAG replaced the default registration: no 'latest' finding, and the file is reported once.
        result.Report.Findings.ShouldNotContain(f => f.Rule.Id == "DF015");
        result.Report.Findings.ShouldContain(f => f.Rule.Id == "XX001");
        result.Report.FilesAnalyzed.ShouldBe(1 + 1);
        probe.SameDocument.ShouldBeTrue();
        probe.FinalUser.ShouldBe("1");
    }

    [Fact]
    public async Task Build_context_rules_run_with_the_dockerfile_sources_resolved()
    {
        _tree.Write("svc/Dockerfile", "FROM alpine:3.20\nARG CONFIG=settings.ini\nCOPY ${CONFIG} /etc/app/\nUSER 1\n");
        _tree.Write("svc/settings.ini", "a=1\n");
        _tree.Write("svc/.dockerignore", "*.ini\n");
        _tree.Write("svc/.env", "PASSWORD=x\n");
        var findings = (await Check()).Report.Findings;
        var excluded = findings.Single(f => f.Rule.Id == "CX006");
        excluded.Span.ToString().ShouldBe($"{Path.Combine(_tree.Root, "svc", "Dockerfile")}:3:6");
        excluded.Message.ShouldContain("'settings.ini'");
        findings.ShouldContain(f => f.Rule.Id == "CX002" && f.Message.Contains(".env", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Identical_findings_from_several_targets_are_reported_once()
    {
        var dockerfile = _tree.Write("Dockerfile", "FROM alpine:3.20\nRUN sudo true\n");
        var result = await CheckRunner.RunAsync(new CheckRequest
        {
            WorkingDirectory = _tree.Root,
            Shellcheck = false,
            Analyzers = [new DockerfileAnalyzer(), new ProbeAnalyzer(dockerfile, targets: 2)],
        });
        result.Report.Findings.Count(f => f.Rule.Id == "DF056").ShouldBe(1);
    }

    private sealed class ProbeAnalyzer(string dockerfile, int targets = 1) : ICheckAnalyzer
    {
        private static readonly RuleDescriptor Probe = new("XX001", "Probe", RuleCategories.Correctness, Severity.Info, "probe {0}", "A test analyzer.");

        public string Name => "probe";

        public bool SameDocument { get; private set; }

        public string? FinalUser { get; private set; }

        public void Prepare(CheckSession session)
        {
            for (var i = 0; i < targets; i++)
            {
                session.AddDockerfileTarget(new DockerfileTarget(dockerfile, session.MergeBuildArgs(new Dictionary<string, string> { ["TAG"] = $"3.2{i}" }), null, $"service{i}"));
            }
        }

        public Task<IReadOnlyList<Finding>> AnalyzeAsync(CheckSession session)
        {
            var document = session.Dockerfiles.Get(dockerfile);
            SameDocument = ReferenceEquals(document, session.Dockerfiles.Get(dockerfile));
            FinalUser = document.Resolve(session.BuildArgs).Target?.EffectiveUser?.User;
            return Task.FromResult<IReadOnlyList<Finding>>([Finding.Create(Probe, Drydock.Text.SourceSpan.WholeFile(dockerfile), "ran")]);
        }

        public int FilesAnalyzed(CheckSession session) => 1;
    }
}
