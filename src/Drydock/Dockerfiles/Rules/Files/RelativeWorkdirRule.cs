using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Files;

/// <summary>DF028: a relative WORKDIR with no absolute WORKDIR before it (BuildKit: WorkdirRelativePath).</summary>
public sealed class RelativeWorkdirRule() : DockerfileRule(Describe(
    "DF028", "Relative WORKDIR", RuleCategories.Reliability, Severity.Warning,
    "Relative workdir '{0}' can have unexpected results if the base image changes",
    "A relative WORKDIR is resolved against the base image's working directory. Use an absolute path (WORKDIR /app), or set an absolute WORKDIR first.",
    "WorkdirRelativePath", "DL3000", "DS-0009"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var stage in analysis.Stages)
        {
            var hasAbsolute = stage.Parent?.Workdir is { } inherited && RelativeCopyDestinationRule.IsAbsolute(inherited);
            foreach (var instruction in stage.Stage.Instructions)
            {
                if (instruction is not SingleValueInstruction { Kind: InstructionKind.Workdir, Value: { } path } workdir)
                {
                    continue;
                }
                var value = analysis.Expand(workdir, path.Value);
                if (!value.IsResolved)
                {
                    continue;
                }
                if (RelativeCopyDestinationRule.IsAbsolute(value.Text))
                {
                    hasAbsolute = true;
                }
                else if (!hasAbsolute)
                {
                    yield return Report(path.Span, path.Value);
                }
            }
        }
    }
}
