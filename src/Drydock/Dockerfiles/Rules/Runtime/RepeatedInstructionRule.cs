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

/// <summary>DF041.</summary>
public sealed class MultipleCmdRule() : RepeatedInstructionRule(Describe(
    "DF041", "Multiple CMD instructions", RuleCategories.Correctness, Severity.Warning, MessageFormat,
    "Only the last CMD of a stage is used. Remove the others, or combine them into one command.",
    "DL4003", "MultipleInstructionsDisallowed", "DS-0016"), InstructionKind.Cmd);

/// <summary>DF042.</summary>
public sealed class MultipleEntrypointRule() : RepeatedInstructionRule(Describe(
    "DF042", "Multiple ENTRYPOINT instructions", RuleCategories.Correctness, Severity.Error, MessageFormat,
    "Only the last ENTRYPOINT of a stage is used. Remove the others.",
    "DL4004", "MultipleInstructionsDisallowed", "DS-0007"), InstructionKind.Entrypoint);

/// <summary>DF043.</summary>
public sealed class MultipleHealthcheckRule() : RepeatedInstructionRule(Describe(
    "DF043", "Multiple HEALTHCHECK instructions", RuleCategories.Correctness, Severity.Warning, MessageFormat,
    "Only the last HEALTHCHECK of a stage is used. Remove the others.",
    "DL3012", "MultipleInstructionsDisallowed", "DS-0023"), InstructionKind.Healthcheck);
