using Drydock.Findings;
using Drydock.Measurements;
using Drydock.Text;

namespace Drydock.BuildContext.Rules;

/// <summary>CX003: a .git, .hg, .svn or .bzr directory with content sent (the top-most one of each tree).</summary>
public sealed class VcsDirectorySentRule : IRule<ContextModel>
{
    private static readonly string[] Names = [".git", ".hg", ".svn", ".bzr"];

    public RuleDescriptor Descriptor => ContextRules.VcsDirectorySent;

    public IEnumerable<Finding> Check(ContextModel model)
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
            yield return Finding.Create(Descriptor, SourceSpan.WholeFile(Path.Combine(model.Root, path)), path + "/", total.Files, Units.FormatBytes(total.Bytes))
                with { FixHint = $"add '{path}' to .dockerignore" };
        }
    }
}
