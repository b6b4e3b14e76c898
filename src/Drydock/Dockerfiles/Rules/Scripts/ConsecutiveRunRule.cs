using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Scripts;

/// <summary>DF076: RUN right after RUN (same flags), each adding a layer.</summary>
public sealed class ConsecutiveRunRule() : DockerfileRule(Describe(
    "DF076", "Consecutive RUN instructions", RuleCategories.Performance, Severity.Info,
    "RUN at line {0} directly follows the RUN at line {1}: consider joining them",
    "Each RUN adds a layer, and files deleted in a later RUN still take space in the earlier one. Join consecutive RUNs with && (or a heredoc) when they belong together; keep them apart only for cache reuse.",
    "DL3059"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var stage in analysis.Stages)
        {
            var instructions = stage.Stage.Instructions;
            for (var i = 1; i < instructions.Count; i++)
            {
                if (instructions[i] is RunInstruction current && instructions[i - 1] is RunInstruction previous
                    && current.Flags.Count == 0 && previous.Flags.Count == 0 && current.Heredocs.Count == 0 && previous.Heredocs.Count == 0)
                {
                    yield return Report(current.KeywordSpan, current.StartLine, previous.StartLine);
                }
            }
        }
    }
}
