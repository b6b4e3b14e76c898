using Drydock.Findings;
using Drydock.Text;

namespace Drydock.Dockerfiles.Rules.Syntax;

/// <summary>DF004: only ARG (and comments and directives) may come before the first FROM.</summary>
public sealed class InstructionBeforeFromRule() : DockerfileRule(Describe(
    "DF004", "Instruction before FROM", RuleCategories.Syntax, Severity.Error,
    "{0}",
    "A Dockerfile starts with FROM; only ARG instructions (for values used in FROM) may precede it. Move the instruction after the FROM of the stage it belongs to.",
    "DL3061"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var instruction in analysis.Document.InstructionsBeforeFirstFrom)
        {
            yield return Report(instruction.KeywordSpan, $"{instruction.Keyword.ToUpperInvariant()} comes before the first FROM: only ARG may precede FROM");
        }
        if (analysis.Document.Stages.Count == 0 && analysis.Document.Instructions.Count > 0 && analysis.Document.InstructionsBeforeFirstFrom.Count == 0)
        {
            yield return Report(SourceSpan.At(analysis.Path, analysis.Document.Instructions[0].StartLine, 1), "The Dockerfile has no FROM instruction");
        }
    }
}
