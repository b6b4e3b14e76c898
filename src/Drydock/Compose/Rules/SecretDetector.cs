using System.Text.RegularExpressions;
using Drydock.Secrets;

namespace Drydock.Compose.Rules;

/// <summary>
/// Recognizes credentials written as literal values: by the variable's name (PASSWORD, TOKEN, SECRET, API_KEY…),
/// by the value's shape (a URL with user:password, a private key, a cloud or SaaS token format), or by the entropy of
/// a long random-looking value under a key-like name. References to variables without a default are not literals.
/// </summary>
public static partial class SecretDetector
{
    private static readonly string[] SecretWords =
    [
        "PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN", "API_KEY", "APIKEY", "PRIVATE_KEY", "ACCESS_KEY",
        "AUTH_KEY", "CREDENTIAL", "ENCRYPTION_KEY", "SIGNING_KEY", "MASTER_KEY", "CLIENT_SECRET",
    ];

    private static readonly string[] SecretSuffixes = ["_PASS", "_PWD", "_SALT", "_DSN", "_PW"];

    /// <summary>Name parts that make a secret-looking key a setting about the secret, not the secret.</summary>
    private static readonly string[] QuantityWords =
    [
        "TTL", "TIMEOUT", "EXPIRE", "EXPIRY", "VALIDITY", "LIFETIME", "ROTATION", "INTERVAL", "RETENTION", "_SECONDS",
        "_MINUTES", "_HOURS", "_DAYS", "MIN_LENGTH", "_LENGTH", "_LIMIT", "_SIZE", "POLICY", "TOKENS", "_PORT", "_HOST",
    ];

    private static readonly string[] Flags = ["yes", "no", "true", "false", "on", "off", "0", "1", "y", "n"];

    /// <summary>A variable name that says it holds a credential.</summary>
    public static bool IsSecretName(string name)
    {
        var upper = name.ToUpperInvariant().Replace('-', '_').Replace('.', '_');
        if (upper.EndsWith("_FILE", StringComparison.Ordinal) || upper.EndsWith("_PATH", StringComparison.Ordinal)
            || upper.Contains("ALLOW_EMPTY", StringComparison.Ordinal) || upper.Contains("RANDOM_", StringComparison.Ordinal))
        {
            return false;
        }
        // SECRET_ as an application's prefix (Hemmelig's SECRET_LOCAL_HOSTNAME, SECRET_FORCED_LANGUAGE) names settings;
        // SECRET_KEY, SECRET_KEY_BASE or SECRET_JWT_SECRET still name a secret.
        if (upper.StartsWith("SECRET_", StringComparison.Ordinal) && upper.Length > 7 && !upper[7..].Contains("KEY", StringComparison.Ordinal) && !IsSecretName(upper[7..]))
        {
            return false;
        }
        return SecretWords.Any(word => upper.Contains(word, StringComparison.Ordinal)) || SecretSuffixes.Any(suffix => upper.EndsWith(suffix, StringComparison.Ordinal));
    }

    /// <summary>
    /// Why <paramref name="value"/> (named <paramref name="name"/>) looks like a literal credential, or null.
    /// <paramref name="written"/> is the text as written before interpolation, when different.
    /// </summary>
    public static string? Classify(string name, string? value, string? written = null)
    {
        if (string.IsNullOrWhiteSpace(value) || IsOnlyReferences(written))
        {
            return null;
        }
        if (ValueShape(value) is { } shape)
        {
            return shape;
        }
        if (IsSecretName(name))
        {
            if (Flags.Contains(value.Trim().ToLowerInvariant()))
            {
                return null;
            }
            var upper = name.ToUpperInvariant();
            if (QuantityWords.Any(word => upper.Contains(word, StringComparison.Ordinal)) && QuantityValue().IsMatch(value.Trim()))
            {
                return null;
            }
            return "its name says it is a credential";
        }
        if (name.ToUpperInvariant() is var key && (key.EndsWith("KEY", StringComparison.Ordinal) || key.Contains("AUTH", StringComparison.Ordinal))
            && value.Length >= 20 && Entropy(value) >= 4.0 && !value.Contains(' ', StringComparison.Ordinal) && !value.Contains('/', StringComparison.Ordinal))
        {
            return "it is a long random-looking value";
        }
        return null;
    }

    /// <summary>Credentials recognized by the value alone.</summary>
    public static string? ValueShape(string value)
    {
        if (value.Contains("://", StringComparison.Ordinal) && CredentialUrl().Match(value) is { Success: true } url && !IsOnlyReferences(url.Groups["password"].Value) && url.Groups["password"].Value.Length > 0)
        {
            return "it is a URL with a password";
        }
        if (value.Contains("-----BEGIN", StringComparison.Ordinal) && value.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            return "it is a private key";
        }
        if (CredentialFormats.Token(value) is not null)
        {
            return "it has the format of an access token";
        }
        return null;
    }

    /// <summary>A value made only of <c>${VAR}</c>/<c>$VAR</c> references with no default: the file ships no literal.</summary>
    public static bool IsOnlyReferences(string? written)
    {
        if (string.IsNullOrEmpty(written) || !written.Contains('$', StringComparison.Ordinal))
        {
            return false;
        }
        var stripped = OnlyReference().Replace(written, string.Empty);
        return stripped.Trim('"', '\'').Length == 0;
    }

    /// <summary>Shannon entropy in bits per character.</summary>
    public static double Entropy(string value)
    {
        var counts = new Dictionary<char, int>();
        foreach (var c in value)
        {
            counts[c] = counts.GetValueOrDefault(c) + 1;
        }
        var entropy = 0.0;
        foreach (var count in counts.Values)
        {
            var p = (double)count / value.Length;
            entropy -= p * Math.Log2(p);
        }
        return entropy;
    }

    [GeneratedRegex(@"^\d+(\.\d+)?[smhdw]?$")]
    private static partial Regex QuantityValue();

    // Linear time: a scheme is tried only where a run of scheme characters begins (tried from every position, a 1 MB
    // value of letters was quadratic). Not NonBacktracking: the source generator cannot emit it, and building it at run
    // time cost every check ~40 ms.
    [GeneratedRegex(@"(?<![a-zA-Z0-9+.\-])(?=[0-9+.\-]*[a-zA-Z])(?>[a-zA-Z0-9+.\-]*)://(?<user>[^:/@\s]*):(?<password>[^@/\s]+)@")]
    private static partial Regex CredentialUrl();

    [GeneratedRegex(@"\$\{[A-Za-z_][A-Za-z0-9_]*(:?\?[^}]*)?\}|\$[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex OnlyReference();
}
