using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Files;

/// <summary>DF025: <c>COPY --from=stage / …</c> copies a whole filesystem.</summary>
public sealed class CopyWholeStageRule() : DockerfileRule(Describe(
    "DF025", "COPY of a whole stage filesystem", RuleCategories.Maintainability, Severity.Warning,
    "COPY --from={0} copies the entire filesystem of '{0}' to '{1}'",
    "Copying '/' brings the whole build stage (compilers, caches, package lists) into the image and defeats the multi-stage build. Copy only the build output: COPY --from=build /app/out /app.",
    "DL3067"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (_, copy) in analysis.All<CopyInstruction>())
        {
            if (copy.From is { Value: { } from } && copy.Sources.Any(s => analysis.Expand(copy, s.Value).Text is "/" or "/." or "/*") && copy.Destination is { } destination)
            {
                yield return Report(copy.Sources[0].Span, analysis.Expand(copy, from).Text, destination.Value);
            }
        }
    }
}
