using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Syntax;

/// <summary>DF008: an argument that looks like a JSON array but is not valid JSON, so BuildKit silently runs it as a shell command.</summary>
public sealed class InvalidExecFormRule() : DockerfileRule(Describe(
    "DF008", "Exec form is not valid JSON", RuleCategories.Correctness, Severity.Error,
    "{0} '{1}' looks like an exec-form array but is not valid JSON, so it is used as a shell command",
    "Exec form must be a JSON array of double-quoted strings: [\"executable\", \"arg\"]. Single quotes, missing quotes, a missing bracket or a trailing comma make BuildKit fall back to the shell form without a warning."))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var instruction in analysis.Document.Instructions.Concat(analysis.Document.Instructions.OfType<OnbuildInstruction>().Select(o => o.Trigger).OfType<Instruction>()))
        {
            if (instruction.Kind is not (InstructionKind.Run or InstructionKind.Cmd or InstructionKind.Entrypoint or InstructionKind.Shell
                or InstructionKind.Copy or InstructionKind.Add or InstructionKind.Volume or InstructionKind.Healthcheck) || instruction.Node.IsJson)
            {
                continue;
            }
            var text = instruction.Node.Original[Math.Min(instruction.Node.ArgumentsOffset, instruction.Node.Original.Length)..].Trim();
            if (instruction is Parsing.HealthcheckInstruction { Type: { } type })
            {
                var afterType = text.IndexOf(type.Value, StringComparison.Ordinal);
                text = afterType < 0 ? text : text[(afterType + type.Value.Length)..].Trim();
            }
            if (text.StartsWith('[') && (text.EndsWith(']') || text.Contains('"', StringComparison.Ordinal) || text.Contains('\'', StringComparison.Ordinal)))
            {
                yield return Report(instruction.ArgumentsSpan, instruction.Keyword.ToUpperInvariant(), RuleText.Excerpt(text));
            }
        }
    }
}
