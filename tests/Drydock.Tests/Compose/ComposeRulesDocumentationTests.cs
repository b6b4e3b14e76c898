using System.Text;
using Drydock.Compose.Rules;
using Drydock.Findings;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Compose;

/// <summary>
/// docs/rules.md documents every DC rule under an anchor its help URI points to. The section is generated from the
/// descriptors; run the tests with DRYDOCK_UPDATE_DOCS=1 to rewrite it after changing a rule.
/// </summary>
public sealed class ComposeRulesDocumentationTests
{
    private const string Begin = "<!-- compose-rules:begin (generated from the DC descriptors; DRYDOCK_UPDATE_DOCS=1 dotnet test rewrites it) -->";
    private const string End = "<!-- compose-rules:end -->";

    [Fact]
    public void Rules_md_documents_every_compose_rule()
    {
        var path = Path.Combine(RepoPaths.Root, "docs", "rules.md");
        var text = File.Exists(path) ? File.ReadAllText(path) : "# Rules\n\nEvery rule Drydock knows, by id. Each finding's help link points here.\n";
        var generated = Generate();
        var start = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        var current = start >= 0 && end > start ? text[start..(end + End.Length)] : null;
        if (Environment.GetEnvironmentVariable("DRYDOCK_UPDATE_DOCS") == "1" && current != generated)
        {
            text = current is null ? text.TrimEnd() + "\n\n" + generated + "\n" : text.Replace(current, generated, StringComparison.Ordinal);
            File.WriteAllText(path, text);
            current = generated;
        }
        current.ShouldBe(generated, "docs/rules.md is out of date: run DRYDOCK_UPDATE_DOCS=1 dotnet test --filter Rules_md_documents_every_compose_rule");
        foreach (var rule in ComposeRules.Descriptors)
        {
            rule.HelpUri.Fragment.ShouldBe("#" + rule.Id.ToLowerInvariant());
        }
    }

    private static string Generate()
    {
        var builder = new StringBuilder();
        builder.Append(Begin).Append('\n');
        builder.Append("## Compose rules (DC)\n\n");
        builder.Append("`drydock check` runs these on each Compose project, after merging its files, applying `extends` and `include` and substituting variables; ");
        builder.Append("every finding points at the file, line and column the value came from. Style rules are off unless enabled. ");
        builder.Append("Silence a rule with `# drydock ignore=DC011 -- reason` on the line before (or at the end of) the line it reports, or `# drydock global ignore=…` anywhere in the file; aliases work too.\n\n");
        builder.Append("| Id | Title | Category | Severity | Aliases |\n|---|---|---|---|---|\n");
        foreach (var rule in ComposeRules.Descriptors)
        {
            var severity = rule.DefaultSeverity.ToName() + (rule.EnabledByDefault ? string.Empty : " (off by default)");
            builder.Append($"| [{rule.Id}](#{rule.Id.ToLowerInvariant()}) | {rule.Title} | {rule.Category} | {severity} | {string.Join(", ", rule.Aliases)} |\n");
        }
        foreach (var rule in ComposeRules.Descriptors)
        {
            builder.Append($"\n<a id=\"{rule.Id.ToLowerInvariant()}\"></a>\n### {rule.Id}: {rule.Title}\n\n");
            builder.Append($"{rule.Category}, {rule.DefaultSeverity.ToName()}{(rule.EnabledByDefault ? string.Empty : ", off by default")}.");
            if (rule.Aliases.Count > 0)
            {
                builder.Append($" Also known as {string.Join(", ", rule.Aliases.Select(alias => $"`{alias}`"))}.");
            }
            builder.Append("\n\n").Append(rule.Help).Append('\n');
        }
        builder.Append(End);
        return builder.ToString();
    }
}
