using Drydock.Findings;

namespace Drydock.BuildContext.Rules;

/// <summary>
/// CX008: a malformed .dockerignore pattern. Reading the ignore file finds it, before any walk, so the rule has no
/// check of its own: <c>ContextAnalyzer</c> reports the reader's error with this descriptor.
/// </summary>
public static class InvalidPatternRule
{
    public static readonly RuleDescriptor Rule = new(
        "CX008", "Invalid .dockerignore pattern", RuleCategories.Syntax, Severity.Error,
        "{0}",
        "Docker refuses the whole build when a pattern is malformed. Escape a literal '[', ']', '-' or '\\' with '\\', "
        + "close every '[' with ']', and write a path after each '!'.");
}
