using Drydock.Compose.Rules;
using Drydock.Findings;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Compose;

/// <summary>The examples: the good ones check clean; platform-s4-bad shows every problem S4 shipped with.</summary>
public sealed class ComposeExamplesTests
{
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
        string[] planted =
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
        foreach (var problem in planted)
        {
            found.ShouldContain(problem, $"missing {problem}; found:\n{string.Join("\n", found.Order(StringComparer.Ordinal))}");
        }
        result.Findings.Count(finding => finding.Severity == Severity.Error).ShouldBeGreaterThanOrEqualTo(10);
        result.Builds.ShouldHaveSingleItem().Args.Keys.ShouldContain("PIP_INDEX_TOKEN");
    }
}
