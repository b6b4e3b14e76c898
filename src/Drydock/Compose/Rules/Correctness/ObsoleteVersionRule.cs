using Drydock.Findings;

namespace Drydock.Compose.Rules.Correctness;

/// <summary>DC036: the obsolete top-level <c>version:</c>.</summary>
public sealed class ObsoleteVersionRule() : ComposeRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC036",
        "Obsolete version key",
        RuleCategories.Correctness,
        Severity.Warning,
        "'version: {0}' is obsolete and ignored; it no longer selects a file format",
        "Compose implements the Compose Specification whatever 'version' says, and warns about the key. Remove it; use 'name:' to name the project.")
    {
        Aliases = ["dclint:no-version-field"],
    };

    public override IEnumerable<Finding> Check(ComposeAnalysis model) =>
        model.Project.ObsoleteVersions.Select(version => Report(version.Span, version.Value).WithFix("delete the 'version:' line"));
}
