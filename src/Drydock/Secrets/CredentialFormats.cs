using System.Text.RegularExpressions;

namespace Drydock.Secrets;

/// <summary>
/// Access tokens recognized by their format alone (cloud and SaaS services), whatever the setting is called:
/// one table for every family, so a GitHub token is a secret in a Dockerfile and in a Compose file alike.
/// </summary>
public static partial class CredentialFormats
{
    // Each pattern with a literal every match contains: a cheap test before the regular expression.
    private static readonly (string Description, string[] Markers, Regex Pattern)[] Tokens =
    [
        ("what looks like an AWS access key id", ["AKIA", "ASIA", "ABIA", "ACCA"], AwsKey()),
        ("what looks like a GitHub token", ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"], GithubToken()),
        ("what looks like a GitLab token", ["glpat-"], GitlabToken()),
        ("what looks like a Slack token", ["xox"], SlackToken()),
        ("what looks like a Stripe secret key", ["k_live_"], StripeKey()),
        ("what looks like a Google API key", ["AIza"], GoogleKey()),
        ("what looks like an npm token", ["npm_"], NpmToken()),
    ];

    /// <summary>What kind of access token <paramref name="value"/> holds ("what looks like a GitHub token"), or null.</summary>
    public static string? Token(string value)
    {
        foreach (var (description, markers, pattern) in Tokens)
        {
            if (markers.Any(marker => value.Contains(marker, StringComparison.Ordinal)) && pattern.IsMatch(value))
            {
                return description;
            }
        }
        return null;
    }

    [GeneratedRegex(@"\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b", RegexOptions.CultureInvariant)]
    private static partial Regex AwsKey();

    [GeneratedRegex(@"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})", RegexOptions.CultureInvariant)]
    private static partial Regex GithubToken();

    [GeneratedRegex(@"\bglpat-[A-Za-z0-9_-]{20,}", RegexOptions.CultureInvariant)]
    private static partial Regex GitlabToken();

    [GeneratedRegex(@"\bxox[baprs]-[A-Za-z0-9-]{10,}", RegexOptions.CultureInvariant)]
    private static partial Regex SlackToken();

    [GeneratedRegex(@"\b[sr]k_live_[A-Za-z0-9]{16,}", RegexOptions.CultureInvariant)]
    private static partial Regex StripeKey();

    [GeneratedRegex(@"\bAIza[0-9A-Za-z_-]{35}\b", RegexOptions.CultureInvariant)]
    private static partial Regex GoogleKey();

    [GeneratedRegex(@"\bnpm_[A-Za-z0-9]{36}\b", RegexOptions.CultureInvariant)]
    private static partial Regex NpmToken();
}
