using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Files;

/// <summary>DF030: ADD of plain local files, where COPY says what is meant.</summary>
public sealed class AddInsteadOfCopyRule() : DockerfileRule(Describe(
    "DF030", "ADD instead of COPY", RuleCategories.Maintainability, Severity.Warning,
    "ADD of the local path '{0}': use COPY",
    "ADD also downloads URLs and unpacks local tar archives, so a plain ADD of files hides what happens (an archive added later gets unpacked). Use COPY for files and directories; keep ADD for archives to extract and for URLs with --checksum.",
    "DL3020", "DS-0005"))
{
    private static readonly string[] ArchiveSuffixes = [".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz", ".tar.zst", ".tzst", ".gz", ".bz2", ".xz", ".zst"];

    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (_, add) in analysis.All<CopyInstruction>())
        {
            if (!add.IsAdd || add.Sources.Count == 0 || add.Sources.Any(s => s.IsUrl || s.Heredoc is not null || IsArchive(analysis.Expand(add, s.Value).Text) || s.Value.Contains('$', StringComparison.Ordinal)))
            {
                continue;
            }
            yield return Report(add.KeywordSpan, add.Sources[0].Value);
        }
    }

    public static bool IsArchive(string path) => ArchiveSuffixes.Any(suffix => path.EndsWith(suffix, StringComparison.OrdinalIgnoreCase));
}
