using Drydock.Catalog;
using Drydock.Dockerfiles.Rules;
using Drydock.Dockerfiles.Rules.Shellcheck;
using Drydock.Dockerfiles.Stages;
using Drydock.Findings;

namespace Drydock.Tests.Dockerfiles;

public sealed class DockerfileRuleTests
{
    private static readonly string[] Categories = [RuleCategories.Syntax, RuleCategories.Security, RuleCategories.Reliability, RuleCategories.Correctness, RuleCategories.Maintainability, RuleCategories.Performance, RuleCategories.Style];

    /// <summary>Case names (serializable, so each case is its own test); the number keeps them unique.</summary>
    public static TheoryData<string> Cases() => new(RuleCases.All.Select((c, i) => $"{i:000} {c.Name}"));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rule_case_holds(string name)
    {
        var @case = RuleCases.All[int.Parse(name[..3], System.Globalization.CultureInfo.InvariantCulture)];
        var findings = Run(@case).Where(finding => finding.Rule.Id == @case.Rule).ToList();
        if (!@case.Fires)
        {
            findings.ShouldBeEmpty($"{@case.Rule} should stay silent on:\n{@case.Dockerfile}");
            return;
        }
        findings.ShouldNotBeEmpty($"{@case.Rule} should fire on:\n{@case.Dockerfile}");
        if (@case.Line is { } line)
        {
            findings.Select(f => f.Span.Line).ShouldContain(line, $"{@case.Rule} fired at {string.Join(", ", findings.Select(f => f.Span))}");
        }
        if (@case.Contains is { } text)
        {
            findings.Select(f => f.Message).ShouldContain(message => message.Contains(text, StringComparison.Ordinal), $"messages: {string.Join(" | ", findings.Select(f => f.Message))}");
        }
    }

    [Fact]
    public void Every_rule_has_its_own_positive_and_negative_cases()
    {
        foreach (var rule in DockerfileRules.All)
        {
            RuleCases.All.ShouldContain(c => c.Rule == rule.Descriptor.Id && c.Fires, $"{rule.Descriptor.Id} has no positive case");
            RuleCases.All.ShouldContain(c => c.Rule == rule.Descriptor.Id && !c.Fires, $"{rule.Descriptor.Id} has no negative case");
        }
    }

    [Fact]
    public void The_catalogue_has_at_least_45_well_formed_rules()
    {
        var descriptors = DockerfileRules.Descriptors;
        descriptors.Count.ShouldBeGreaterThanOrEqualTo(45);
        descriptors.Select(d => d.Id).ShouldBeUnique();
        foreach (var descriptor in descriptors)
        {
            descriptor.Id.ShouldStartWith("DF");
            descriptor.Title.ShouldNotBeNullOrWhiteSpace();
            descriptor.Help.Length.ShouldBeGreaterThan(40, descriptor.Id);
            descriptor.MessageFormat.ShouldContain("{0}", Case.Sensitive, $"{descriptor.Id}'s message must name the offending value");
            Categories.ShouldContain(descriptor.Category);
        }
        RuleCatalog.All.Where(r => r.Id.StartsWith("DF", StringComparison.Ordinal)).Count().ShouldBe(descriptors.Count);
        ShellcheckRule.Descriptor.Id.ShouldBe("DF079");
    }

    [Fact]
    public void Aliases_name_the_equivalent_rules_of_other_tools()
    {
        RuleCatalog.Find("DL3006")!.Id.ShouldBe("DF014");
        RuleCatalog.Find("SecretsUsedInArgOrEnv")!.Id.ShouldBe("DF036");
        RuleCatalog.Find("DL3064")!.Id.ShouldBe("DF036");
        RuleCatalog.Find("DS-0031")!.Id.ShouldBe("DF036");
        RuleCatalog.Find("JSONArgsRecommended")!.Id.ShouldBe("DF040");
        var aliases = DockerfileRules.Descriptors.SelectMany(d => d.Aliases).ToList();
        aliases.Count(a => a.StartsWith("DL", StringComparison.Ordinal)).ShouldBeGreaterThan(40);
        aliases.Count(a => a.StartsWith("DS-", StringComparison.Ordinal)).ShouldBeGreaterThan(20);
        aliases.Count(a => char.IsAsciiLetterUpper(a[0]) && a.Skip(1).Any(char.IsAsciiLetterLower)).ShouldBeGreaterThan(15);
    }

    [Fact]
    public void One_bad_line_does_not_stop_the_rest_of_the_file_from_being_checked()
    {
        var findings = Run(new RuleCase("DF001", true, "FROM alpine\nENV BROKEN\nCOPY [\"a\", 1, \"/b\"]\nRUN sudo true\nFROM alpine:latest\n"));
        findings.Count(f => f.Rule.Id == "DF001").ShouldBe(2);
        findings.ShouldContain(f => f.Rule.Id == "DF014" && f.Span.Line == 1);
        findings.ShouldContain(f => f.Rule.Id == "DF056" && f.Span.Line == 4);
        findings.ShouldContain(f => f.Rule.Id == "DF015" && f.Span.Line == 5);
    }

    [Fact]
    public void Findings_point_at_the_offending_value_across_continuation_lines()
    {
        var findings = Run(new RuleCase("DF062", true, "FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends \\\n      curl\n"));
        var unpinned = findings.Single(f => f.Rule.Id == "DF062");
        unpinned.Span.Line.ShouldBe(4);
        unpinned.Span.Column.ShouldBe(7);
        unpinned.Span.EndColumn.ShouldBe(11);
    }

    internal static IReadOnlyList<Finding> Run(RuleCase @case)
    {
        var document = DockerfileDocument.Parse(@case.Dockerfile, "/work/Dockerfile");
        var analysis = new DockerfileAnalysis(document, new DockerfileRuleOptions
        {
            BuildArgs = @case.BuildArgs,
            TrustedRegistries = @case.TrustedRegistries,
            Target = @case.Target,
        });
        return DockerfileRules.Run(analysis);
    }
}
