using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Files;

/// <summary>DF027: a relative COPY destination before any WORKDIR: it depends on the base image's working directory.</summary>
public sealed class RelativeCopyDestinationRule() : DockerfileRule(Describe(
    "DF027", "Relative COPY destination without WORKDIR", RuleCategories.Reliability, Severity.Warning,
    "{0} to the relative destination '{1}' before any WORKDIR: it lands in whatever directory the base image sets",
    "A relative destination is resolved against the working directory, which the base image decides when the stage sets none. Set WORKDIR first, or use an absolute destination.",
    "DL3045"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var stage in analysis.Stages)
        {
            var hasWorkdir = stage.Parent?.Workdir is not null;
            foreach (var instruction in stage.Stage.Instructions)
            {
                if (instruction is SingleValueInstruction { Kind: InstructionKind.Workdir })
                {
                    hasWorkdir = true;
                }
                if (hasWorkdir || instruction is not CopyInstruction { Destination: { } destination } copy)
                {
                    continue;
                }
                var value = analysis.Expand(copy, destination.Value);
                if (value.IsResolved && !IsAbsolute(value.Text))
                {
                    yield return Report(destination.Span, copy.Keyword.ToUpperInvariant(), destination.Value);
                }
            }
        }
    }

    internal static bool IsAbsolute(string path) =>
        path.StartsWith('/') || path.StartsWith('\\') || (path.Length >= 2 && char.IsAsciiLetter(path[0]) && path[1] == ':');
}
