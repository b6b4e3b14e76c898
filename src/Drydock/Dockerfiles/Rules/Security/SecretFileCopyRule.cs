using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Security;

/// <summary>DF038: COPY or ADD of a file that is a credential by its name (.env, private keys, registry tokens…).</summary>
public sealed class SecretFileCopyRule() : DockerfileRule(Describe(
    "DF038", "Secret file copied into the image", RuleCategories.Security, Severity.Error,
    "{0} of '{1}' puts {2} into the image",
    "Files in an image layer can be read by anyone who pulls it, even if a later step deletes them. Mount the file only where it is needed (RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci) or provide it at run time.",
    "DS-0031"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (_, copy) in analysis.All<CopyInstruction>())
        {
            if (copy.From is not null)
            {
                continue;
            }
            foreach (var source in copy.Sources.Where(s => !s.IsUrl && s.Heredoc is null))
            {
                var path = analysis.Expand(copy, source.Value).Text;
                if (Classify(path) is { } kind)
                {
                    yield return Report(source.Span, copy.Keyword.ToUpperInvariant(), path, kind);
                }
            }
        }
    }

    /// <summary>What secret a path is by its name, or null.</summary>
    public static string? Classify(string path)
    {
        var normalized = path.Replace('\\', '/').TrimEnd('/');
        var name = normalized[(normalized.LastIndexOf('/') + 1)..].ToLowerInvariant();
        if (name.EndsWith(".example", StringComparison.Ordinal) || name.EndsWith(".sample", StringComparison.Ordinal) || name.EndsWith(".template", StringComparison.Ordinal)
            || name.EndsWith(".dist", StringComparison.Ordinal) || name.EndsWith(".pub", StringComparison.Ordinal) || name.Contains('*', StringComparison.Ordinal))
        {
            return null;
        }
        return name switch
        {
            ".env" or ".env.local" or ".env.production" or ".env.prod" => "an environment file with secrets",
            "id_rsa" or "id_dsa" or "id_ecdsa" or "id_ed25519" => "an SSH private key",
            ".npmrc" => "an npm configuration (registry tokens)",
            ".pypirc" => "a PyPI configuration (upload tokens)",
            ".netrc" => "a .netrc (passwords)",
            ".git-credentials" => "Git credentials",
            ".htpasswd" => "a password file",
            "kubeconfig" => "a Kubernetes configuration (cluster credentials)",
            "credentials" when normalized.EndsWith(".aws/credentials", StringComparison.OrdinalIgnoreCase) => "AWS credentials",
            "config.json" when normalized.EndsWith(".docker/config.json", StringComparison.OrdinalIgnoreCase) => "Docker registry credentials",
            _ when name.EndsWith(".key", StringComparison.Ordinal) || name.EndsWith("-key.pem", StringComparison.Ordinal) || name.EndsWith("_key.pem", StringComparison.Ordinal) || name == "key.pem" => "a private key",
            _ when name.EndsWith(".p12", StringComparison.Ordinal) || name.EndsWith(".pfx", StringComparison.Ordinal) => "a certificate store with its private key",
            _ when name.EndsWith(".kubeconfig", StringComparison.Ordinal) => "a Kubernetes configuration (cluster credentials)",
            _ => null,
        };
    }
}
