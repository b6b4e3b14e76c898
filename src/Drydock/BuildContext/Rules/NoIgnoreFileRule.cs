using Drydock.Findings;
using Drydock.Measurements;
using Drydock.Text;

namespace Drydock.BuildContext.Rules;

/// <summary>CX005: no ignore file applies and the context sends more than a few hundred files.</summary>
public sealed class NoIgnoreFileRule() : Rule<ContextModel>(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "CX005", "No .dockerignore for a large context", RuleCategories.Performance, Severity.Warning,
        "There is no .dockerignore and the context sends {0} files ({1})",
        "Without an ignore file everything in the directory is uploaded on every build. Add a .dockerignore that "
        + "excludes at least .git, dependency folders and build output.");

    public override IEnumerable<Finding> Check(ContextModel model)
    {
        if (model.IgnoreFile is null && model.Walk.Files > model.Settings.NoIgnoreFileThreshold)
        {
            yield return Report(SourceSpan.WholeFile(Path.Combine(model.Root, ".dockerignore")), model.Walk.Files, Units.FormatBytes(model.Walk.Bytes))
                with { FixHint = "create .dockerignore with at least: .git, **/node_modules, **/bin, **/obj" };
        }
    }
}
