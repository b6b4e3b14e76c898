namespace Drydock.Findings.Suppressions;

/// <summary>
/// The suppression comment every file type shares: <c>drydock [global] ignore=LIST [-- reason]</c> (and hadolint's
/// spelling, <c>hadolint [global] ignore=LIST</c>), given the comment's text after <c>#</c>. Tokens are rule ids or
/// aliases as <see cref="RuleSelector"/> reads them.
/// </summary>
public static class PragmaComment
{
    public static bool TryParse(string comment, out bool global, out IReadOnlyList<string> tokens)
    {
        global = false;
        tokens = [];
        var text = comment.Trim();
        string rest;
        if (text.StartsWith("drydock", StringComparison.Ordinal))
        {
            rest = text["drydock".Length..];
        }
        else if (text.StartsWith("hadolint", StringComparison.Ordinal))
        {
            rest = text["hadolint".Length..];
        }
        else
        {
            return false;
        }
        if (rest.Length == 0 || !char.IsWhiteSpace(rest[0]))
        {
            return false;
        }
        rest = rest.TrimStart();
        if (rest.StartsWith("global", StringComparison.Ordinal) && rest.Length > 6 && char.IsWhiteSpace(rest[6]))
        {
            global = true;
            rest = rest[6..].TrimStart();
        }
        if (!rest.StartsWith("ignore", StringComparison.Ordinal))
        {
            return false;
        }
        rest = rest["ignore".Length..].TrimStart();
        if (!rest.StartsWith('='))
        {
            return false;
        }
        rest = rest[1..];
        var reason = rest.IndexOf("--", StringComparison.Ordinal);
        if (reason >= 0)
        {
            rest = rest[..reason];
        }
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            rest = rest[..hash];
        }
        tokens = RuleSelector.Split(rest);
        return tokens.Count > 0;
    }
}
