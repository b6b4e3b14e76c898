using System.Text.RegularExpressions;
using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;
using Drydock.Secrets;

namespace Drydock.Dockerfiles.Rules.Security;

/// <summary>DF037: a value that is itself a credential (token formats, private keys, passwords in URLs), wherever it is written.</summary>
public sealed partial class HardcodedSecretRule() : DockerfileRule(Describe(
    "DF037", "Hard-coded credential", RuleCategories.Security, Severity.Error,
    "{0} holds {1}",
    "A credential written in a Dockerfile is in the repository, in the build logs and in the image. Revoke it, then pass it at build time with RUN --mount=type=secret,id=… or at run time from a secret store.") with { MasksSourceValues = true })
{
    // After the token formats every family shares, the shapes a Dockerfile value can take: each with a literal every
    // match contains, a cheap test before the regular expression.
    private static readonly (string Description, string[] Markers, Regex Pattern)[] Patterns =
    [
        ("a private key", ["PRIVATE KEY-----"], PrivateKey()),
        ("a URL with a password", ["://"], UrlWithPassword()),
    ];

    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var instruction in analysis.Document.Instructions)
        {
            foreach (var (value, span, label) in Values(instruction))
            {
                if (Describe(value) is { } description)
                {
                    yield return Report(span, label, description);
                }
            }
        }
    }

    public static string? Describe(string value)
    {
        if (value.Length < 12)
        {
            return null;
        }
        if (CredentialFormats.Token(value) is { } token)
        {
            return token;
        }
        foreach (var (description, markers, pattern) in Patterns)
        {
            if (markers.Any(marker => value.Contains(marker, StringComparison.Ordinal)) && pattern.IsMatch(value))
            {
                return description;
            }
        }
        return null;
    }

    private static IEnumerable<ValueAt> Values(Instruction instruction)
    {
        switch (instruction)
        {
            case KeyValueInstruction pairs:
                foreach (var pair in pairs.Pairs)
                {
                    yield return new ValueAt(pair.Value, pair.ValueSpan, $"{instruction.Keyword.ToUpperInvariant()} {pair.Key}");
                }
                break;
            case ArgInstruction arg:
                foreach (var declaration in arg.Declarations.Where(d => d.DefaultValue is not null))
                {
                    yield return new ValueAt(declaration.DefaultValue!, declaration.Span, $"ARG {declaration.Name}");
                }
                break;
            case CommandInstruction { ShellCommand: { } line }:
                yield return new ValueAt(line.Value, line.Span, instruction.Keyword.ToUpperInvariant());
                break;
            case CommandInstruction command:
                foreach (var argument in command.ExecArguments)
                {
                    yield return new ValueAt(argument.Value, argument.Span, instruction.Keyword.ToUpperInvariant());
                }
                break;
            case CopyInstruction copy:
                foreach (var source in copy.Sources.Where(s => s.IsUrl))
                {
                    yield return new ValueAt(source.Value, source.Span, instruction.Keyword.ToUpperInvariant());
                }
                break;
        }
    }

    [GeneratedRegex(@"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----", RegexOptions.CultureInvariant)]
    private static partial Regex PrivateKey();

    // scheme://user:password@host, where the password is a literal (not $VAR, not a placeholder in angle brackets).
    // Linear like SecretDetector's: a scheme is tried only where a run of scheme characters begins.
    [GeneratedRegex(@"(?<![a-zA-Z0-9+.-])(?=[0-9+.-]*[a-zA-Z])(?>[a-zA-Z0-9+.-]*)://[^/\s:@$'""]+:[^/\s@$<>{}'""]{3,}@[A-Za-z0-9.-]+", RegexOptions.CultureInvariant)]
    private static partial Regex UrlWithPassword();
}
