using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Variables;

/// <summary>DF053: ONBUILD of FROM, MAINTAINER or ONBUILD, which BuildKit refuses.</summary>
public sealed class OnbuildTriggerRule() : DockerfileRule(Describe(
    "DF053", "Invalid ONBUILD trigger", RuleCategories.Correctness, Severity.Error,
    "ONBUILD {0} is not allowed",
    "ONBUILD cannot trigger FROM, MAINTAINER or another ONBUILD; BuildKit refuses the file. Move the instruction into the Dockerfile that uses this image.",
    "DL3043"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var instruction in analysis.Document.Instructions)
        {
            if (instruction is OnbuildInstruction { Trigger: { Kind: InstructionKind.From or InstructionKind.Maintainer or InstructionKind.Onbuild } trigger })
            {
                yield return Report(trigger.KeywordSpan, trigger.Keyword.ToUpperInvariant());
            }
        }
    }
}
