using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Syntax;

/// <summary>DF002: a keyword that is not a Dockerfile instruction (often a typo, or a shell line that lost its continuation).</summary>
public sealed class UnknownInstructionRule() : DockerfileRule(Describe(
    "DF002", "Unknown instruction", RuleCategories.Syntax, Severity.Error,
    "Unknown instruction '{0}'{1}",
    "BuildKit fails on an unknown instruction. Fix the keyword's spelling, or, if the line belongs to the previous instruction, end that line with the escape character (\\) to continue it."))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var instruction in analysis.Document.Instructions.Concat(analysis.Document.Instructions.OfType<OnbuildInstruction>().Select(o => o.Trigger).OfType<Instruction>()))
        {
            if (instruction is UnknownInstruction && instruction.Kind == InstructionKind.Unknown && instruction.Node.Error is null)
            {
                var suggestion = RuleText.Suggest(instruction.Keyword.ToLowerInvariant(), InstructionBuilder.KnownKeywords);
                yield return Report(instruction.KeywordSpan, instruction.Keyword, suggestion is null ? string.Empty : $" (did you mean {suggestion.ToUpperInvariant()}?)");
            }
        }
    }
}
