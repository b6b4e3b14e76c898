using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Files;

/// <summary>DF026: several sources need a directory destination written with a trailing '/'.</summary>
public sealed class CopyDestinationSlashRule() : DockerfileRule(Describe(
    "DF026", "Multiple sources need a directory destination", RuleCategories.Correctness, Severity.Warning,
    "{0} with {1} sources copies into '{2}', which does not end with '/'",
    "When COPY or ADD has more than one source, the destination must be a directory, written with a trailing slash (COPY a b /app/). Add the '/'.",
    "DL3021", "DS-0011"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (_, copy) in analysis.All<CopyInstruction>())
        {
            if (copy.Sources.Count < 2 || copy.Destination is not { } destination)
            {
                continue;
            }
            var value = analysis.Expand(copy, destination.Value);
            if (!value.IsResolved || value.Text.EndsWith('/') || value.Text is "." or ".." || value.Text.EndsWith("/.", StringComparison.Ordinal) || value.Text.EndsWith('\\'))
            {
                continue;
            }
            yield return Report(destination.Span, copy.Keyword.ToUpperInvariant(), copy.Sources.Count, destination.Value);
        }
    }
}
