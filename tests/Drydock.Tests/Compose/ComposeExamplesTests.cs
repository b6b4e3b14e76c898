using Drydock.Compose.Loading;
using Drydock.Compose.Rules;
using Drydock.Findings;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Compose;

/// <summary>The examples: the good ones check clean; platform-s4-bad shows every problem S4 shipped with.</summary>
public sealed class ComposeExamplesTests
{
    /// <summary>The problems planted in examples/platform-s4-bad (its README lists them), as rule@file:line.</summary>
    public static readonly IReadOnlyList<string> S4Planted =
    [
        "DC036@compose.yaml:4",
        "DC013@compose.yaml:11",
        "DC027@compose.yaml:12",
        "DC037@compose.yaml:13",
        "DC010@compose.yaml:15",
        "DC011@compose.yaml:18", "DC011@compose.yaml:19", "DC011@compose.yaml:20",
        "DC032@compose.yaml:22", "DC034@compose.yaml:22",
        "DC021@compose.yaml:24", "DC021@compose.yaml:25",
        "DC029@compose.yaml:26",
        "DC015@compose.yaml:9",
        "DC026@compose.yaml:34", "DC011@compose.yaml:37", "DC010@compose.yaml:40",
        "DC026@compose.yaml:51", "DC028@compose.yaml:51", "DC012@compose.yaml:52", "DC010@compose.yaml:54", "DC012@compose.yaml:56",
        "DC026@compose.yaml:63", "DC006@compose.yaml:67",
        "DC026@compose.yaml:73",
        "DC026@compose.yaml:82",
        "DC026@compose.yaml:91", "DC015@compose.yaml:92", "DC011@compose.yaml:95",
        "DC014@.env:2",
    ];

    public static TheoryData<string> GoodExamples
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var directory in ComposeAnalyzer.FindProjects(RepoPaths.Examples).Where(directory => !Path.GetFileName(directory).EndsWith("-bad", StringComparison.Ordinal)))
            {
                data.Add(Path.GetRelativePath(RepoPaths.Examples, directory));
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(GoodExamples))]
    public async Task Good_examples_have_no_warnings_or_errors(string example)
    {
        var result = await ComposeAnalyzer.CheckDirectoryAsync(Path.Combine(RepoPaths.Examples, example));
        result.Project.ShouldNotBeNull();
        var failing = result.Findings.Where(finding => FailThreshold.Default.IsFailure(finding.Severity)).ToList();
        failing.ShouldBeEmpty(string.Join("\n", failing.Select(finding => $"{finding.Span} {finding.Rule.Id} {finding.Message}")));
    }

    [Fact]
    public async Task The_s4_reproduction_shows_every_planted_problem()
    {
        var directory = Path.Combine(RepoPaths.Examples, "platform-s4-bad");
        var result = await ComposeAnalyzer.CheckDirectoryAsync(directory, name => name == "LOG_LEVEL" ? null : Environment.GetEnvironmentVariable(name));
        var found = result.Findings
            .Select(finding => $"{finding.Rule.Id}@{Path.GetFileName(finding.Span.File)}:{finding.Span.Line}")
            .ToHashSet(StringComparer.Ordinal);
        foreach (var problem in S4Planted)
        {
            found.ShouldContain(problem, $"missing {problem}; found:\n{string.Join("\n", found.Order(StringComparer.Ordinal))}");
        }
        result.Findings.Count(finding => finding.Severity == Severity.Error).ShouldBeGreaterThanOrEqualTo(10);
        result.Builds.ShouldHaveSingleItem().Args.Keys.ShouldContain("PIP_INDEX_TOKEN");
    }
}

/// <summary>The entry point <c>drydock check</c> wires Compose through.</summary>
public sealed class ComposeAnalyzerTests
{
    [Fact]
    public async Task A_loaded_project_is_checked_with_the_callers_dockerfile_reader_and_lists_its_builds()
    {
        using var project = new ComposeTestProject("services:\n  api:\n    build:\n      context: ./api\n      target: runtime\n      args:\n        VERSION: \"2\"\n    image: example/api:2\n");
        project.Write("api/Dockerfile", "FROM scratch\n");
        var load = ComposeProjectLoader.Load(new ComposeLoadOptions { WorkingDirectory = project.Directory, Environment = new Dictionary<string, string>() });
        var asked = new List<(string Path, string? Target, IReadOnlyDictionary<string, string> Args)>();
        var result = await ComposeAnalyzer.CheckAsync(load, dockerfileReader: (path, target, args) =>
        {
            asked.Add((path, target, args));
            return new DockerfileFacts(path, true) { User = "app", HasHealthcheck = true };
        });
        var (askedPath, askedTarget, askedArgs) = asked.ShouldHaveSingleItem();
        askedPath.ShouldBe(project.PathOf("api/Dockerfile"));
        askedTarget.ShouldBe("runtime");
        askedArgs["VERSION"].ShouldBe("2");
        result.Findings.ShouldNotContain(finding => finding.Rule.Id == "DC015" || finding.Rule.Id == "DC020");
        var build = result.Builds.ShouldHaveSingleItem();
        (build.Service, build.Context, build.DockerfilePath, build.Target).ShouldBe(("api", project.PathOf("api"), project.PathOf("api/Dockerfile"), "runtime"));
        result.Files.ShouldContain(project.PathOf("compose.yaml"));
    }

    [Fact]
    public async Task An_unreadable_project_is_one_finding_per_problem()
    {
        using var project = new ComposeTestProject("services:\n  api:\n    image: [oops\n");
        var result = await ComposeAnalyzer.CheckDirectoryAsync(project.Directory);
        var finding = result.Findings.ShouldHaveSingleItem();
        finding.Rule.Id.ShouldBe("DC001");
        finding.Span.Line.ShouldBe(4);
        result.Files.ShouldBe([project.PathOf("compose.yaml")]);
    }

    [Fact]
    public void Projects_are_found_below_a_directory_without_entering_dependency_folders()
    {
        using var scratch = new ScratchDirectory();
        scratch.Write("a/compose.yaml", "services: {}\n");
        scratch.Write("b/c/docker-compose.yml", "services: {}\n");
        scratch.Write("node_modules/x/compose.yaml", "services: {}\n");
        scratch.Write(".git/compose.yaml", "services: {}\n");
        ComposeAnalyzer.FindProjects(scratch.Path).Select(path => Path.GetRelativePath(scratch.Path, path)).ShouldBe(["a", Path.Combine("b", "c")]);
    }
}
