using System.Text.RegularExpressions;
using Drydock.Findings;
using Drydock.Text;

namespace Drydock.BuildContext.Rules;

/// <summary>
/// CX002: credentials that would be sent: .env files (not the .example/.sample/.template kind), private keys and
/// certificates' keys, SSH identities, cloud and git credential stores, kubeconfigs, and package-manager configs that
/// hold a token or password.
/// </summary>
public sealed partial class SecretSentRule() : Rule<ContextModel>(Rule)
{
    private static readonly string[] SshIdentities = ["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"];

    private static readonly string[] EnvTemplates = [".example", ".sample", ".template", ".dist", ".defaults", ".tpl"];

    public static readonly RuleDescriptor Rule = new(
        "CX002", "Secret file sent to the builder", RuleCategories.Security, Severity.Error,
        "{0} is sent to the builder ({1})",
        "Files in the context reach the builder and, with COPY . ., the image layers, where anyone who pulls the image "
        + "can read them. Add the file to .dockerignore and pass secrets with `RUN --mount=type=secret`.")
    {
        Aliases = ["DS-0036"],
    };

    public override IEnumerable<Finding> Check(ContextModel model)
    {
        foreach (var entry in model.Walk.Entries)
        {
            if (entry.Kind != Walker.ContextEntryKind.File)
            {
                continue;
            }
            var kind = Classify(entry.Path, model.SmallFileContents.GetValueOrDefault(entry.Path));
            if (kind is not null)
            {
                yield return Report(SourceSpan.WholeFile(Path.Combine(model.Root, entry.Path)), entry.Path, kind)
                    with { FixHint = $"add '{entry.Path}' to .dockerignore" };
            }
        }
    }

    /// <summary>What kind of secret the path holds, or null.</summary>
    public static string? Classify(string path, string? content)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        if (name == ".env" || (name.StartsWith(".env.", StringComparison.Ordinal) && !EnvTemplates.Any(suffix => name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))))
        {
            return "environment file";
        }
        if (name.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".key", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".p12", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase))
        {
            return "private key or certificate bundle";
        }
        if (!name.EndsWith(".pub", StringComparison.Ordinal) && SshIdentities.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))
        {
            return "SSH private key";
        }
        if (path == ".aws/credentials" || path.EndsWith("/.aws/credentials", StringComparison.Ordinal))
        {
            return "AWS credentials";
        }
        if (name is ".git-credentials" or ".netrc")
        {
            return "stored credentials";
        }
        if (name == "kubeconfig" || name.EndsWith(".kubeconfig", StringComparison.Ordinal) || path == ".kube/config" || path.EndsWith("/.kube/config", StringComparison.Ordinal))
        {
            return "Kubernetes credentials";
        }
        if (name == ".npmrc" && content is not null && NpmToken().IsMatch(content))
        {
            return "npm token";
        }
        if (name == ".pypirc" && content is not null && PypiPassword().IsMatch(content))
        {
            return "PyPI password or token";
        }
        return null;
    }

    [GeneratedRegex(@"^\s*[^#;\s]*_(authToken|auth|password)\s*=\s*\S", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex NpmToken();

    [GeneratedRegex(@"^\s*password\s*[=:]\s*\S", RegexOptions.Multiline | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex PypiPassword();
}
