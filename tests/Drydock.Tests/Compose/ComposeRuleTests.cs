using Drydock.Catalog;
using Drydock.Compose.Rules;
using Drydock.Findings;
using Drydock.Processes;

namespace Drydock.Tests.Compose;

/// <summary>Every DC rule fires on its positive cases at the expected lines, and stays quiet on its negative ones.</summary>
public sealed class ComposeRuleTests
{
    private static readonly IReadOnlyList<ComposeRuleCase> Cases = ComposeRuleCases.All().ToList();

    public static TheoryData<string> CaseNames
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var ruleCase in Cases)
            {
                data.Add(ruleCase.ToString());
            }
            return data;
        }
    }

    [Fact]
    public void Every_rule_has_a_positive_and_a_negative_case()
    {
        foreach (var rule in ComposeRules.All)
        {
            var cases = Cases.Where(ruleCase => ruleCase.Rule == rule.Descriptor.Id).ToList();
            cases.ShouldContain(ruleCase => ruleCase.Lines.Length > 0, $"{rule.Descriptor.Id} has no case where it fires");
            cases.ShouldContain(ruleCase => ruleCase.Lines.Length == 0, $"{rule.Descriptor.Id} has no case where it stays quiet");
        }
        ComposeRules.All.Count.ShouldBeGreaterThanOrEqualTo(30);
    }

    [Fact]
    public void Descriptors_are_complete_and_registered()
    {
        foreach (var descriptor in ComposeRules.Descriptors)
        {
            descriptor.Id.ShouldStartWith("DC");
            descriptor.Title.ShouldNotBeNullOrWhiteSpace();
            descriptor.Help.ShouldNotBeNullOrWhiteSpace();
            descriptor.Help.ShouldNotContain("{1}");
            descriptor.MessageFormat.ShouldNotBeNullOrWhiteSpace();
            RuleCatalog.Find(descriptor.Id).ShouldBe(descriptor);
            if (descriptor.Category == RuleCategories.Style)
            {
                descriptor.EnabledByDefault.ShouldBeFalse();
                descriptor.DefaultSeverity.ShouldBe(Severity.Info);
            }
        }
        RuleCatalog.Find("CL-0001")!.Id.ShouldBe("DC006");
        RuleCatalog.Find("dclint:no-version-field")!.Id.ShouldBe("DC036");
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Rule_case(string name)
    {
        var ruleCase = Cases.Single(candidate => candidate.ToString() == name);
        using var project = new ComposeTestProject(ruleCase.Compose);
        foreach (var (path, content) in ruleCase.Files)
        {
            project.Write(path, content);
        }
        if (ruleCase.GitRepository)
        {
            (await ProcessRunner.RunAsync("git", ["init", "-q", project.Directory])).Succeeded.ShouldBeTrue();
            (await ProcessRunner.RunAsync("git", ["-C", project.Directory, "add", "-A"])).Succeeded.ShouldBeTrue();
        }
        var findings = await Check(project, ruleCase.Environment, ruleCase.Target);
        var fired = findings.Where(finding => finding.Rule.Id == ruleCase.Rule).ToList();
        var actual = fired.Select(finding => Path.GetFileName(finding.Span.File) == "compose.yaml"
            ? finding.Span.Line.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : $"{Path.GetFileName(finding.Span.File)}:{finding.Span.Line}").ToList();
        actual.ShouldBe(ruleCase.Lines, ignoreOrder: true, string.Join("\n", findings.Select(finding => $"{finding.Span} {finding.Rule.Id} {finding.Message}")));
        foreach (var finding in fired)
        {
            finding.Message.ShouldNotContain("{0}");
            finding.Span.HasPosition.ShouldBeTrue();
            if (ruleCase.Severity is { } severity)
            {
                finding.Severity.ShouldBe(severity, finding.Message);
            }
        }
    }

    [Fact]
    public async Task Suppression_comments_silence_a_rule_on_the_next_line_or_the_whole_file()
    {
        using var project = new ComposeTestProject(ComposeRuleCases.App("# drydock ignore=DC002 -- needed for the GPU driver\nprivileged: true\nnetwork_mode: host  # drydock ignore=CL-0008"));
        var findings = await Check(project);
        findings.ShouldNotContain(finding => finding.Rule.Id == "DC002");
        findings.ShouldNotContain(finding => finding.Rule.Id == "DC008");

        using var global = new ComposeTestProject("# drydock global ignore=DC004,DC005\nservices:\n  app:\n    image: a:1\n");
        var globalFindings = await Check(global);
        globalFindings.ShouldNotContain(finding => finding.Rule.Id == "DC004" || finding.Rule.Id == "DC005");
        globalFindings.ShouldContain(finding => finding.Rule.Id == "DC023");
    }

    [Fact]
    public async Task Options_enable_disable_and_override_severity()
    {
        using var project = new ComposeTestProject("services:\n  app:\n    image: a:1\n");
        var load = project.Load();
        var analysis = new ComposeAnalysis(load.Project!, await ComposeFactsCollector.CollectAsync(load.Project!));
        var findings = ComposeChecker.Run(analysis, new ComposeCheckOptions
        {
            Enable = ["dclint:require-project-name-field"],
            Disable = ["DC004", "CL-0003"],
            Severities = new Dictionary<string, Severity> { ["DC023"] = Severity.Error },
        });
        findings.ShouldContain(finding => finding.Rule.Id == "DC046");
        findings.ShouldNotContain(finding => finding.Rule.Id == "DC004" || finding.Rule.Id == "DC005");
        findings.Single(finding => finding.Rule.Id == "DC023").Severity.ShouldBe(Severity.Error);
    }

    [Fact]
    public async Task Findings_point_at_the_override_file_and_the_extends_base()
    {
        using var project = new ComposeTestProject(ComposeRuleCases.App("extends: {file: base.yaml, service: base}"));
        project.Write("base.yaml", "services:\n  base:\n    privileged: true\n");
        project.Write("compose.override.yaml", "services:\n  app:\n    image: example/app:latest\n    pull_policy: always\n");
        var findings = await Check(project);
        findings.Single(finding => finding.Rule.Id == "DC002").Span.ToString().ShouldBe($"{project.PathOf("base.yaml")}:3:17");
        findings.Single(finding => finding.Rule.Id == "DC026").Span.ToString().ShouldBe($"{project.PathOf("compose.override.yaml")}:3:12");
    }

    internal static async Task<IReadOnlyList<Finding>> Check(ComposeTestProject project, IReadOnlyDictionary<string, string>? environment = null, ComposeTarget target = ComposeTarget.Any)
    {
        var load = project.Load(environment);
        load.Project.ShouldNotBeNull(string.Join("\n", load.Problems));
        var facts = await ComposeFactsCollector.CollectAsync(load.Project);
        var analysis = new ComposeAnalysis(load.Project, facts) { Problems = load.Problems };
        return ComposeChecker.Run(analysis, new ComposeCheckOptions
        {
            Enable = ComposeRules.Descriptors.Where(descriptor => !descriptor.EnabledByDefault).Select(descriptor => descriptor.Id).ToList(),
            Target = target,
        });
    }
}
