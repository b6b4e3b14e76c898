using Drydock.Findings;

namespace Drydock.Findings.Suppressions;

/// <summary>
/// Which findings a rule token in a pragma or in configuration means: a Drydock id (DF012), any alias (DL3008,
/// SecretsUsedInArgOrEnv, DS-0031, also the legacy DS031 spelling), a ShellCheck code (SC2086) for the ShellCheck
/// rule's findings, or <c>all</c>.
/// </summary>
public static class RuleSelector
{
    /// <summary>The ShellCheck rule's findings start their message with "ShellCheck SCnnnn:"; that code is what SC tokens match.</summary>
    public const string ShellcheckPrefix = "ShellCheck SC";

    public static bool Matches(string token, Finding finding)
    {
        token = token.Trim();
        if (token.Length == 0)
        {
            return false;
        }
        if (token.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (token.StartsWith("SC", StringComparison.OrdinalIgnoreCase) && token.Length > 2 && token[2..].All(char.IsAsciiDigit))
        {
            return finding.Message.StartsWith(ShellcheckPrefix + token[2..] + ":", StringComparison.Ordinal);
        }
        return MatchesRule(token, finding.Rule);
    }

    /// <summary>The rule's id or aliases, or those of the group it reports in (DC048 selects DC004, DC005, DC023…).</summary>
    public static bool MatchesRule(string token, RuleDescriptor rule) =>
        MatchesOwn(token, rule) || rule.Group is { } group && MatchesOwn(token, group);

    private static bool MatchesOwn(string token, RuleDescriptor rule)
    {
        if (string.Equals(rule.Id, token, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        foreach (var alias in rule.Aliases)
        {
            if (string.Equals(alias, token, StringComparison.OrdinalIgnoreCase) || string.Equals(Legacy(alias), token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Trivy's older ids: DS-0031 is also written DS031 and AVD-DS-0031.</summary>
    private static string Legacy(string alias) =>
        alias.StartsWith("DS-", StringComparison.Ordinal) && alias.Length == 7 ? "DS" + alias[4..] : alias;

    /// <summary>Tokens of a list such as <c>DF012, DL3008 SC2086</c>.</summary>
    public static IReadOnlyList<string> Split(string list) =>
        list.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
