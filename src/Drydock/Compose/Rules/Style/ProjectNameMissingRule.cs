using Drydock.Compose.Model;
using Drydock.Findings;
using Drydock.Yaml;

namespace Drydock.Compose.Rules.Style;

/// <summary>DC046: no top-level <c>name:</c> in the main file.</summary>
public sealed class ProjectNameMissingRule() : StyleRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC046",
        "Project name not set",
        RuleCategories.Style,
        Severity.Info,
        "the project has no 'name:'; it is named after its directory ('{0}')",
        "Without 'name:' the project (and its containers, networks and volumes) is named after the directory, which changes with every checkout location. Set 'name:' at the top of the file.")
    {
        Aliases = ["dclint:require-project-name-field"],
        EnabledByDefault = false,
    };

    protected override IEnumerable<Finding> Check(YamlMapping root, ComposeSourceDocument document)
    {
        if (document.Role == ComposeFileRole.Main && root.Find("name") is null)
        {
            yield return Report(root.Entries.Count > 0 ? root.Entries[0].Key.Span : root.Span, System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(document.Path)));
        }
    }
}
