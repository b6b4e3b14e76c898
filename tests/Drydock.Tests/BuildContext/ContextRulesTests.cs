using Drydock.BuildContext;
using Drydock.BuildContext.Rules;
using Drydock.BuildContext.Walker;
using Drydock.Catalog;
using Drydock.Findings;
using Drydock.Text;

namespace Drydock.Tests.BuildContext;

/// <summary>Each CX rule with cases that must fire and cases that must not, on real directories analysed end to end.</summary>
public sealed class ContextRulesTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"drydock-rules-{Guid.NewGuid():N}");

    public ContextRulesTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Every_rule_is_in_the_catalogue_with_help()
    {
        foreach (var descriptor in ContextRules.Descriptors)
        {
            RuleCatalog.Find(descriptor.Id).ShouldBe(descriptor);
            descriptor.Id.ShouldStartWith("CX");
            descriptor.Help.Length.ShouldBeGreaterThan(40);
        }
        ContextRules.All.Select(rule => rule.Descriptor.Id).ShouldBeUnique();
    }

    [Fact]
    public void CX001_fires_over_the_target_only()
    {
        Write("big.bin", new string('x', 2000));
        Ids(new ContextRuleSettings { MaxBytes = 1000 }).ShouldContain("CX001");
        Ids(new ContextRuleSettings { MaxBytes = 5000 }).ShouldNotContain("CX001");
        Write(".dockerignore", "big.bin\n");
        Ids(new ContextRuleSettings { MaxBytes = 1000 }).ShouldNotContain("CX001");
    }

    [Theory]
    [InlineData(".env", true)]
    [InlineData("config/.env.production", true)]
    [InlineData(".env.example", false)]
    [InlineData("certs/server.key", true)]
    [InlineData("certs/server.pem", true)]
    [InlineData("certs/server.crt", false)]
    [InlineData("home/.ssh/id_rsa", true)]
    [InlineData("home/.ssh/id_ed25519", true)]
    [InlineData("home/.ssh/id_rsa.pub", false)]
    [InlineData(".aws/credentials", true)]
    [InlineData(".aws/config", false)]
    [InlineData(".git-credentials", true)]
    [InlineData("deploy/kubeconfig", true)]
    [InlineData(".kube/config", true)]
    [InlineData("src/keyboard.ts", false)]
    public void CX002_recognises_secret_files(string path, bool secret)
    {
        Write(path, "content");
        Ids().Contains("CX002").ShouldBe(secret);
        Write(".dockerignore", path + "\n");
        Ids().ShouldNotContain("CX002");
    }

    [Fact]
    public void CX002_reads_package_manager_configs_for_tokens()
    {
        Write("web/.npmrc", "registry=https://registry.example/\n");
        Write("py/.pypirc", "[pypi]\nusername = __token__\n");
        Ids().ShouldNotContain("CX002");
        Write("web/.npmrc", "//registry.example/:_authToken=abc123\n");
        Write("py/.pypirc", "[pypi]\npassword = pypi-abc\n");
        Findings().Where(finding => finding.Rule.Id == "CX002").Select(finding => finding.Message).ShouldBe(
        [
            "py/.pypirc is sent to the builder (PyPI password or token)",
            "web/.npmrc is sent to the builder (npm token)",
        ], ignoreOrder: true);
    }

    [Fact]
    public void CX003_reports_the_version_control_directory_once()
    {
        Write(".git/HEAD", "ref");
        Write(".git/objects/ab/cdef", "blob");
        Write("src/main.go", "package main");
        var finding = Findings().Single(finding => finding.Rule.Id == "CX003");
        finding.Message.ShouldBe("The version-control directory .git/ is sent (2 files, 7 B)");
        Write(".dockerignore", ".git\n");
        Ids().ShouldNotContain("CX003");
    }

    [Fact]
    public void CX004_reports_dependencies_and_build_output_beside_their_project()
    {
        Write("web/package.json", "{}");
        Write("web/node_modules/left-pad/index.js", "x");
        Write("web/dist/app.js", "x");
        Write("api/Api.csproj", "<Project/>");
        Write("api/bin/Debug/net10.0/Api.dll", "x");
        Write("scripts/bin/deploy.sh", "x"); // a bin/ of scripts, no project beside it
        Write("py/app/__pycache__/m.cpython-311.pyc", "x");
        var messages = Findings().Where(finding => finding.Rule.Id == "CX004").Select(finding => finding.Message).ToList();
        messages.ShouldContain(message => message.StartsWith("web/node_modules/ is sent (npm dependencies", StringComparison.Ordinal));
        messages.ShouldContain(message => message.StartsWith("web/dist/ is sent (JavaScript build output", StringComparison.Ordinal));
        messages.ShouldContain(message => message.StartsWith("api/bin/ is sent (.NET build output", StringComparison.Ordinal));
        messages.ShouldContain(message => message.StartsWith("py/app/__pycache__/ is sent (Python bytecode cache", StringComparison.Ordinal));
        messages.ShouldNotContain(message => message.Contains("scripts/bin", StringComparison.Ordinal));
        messages.Count.ShouldBe(4);
    }

    [Fact]
    public void CX004_does_not_report_a_directory_the_Dockerfile_copies()
    {
        Write("package.json", "{}");
        Write("dist/app.js", "x");
        Findings([new ContextSource("dist/", "final", SourceSpan.At("Dockerfile", 3, 1))]).ShouldNotContain(finding => finding.Rule.Id == "CX004");
        Findings().ShouldContain(finding => finding.Rule.Id == "CX004");
    }

    [Fact]
    public void CX005_needs_many_files_and_no_ignore_file()
    {
        for (var i = 0; i < 5; i++)
        {
            Write($"f{i}.txt", "x");
        }
        Ids(new ContextRuleSettings { NoIgnoreFileThreshold = 3 }).ShouldContain("CX005");
        Ids(new ContextRuleSettings { NoIgnoreFileThreshold = 10 }).ShouldNotContain("CX005");
        Write(".dockerignore", "# nothing excluded\n");
        Ids(new ContextRuleSettings { NoIgnoreFileThreshold = 3 }).ShouldNotContain("CX005");
    }

    [Fact]
    public void CX006_points_at_the_instruction_whose_source_is_excluded()
    {
        Write(".dockerignore", "config\n*.json\n!package.json\n");
        Write("config/app.yaml", "x");
        Write("package.json", "{}");
        Write("tsconfig.json", "{}");
        var copy = new SourceSpan(Path.Combine(_root, "Dockerfile"), 4, 1, 4, 25);
        var findings = Findings(
        [
            new ContextSource("config/", "build", copy),
            new ContextSource("package.json", "build", copy with { Line = 5, EndLine = 5 }),
            new ContextSource("tsconfig.json", "build", copy with { Line = 6, EndLine = 6 }),
            new ContextSource("*.json", "build", copy with { Line = 7, EndLine = 7 }),
            new ContextSource("missing.txt", "build", copy with { Line = 8, EndLine = 8 }),
        ]).Where(finding => finding.Rule.Id == "CX006").ToList();
        findings.Select(finding => finding.Span.Line).ShouldBe([4, 6]);
        findings[0].Severity.ShouldBe(Severity.Error);
        findings[0].Message.ShouldBe("COPY/ADD source 'config/' exists in the context but .dockerignore excludes it: the build fails");
    }

    [Fact]
    public void CX007_reports_unreadable_files_and_nothing_when_readable()
    {
        var model = Model(new ContextWalkResult { Unreadable = [new ContextProblem("secret/dir", "permission denied")] });
        new UnreadableEntryRule().Check(model).Single().Message.ShouldBe("secret/dir cannot be read (permission denied): the build fails when it sends the context");
        new UnreadableEntryRule().Check(Model(new ContextWalkResult())).ShouldBeEmpty();
    }

    [Fact]
    public void CX008_is_an_invalid_pattern_with_its_line()
    {
        Write(".dockerignore", "ok\nbad[\n");
        var analysis = ContextAnalyzer.Analyze(_root, new ContextAnalysisOptions());
        analysis.Walk.ShouldBeNull();
        var finding = analysis.Findings.Single();
        finding.Rule.Id.ShouldBe("CX008");
        finding.Span.Line.ShouldBe(2);
    }

    private ContextModel Model(ContextWalkResult walk) => new(_root, null, walk, [], new Dictionary<string, string>(), new ContextRuleSettings());

    private List<string> Ids(ContextRuleSettings? settings = null) => [.. Findings([], settings).Select(finding => finding.Rule.Id)];

    private IReadOnlyList<Finding> Findings(IReadOnlyList<ContextSource>? sources = null, ContextRuleSettings? settings = null) =>
        ContextAnalyzer.Analyze(_root, new ContextAnalysisOptions { Sources = sources ?? [], Settings = settings ?? new ContextRuleSettings() }).Findings;

    private void Write(string path, string content)
    {
        var full = Path.Combine(_root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }
}
