using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Files;

/// <summary>DF031: ADD of a remote file without --checksum.</summary>
public sealed class AddWithoutChecksumRule() : DockerfileRule(Describe(
    "DF031", "ADD of a URL without --checksum", RuleCategories.Security, Severity.Warning,
    "ADD downloads '{0}' without --checksum: a changed or tampered file goes into the image unnoticed",
    "Add the expected digest, ADD --checksum=sha256:… URL dest, so the build fails when the download changes. (For Git repositories, pin a commit in the URL instead.)"))
{
    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (_, add) in analysis.All<CopyInstruction>())
        {
            if (!add.IsAdd || add.Checksum is not null)
            {
                continue;
            }
            foreach (var source in add.Sources)
            {
                var value = analysis.Expand(add, source.Value).Text;
                if (source.IsUrl && value.StartsWith("http", StringComparison.OrdinalIgnoreCase) && !value.Contains(".git", StringComparison.OrdinalIgnoreCase))
                {
                    yield return Report(source.Span, value);
                }
            }
        }
    }
}
