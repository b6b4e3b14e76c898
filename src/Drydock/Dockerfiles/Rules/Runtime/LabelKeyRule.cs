using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Runtime;

/// <summary>DF080: label keys outside Docker's recommended format.</summary>
public sealed class LabelKeyRule() : DockerfileRule(Describe(
    "DF080", "Invalid label key", RuleCategories.Style, Severity.Info,
    "Label key '{0}' {1}",
    "Docker recommends label keys in lower-case reverse-DNS notation (org.opencontainers.image.source): letters, digits, dots and dashes, starting and ending with a letter or digit, without repeated separators. The com.docker.*, io.docker.* and org.dockerproject.* namespaces are reserved.",
    "DL3048"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var instruction in analysis.Document.Instructions.OfType<KeyValueInstruction>())
        {
            if (instruction.Kind != InstructionKind.Label)
            {
                continue;
            }
            foreach (var pair in instruction.Pairs)
            {
                var key = analysis.Expand(instruction, pair.Key).Text;
                if (Problem(key) is { } problem)
                {
                    yield return Report(pair.KeySpan, key, problem);
                }
            }
        }
    }

    public static string? Problem(string key)
    {
        if (key.Length == 0)
        {
            return "is empty";
        }
        if (key.StartsWith("com.docker.", StringComparison.Ordinal) || key.StartsWith("io.docker.", StringComparison.Ordinal) || key.StartsWith("org.dockerproject.", StringComparison.Ordinal))
        {
            return "uses a namespace reserved by Docker";
        }
        if (!key.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-'))
        {
            return "should use only lower-case letters, digits, '.' and '-'";
        }
        if (!char.IsAsciiLetterOrDigit(key[0]) || !char.IsAsciiLetterOrDigit(key[^1]))
        {
            return "should start and end with a letter or a digit";
        }
        if (key.Contains("..", StringComparison.Ordinal) || key.Contains("--", StringComparison.Ordinal))
        {
            return "should not repeat '.' or '-'";
        }
        return null;
    }
}
