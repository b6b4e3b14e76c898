namespace Drydock.Images.Analysis;

/// <summary>What makes an environment variable or a file look like it holds a secret.</summary>
public static class SecretDetection
{
    private static readonly string[] SecretWords =
    [
        "PASSWORD", "PASSWD", "SECRET", "TOKEN", "APIKEY", "API_KEY", "ACCESS_KEY", "PRIVATE_KEY", "CREDENTIAL", "AUTH_KEY", "CLIENT_KEY",
    ];

    /// <summary>Suffixes that make the value a pointer to a secret (Docker secrets convention), not the secret.</summary>
    private static readonly string[] ReferenceSuffixes = ["_FILE", "_PATH", "_DIR", "_FILENAME", "_LOCATION"];

    /// <summary>Value prefixes of well-known credentials, whatever the variable is called.</summary>
    private static readonly string[] SecretValuePrefixes =
    [
        "AKIA", "ASIA", "ghp_", "gho_", "ghs_", "github_pat_", "glpat-", "xoxb-", "xoxp-", "sk_live_", "rk_live_", "-----BEGIN",
    ];

    public static bool IsSecretName(string name)
    {
        var upper = name.ToUpperInvariant();
        if (ReferenceSuffixes.Any(suffix => upper.EndsWith(suffix, StringComparison.Ordinal)))
        {
            return false;
        }
        return SecretWords.Any(word => upper.Contains(word, StringComparison.Ordinal));
    }

    public static bool IsSecretValue(string value) =>
        SecretValuePrefixes.Any(prefix => value.StartsWith(prefix, StringComparison.Ordinal) && value.Length >= prefix.Length + 12);

    /// <summary>Whether the variable holds a secret: a secret-looking name with a value, or a credential-shaped value.</summary>
    public static bool IsSecret(string name, string value) =>
        value.Length > 0 && (IsSecretName(name) || IsSecretValue(value));

    /// <summary>The value as reports show it: secrets are replaced by a mask that only tells their length.</summary>
    public static string Redact(string name, string value) =>
        IsSecret(name, value) ? $"<redacted, {value.Length} characters>" : value;

    /// <summary>Replaces each secret value in <paramref name="text"/> (an image history step that set it) by its mask.</summary>
    public static string? RedactValues(string? text, IEnumerable<(string Name, string Value)> secrets)
    {
        if (text is null)
        {
            return null;
        }
        foreach (var (name, value) in secrets)
        {
            text = text.Replace(value, Redact(name, value), StringComparison.Ordinal);
        }
        return text;
    }

    /// <summary>Files that usually hold credentials, by path (private keys are found by content instead).</summary>
    public static string? CredentialFileKind(string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        if (name == ".env" || (name.StartsWith(".env.", StringComparison.Ordinal) && !IsTemplate(name)))
        {
            return "a .env file";
        }
        if (name is ".git-credentials")
        {
            return "a Git credential store";
        }
        if (name is ".netrc" or "_netrc")
        {
            return "a .netrc with login passwords";
        }
        if (name is ".pgpass")
        {
            return "a PostgreSQL password file";
        }
        if (path.EndsWith("/.aws/credentials", StringComparison.Ordinal))
        {
            return "AWS credentials";
        }
        if (path.EndsWith("/.docker/config.json", StringComparison.Ordinal))
        {
            return "Docker registry credentials";
        }
        if (path.EndsWith("/.kube/config", StringComparison.Ordinal))
        {
            return "a Kubernetes config";
        }
        return null;
    }

    private static bool IsTemplate(string name) =>
        name.EndsWith(".example", StringComparison.Ordinal) || name.EndsWith(".sample", StringComparison.Ordinal)
        || name.EndsWith(".template", StringComparison.Ordinal) || name.EndsWith(".dist", StringComparison.Ordinal)
        || name.EndsWith(".defaults", StringComparison.Ordinal);
}
