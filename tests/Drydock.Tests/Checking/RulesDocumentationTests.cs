using Drydock.Catalog;
using Drydock.Checking;
using Drydock.Findings;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Checking;

public sealed class RulesDocumentationTests
{
    [Fact]
    public void Docs_rules_md_is_generated_from_the_current_catalogue()
    {
        var committed = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "rules.md")).ReplaceLineEndings("\n");
        var generated = RuleDocumentation.Markdown(RuleCatalog.All);
        committed.ShouldBe(generated, "docs/rules.md is stale: run scripts/generate-rules-doc.sh and commit the result.");
    }

    [Fact]
    public void Every_rule_has_the_anchor_its_help_uri_points_to()
    {
        var markdown = RuleDocumentation.Markdown(RuleCatalog.All);
        foreach (var rule in RuleCatalog.All)
        {
            rule.HelpUri.Fragment.ShouldBe("#" + rule.Id.ToLowerInvariant());
            markdown.ShouldContain($"<a id=\"{rule.Id.ToLowerInvariant()}\"></a>");
        }
    }
}
