using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Syntax;

/// <summary>DF006: keywords should all be upper case or all lower case (BuildKit: ConsistentInstructionCasing).</summary>
public sealed class InconsistentCasingRule() : DockerfileRule(Describe(
    "DF006", "Inconsistent instruction casing", RuleCategories.Style, Severity.Info,
    "'{0}' should be written in {1} case like the other instructions",
    "Instructions are case-insensitive, but mixing 'RUN' and 'run' makes a Dockerfile harder to read. Write every keyword in the casing most of the file uses.",
    "ConsistentInstructionCasing"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        var instructions = analysis.Document.Instructions.Where(i => i.Kind != InstructionKind.Unknown).ToList();
        var lower = instructions.Count(i => i.Keyword == i.Keyword.ToLowerInvariant());
        var upper = instructions.Count(i => i.Keyword == i.Keyword.ToUpperInvariant());
        var majorityLower = lower > upper;
        foreach (var instruction in instructions)
        {
            var expected = majorityLower ? instruction.Keyword.ToLowerInvariant() : instruction.Keyword.ToUpperInvariant();
            if (instruction.Keyword != expected)
            {
                yield return Report(instruction.KeywordSpan, instruction.Keyword, majorityLower ? "lower" : "upper");
            }
        }
    }
}
