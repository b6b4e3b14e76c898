using System.Text.RegularExpressions;
using Drydock.Compose.Model;
using Drydock.Findings;

namespace Drydock.Compose.Rules.Security;

/// <summary>DC012: a credential passed on the command line (command, entrypoint, healthcheck).</summary>
public sealed partial class SecretInCommandRule() : ServiceRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC012",
        "Hard-coded credential in a command",
        RuleCategories.Security,
        Severity.Error,
        "service '{0}' passes a credential in its {1} ({2})",
        "Command lines are visible to every process on the host ('ps'), in 'docker inspect' and in version control. Read the credential from a variable or a secret file inside the container instead (e.g. --requirepass \"$$REDIS_PASSWORD\" with the variable set from .env).")
    {
        Aliases = ["CL-0021"],
    };

    protected override IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model)
    {
        ComposeCommand? healthcheck = null;
        if (service.Healthcheck?.Test is { Count: > 1 } test && test[0] is "CMD" or "CMD-SHELL")
        {
            // A CMD-SHELL test is one string: split it like a shell would to look at its words.
            var words = test[0] == "CMD-SHELL" && Loading.ShellWords.TryParse(test[1], out var split, out _) ? split : test.Skip(1).ToList();
            healthcheck = new ComposeCommand(words, test[0] == "CMD-SHELL", null, service.Healthcheck.TestSpan ?? service.Healthcheck.Span);
        }
        foreach (var (command, where) in new[] { (service.Command, "command"), (service.Entrypoint, "entrypoint"), (healthcheck, "healthcheck") })
        {
            if (command is null)
            {
                continue;
            }
            for (var i = 0; i < command.Words.Count; i++)
            {
                var word = command.Words[i];
                var span = i < command.WordSpans.Count ? command.WordSpans[i] : command.Span;
                var written = model.Project.WrittenText(span, null);
                if (written is not null && command.IsShellForm)
                {
                    written = null; // one string for every word: too coarse to tell literal from reference
                }
                if (SecretDetector.ValueShape(word) is { } shape && !SecretDetector.IsOnlyReferences(written))
                {
                    yield return Report(span, service.Name, where, shape);
                    continue;
                }
                // --password=s3cret, --requirepass s3cret, -psecret (mysql)
                var flag = SecretFlag().Match(word);
                if (flag.Success && flag.Groups["name"].Value == "a" && !command.Words.Take(i).Any(previous => previous.EndsWith("redis-cli", StringComparison.Ordinal)))
                {
                    flag = Match.Empty; // -a is redis-cli's password flag, and only there
                }
                string? value = null;
                if (flag.Success)
                {
                    value = flag.Groups["value"].Success && flag.Groups["value"].Value.Length > 0
                        ? flag.Groups["value"].Value
                        : i + 1 < command.Words.Count ? command.Words[i + 1] : null;
                }
                // The flag names a credential; its value is one unless it is a reference, another flag, a yes/no switch,
                // or the flag is about the credential rather than the credential (a plugin, method or file name).
                if (value is not null && !value.StartsWith('$') && !value.StartsWith('-') && !IsSettingAboutCredential(flag.Groups["name"].Value, value)
                    && SecretDetector.Classify("PASSWORD", value) is not null)
                {
                    yield return Report(span, service.Name, where, $"{word.Split('=')[0]} has a literal value");
                }
            }
        }
    }

    /// <summary>
    /// A flag whose name mentions a credential but whose value names how credentials work, not one:
    /// <c>--default-authentication-plugin=mysql_native_password</c>, <c>--auth-host=scram-sha-256</c>,
    /// <c>--password-file=/run/secrets/db</c>. A flag named only for "auth" takes a mode unless its value looks random.
    /// </summary>
    private static bool IsSettingAboutCredential(string flag, string value)
    {
        if (SettingFlag().IsMatch(flag) || value.Contains('/', StringComparison.Ordinal) || AuthMethod().IsMatch(value))
        {
            return true;
        }
        // redis-cli's -a is its password flag; other flags named only for "auth" take a mode such as scram-sha-256.
        var namesCredential = flag == "a" || CredentialFlag().IsMatch(flag);
        return !namesCredential && ModeName().IsMatch(value) && (value.IndexOfAny(['-', '_', '.']) >= 0 || AuthMode().IsMatch(value));
    }

    // Flags that configure the credential mechanism: plugin, method, mechanism, mode, type, file, path…
    [GeneratedRegex(@"(plugin|method|mechanism|mode|type|policy|file|path|dir|hash|algorithm|cipher|required|enabled?|disabled?)", RegexOptions.IgnoreCase)]
    private static partial Regex SettingFlag();

    // Flags that name the credential itself (as opposed to "auth…" flags, which mostly take a mode).
    [GeneratedRegex(@"(pass(word)?|secret|token|api[-_]?key|requirepass)", RegexOptions.IgnoreCase)]
    private static partial Regex CredentialFlag();

    // Authentication plugins and methods of MySQL, PostgreSQL, MongoDB, Redis and HTTP servers.
    [GeneratedRegex(@"^(mysql_native_password|caching_sha2_password|sha256_password|mysql_clear_password|auth_socket|unix_socket|ed25519|scram-sha-(1|256)|md5|peer|ident|ldap|radius|pam|gss|sspi|htpasswd)$", RegexOptions.IgnoreCase)]
    private static partial Regex AuthMethod();

    // One-word authentication modes: "--auth trust", "--auth-mode basic".
    [GeneratedRegex(@"^(trust|reject|none|basic|digest|bearer|cert|password|plain|login|oauth2?|jwt|token|key|apikey|anonymous|internal|external)$")]
    private static partial Regex AuthMode();

    // A lower-case identifier such as "scram-sha-256" or "native": a mode, not a random credential.
    [GeneratedRegex(@"^[a-z][a-z0-9]*([_.-][a-z0-9]+)*$")]
    private static partial Regex ModeName();

    // --password=…, --requirepass …, --api-key …, and redis-cli's -a … (its password flag).
    [GeneratedRegex(@"^(--?(?<name>[A-Za-z0-9_-]*(pass(word)?|secret|token|api[-_]?key|requirepass|auth)[A-Za-z0-9_-]*)|-(?<name>a))(=(?<value>.*))?$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretFlag();
}
