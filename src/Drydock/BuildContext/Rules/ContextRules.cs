using Drydock.Findings;

namespace Drydock.BuildContext.Rules;

/// <summary>The build-context rules (CX): the checks the analyzer runs, and their descriptors for the catalogue.</summary>
public static class ContextRules
{
    /// <summary>Every CX descriptor, for <c>Catalog.RuleCatalog</c>.</summary>
    public static IReadOnlyList<RuleDescriptor> Descriptors { get; } =
    [
        ContextSizeRule.Rule, SecretSentRule.Rule, VcsDirectorySentRule.Rule, DependencyOrOutputSentRule.Rule, NoIgnoreFileRule.Rule, CopySourceExcludedRule.Rule, UnreadableEntryRule.Rule, InvalidPatternRule.Rule,
    ];

    /// <summary>The checks over a walked context (CX008 comes from reading the ignore file, before any walk).</summary>
    public static IReadOnlyList<IRule<ContextModel>> All { get; } =
    [
        new ContextSizeRule(),
        new SecretSentRule(),
        new VcsDirectorySentRule(),
        new DependencyOrOutputSentRule(),
        new NoIgnoreFileRule(),
        new CopySourceExcludedRule(),
        new UnreadableEntryRule(),
    ];
}
