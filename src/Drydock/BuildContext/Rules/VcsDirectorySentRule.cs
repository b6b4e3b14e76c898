using Drydock.Findings;
using Drydock.Measurements;
using Drydock.Text;

namespace Drydock.BuildContext.Rules;

/// <summary>CX003: a .git, .hg, .svn or .bzr directory with content sent (the top-most one of each tree).</summary>
public sealed class VcsDirectorySentRule() : Rule<ContextModel>(Rule)
{
    private static readonly string[] Names = [".git", ".hg", ".svn", ".bzr"];

    public static readonly RuleDescriptor Rule = new(
        "CX003", "Version-control directory sent", RuleCategories.Performance, Severity.Warning,
        "The version-control directory {0} is sent ({1} files, {2})",
        "History is rarely needed in an image and often holds large objects and old secrets. Add `.git` (or `.hg`, "
        + "`.svn`) to .dockerignore; pass the commit as a build argument if the image needs it.");

    public override IEnumerable<Finding> Check(ContextModel model)
    {
        var directories = new ContextDirectories(model.Walk);
        var reported = new List<string>();
        foreach (var path in directories.Ordered)
        {
            if (!Names.Contains(ContextDirectories.Name(path), StringComparer.Ordinal) || reported.Exists(done => ContextDirectories.IsWithin(path, done)))
            {
                continue;
            }
            reported.Add(path);
            var total = directories.Totals[path];
            yield return Report(SourceSpan.WholeFile(Path.Combine(model.Root, path)), path + "/", total.Files, Units.FormatBytes(total.Bytes))
                with { FixHint = $"add '{path}' to .dockerignore" };
        }
    }
}
