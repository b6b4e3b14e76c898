using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Runtime;

/// <summary>DF050: MAINTAINER is deprecated.</summary>
public sealed class MaintainerRule() : DockerfileRule(Describe(
    "DF050", "MAINTAINER is deprecated", RuleCategories.Maintainability, Severity.Warning,
    "MAINTAINER '{0}' is deprecated: use LABEL org.opencontainers.image.authors",
    "The MAINTAINER instruction is deprecated. Use LABEL org.opencontainers.image.authors=\"name <email>\", which tools and registries read.",
    "DL4000", "MaintainerDeprecated", "DS-0022"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var instruction in analysis.Document.Instructions)
        {
            if (instruction is SingleValueInstruction { Kind: InstructionKind.Maintainer } maintainer)
            {
                yield return Report(maintainer.KeywordSpan, maintainer.Value?.Value ?? string.Empty);
            }
        }
    }
}
