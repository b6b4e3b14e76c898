using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Runtime;

/// <summary>Shared check of DF041 to DF043: only the last CMD, ENTRYPOINT or HEALTHCHECK of a stage takes effect.</summary>
public abstract class RepeatedInstructionRule(RuleDescriptor descriptor, InstructionKind kind) : DockerfileRule(descriptor)
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var stage in analysis.Stages)
        {
            var repeated = stage.Stage.Instructions.Where(instruction => instruction.Kind == kind).ToList();
            for (var i = 0; i < repeated.Count - 1; i++)
            {
                yield return Report(repeated[i].KeywordSpan, kind.ToString().ToUpperInvariant(), repeated[i].StartLine, repeated[^1].StartLine, stage.Stage.DisplayName);
            }
        }
    }

    protected const string MessageFormat = "{0} at line {1} has no effect: the {0} at line {2} replaces it in stage {3}";
}
