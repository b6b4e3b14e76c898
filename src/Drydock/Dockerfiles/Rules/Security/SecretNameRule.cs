using System.Text.RegularExpressions;
using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Security;

/// <summary>DF036: ARG or ENV whose name says it holds a secret (BuildKit's token list and allow list).</summary>
public sealed partial class SecretNameRule() : DockerfileRule(Describe(
    "DF036", "Secret in ARG or ENV", RuleCategories.Security, Severity.Warning,
    "{0} '{1}' looks like a secret: {2}",
    "ARG values are recorded in the image history and ENV values in the image configuration; anyone who can pull the image can read them. Pass secrets with RUN --mount=type=secret (build time) or at run time from a secret store.",
    "SecretsUsedInArgOrEnv", "DL3064", "DS-0031") with { MasksSourceValues = true })
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var instruction in analysis.Document.Instructions)
        {
            switch (instruction)
            {
                case ArgInstruction arg:
                    foreach (var declaration in arg.Declarations.Where(d => IsSecretName(d.Name)))
                    {
                        yield return Report(declaration.NameSpan, "ARG", declaration.Name, "its value is recorded in the image history");
                    }
                    break;
                case KeyValueInstruction { Kind: InstructionKind.Env } env:
                    foreach (var pair in env.Pairs.Where(p => IsSecretName(p.Key)))
                    {
                        yield return Report(pair.KeySpan, "ENV", pair.Key, "its value is stored in the image configuration");
                    }
                    break;
            }
        }
    }

    /// <summary>
    /// BuildKit's test: a secret token as the whole name or a '_'-separated part, unless an allowed token is too. Drydock
    /// allows more than BuildKit's public/file/version: what names a public key, a fingerprint or a checksum
    /// (GPG_KEY in the official language images is a key fingerprint; NODE_SHA256, KEY_ID) is published, not secret.
    /// </summary>
    public static bool IsSecretName(string name) =>
        SecretToken().IsMatch(name) && !AllowedToken().IsMatch(name) && !(PublishedToken().IsMatch(name) && !CredentialToken().IsMatch(name));

    [GeneratedRegex("(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretToken();

    [GeneratedRegex("(?:_|^)(?:public|file|version)(?:_|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AllowedToken();

    // A key or auth value that is published: a GPG key fingerprint, a key id, a checksum, a key server.
    [GeneratedRegex("(?:_|^)(?:pub|gpg|pgp|gnupg|fingerprint|fpr|id|ids|checksum|sha1|sha256|sha512|sha|md5|hash|sum|url|server|keyserver|servers)(?:_|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PublishedToken();

    // Tokens that name the credential itself: a published-looking part (GPG_PASSWORD) does not make it public.
    [GeneratedRegex("(?:_|^)(?:credential|credentials|password|pword|passwd|secret|token)(?:_|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CredentialToken();
}
