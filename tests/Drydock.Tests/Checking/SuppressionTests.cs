using Drydock.Catalog;
using Drydock.Dockerfiles.Rules;
using Drydock.Dockerfiles.Stages;
using Drydock.Findings;

namespace Drydock.Tests.Checking;

/// <summary>Fine-grained suppressions: per instruction, per file, and the pragmas of hadolint and BuildKit through aliases.</summary>
public sealed class SuppressionTests
{
    private static List<string> Remaining(string dockerfile)
    {
        var document = DockerfileDocument.Parse(dockerfile, "/w/Dockerfile");
        var findings = DockerfileRules.Run(new DockerfileAnalysis(document));
        return DockerfileRules.Suppress(document, findings).Select(f => $"{f.Rule.Id}@{f.Span.Line}").ToList();
    }

    [Fact]
    public void Drydock_ignore_applies_to_the_next_instruction_only()
    {
        var remaining = Remaining("FROM alpine:3.20\n# drydock ignore=DF056 -- the base image needs it\nRUN sudo true\nRUN sudo false\nUSER 1\n");
        remaining.ShouldNotContain("DF056@3");
        remaining.ShouldContain("DF056@4");
    }

    [Fact]
    public void Drydock_ignore_covers_every_line_of_a_multi_line_instruction()
    {
        var remaining = Remaining("FROM debian:12\n# drydock ignore=DF062,DF061\nRUN apt-get update \\\n && apt-get install -y \\\n    curl \\\n && rm -rf /var/lib/apt/lists/*\nUSER 1\n");
        remaining.ShouldNotContain(r => r.StartsWith("DF062", StringComparison.Ordinal) || r.StartsWith("DF061", StringComparison.Ordinal));
    }

    [Fact]
    public void Global_ignore_applies_to_the_file()
    {
        var remaining = Remaining("# drydock global ignore=DF034, DF044\nFROM alpine:3.20\nRUN sudo true\n");
        remaining.ShouldNotContain(r => r.StartsWith("DF034", StringComparison.Ordinal) || r.StartsWith("DF044", StringComparison.Ordinal));
        remaining.ShouldContain("DF056@3");
    }

    [Fact]
    public void Hadolint_pragmas_are_honoured_through_aliases()
    {
        var remaining = Remaining("FROM debian:12\n# hadolint ignore=DL3008,DL3015\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\nUSER 1\n");
        remaining.ShouldNotContain("DF062@3");
        remaining.ShouldNotContain("DF061@3");
        remaining.ShouldContain("DF062@4");
        Remaining("# hadolint global ignore=DL3006\nFROM alpine\nUSER 1\n").ShouldNotContain("DF014@2");
    }

    [Fact]
    public void BuildKit_check_directive_skips_rules_by_check_name()
    {
        var dockerfile = "# check=skip=JSONArgsRecommended,StageNameCasing\nFROM alpine:3.20 AS Build\nCMD echo hi\nUSER 1\n";
        var remaining = Remaining(dockerfile);
        remaining.ShouldNotContain("DF040@3");
        remaining.ShouldNotContain("DF011@2");
        var all = Remaining("# check=skip=all\nFROM alpine:3.20 AS Build\nCMD echo hi\nRUN sudo true\n");
        all.ShouldNotContain("DF040@3");
        // skip=all covers BuildKit's checks only; sudo has no BuildKit equivalent.
        all.ShouldContain("DF056@4");
    }

    [Fact]
    public void BuildKit_check_comment_above_an_instruction_skips_for_that_instruction()
    {
        var remaining = Remaining("FROM alpine:3.20\n# check=skip=JSONArgsRecommended\nCMD echo one\nFROM alpine:3.20\nENTRYPOINT echo two\n");
        remaining.ShouldNotContain("DF040@3");
        remaining.ShouldContain("DF040@5");
    }

    [Fact]
    public void Syntax_errors_cannot_be_suppressed()
    {
        Remaining("# drydock global ignore=all\nFROM alpine:3.20\nENV BROKEN\n").ShouldBe(["DF001@3"]);
    }

    [Fact]
    public void Pragma_grammar()
    {
        DockerfilePragmas.TryParse(" drydock ignore=DF012,DF031 -- reason with, commas", out var global, out var tokens).ShouldBeTrue();
        global.ShouldBeFalse();
        tokens.ShouldBe(["DF012", "DF031"]);
        DockerfilePragmas.TryParse("hadolint global ignore=DL3008 # note", out global, out tokens).ShouldBeTrue();
        global.ShouldBeTrue();
        tokens.ShouldBe(["DL3008"]);
        DockerfilePragmas.TryParse("drydockignore=DF012", out _, out _).ShouldBeFalse();
        DockerfilePragmas.TryParse("drydock ignore", out _, out _).ShouldBeFalse();
        DockerfilePragmas.TryParse("just a comment about drydock", out _, out _).ShouldBeFalse();
    }

    [Fact]
    public void Selectors_match_ids_aliases_and_legacy_trivy_ids()
    {
        var rule = RuleCatalog.Find("DF036")!;
        var finding = Finding.Create(rule, Drydock.Text.SourceSpan.At("f", 1, 1), "ARG", "X", "y");
        foreach (var token in new[] { "DF036", "df036", "DL3064", "SecretsUsedInArgOrEnv", "DS-0031", "DS031", "all" })
        {
            Drydock.Findings.Suppressions.RuleSelector.Matches(token, finding).ShouldBeTrue(token);
        }
        Drydock.Findings.Suppressions.RuleSelector.Matches("DF037", finding).ShouldBeFalse();
        Drydock.Findings.Suppressions.RuleSelector.Matches("SC2086", finding).ShouldBeFalse();
    }
}
