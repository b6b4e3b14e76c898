using Drydock.Findings;
using Drydock.Measurements;
using Drydock.Text;

namespace Drydock.BuildContext.Rules;

/// <summary>CX005: no ignore file applies and the context sends more than a few hundred files.</summary>
public sealed class NoIgnoreFileRule : IRule<ContextModel>
{
    public RuleDescriptor Descriptor => ContextRules.NoIgnoreFile;

    public IEnumerable<Finding> Check(ContextModel model)
    {
        if (model.IgnoreFile is null && model.Walk.Files > model.Settings.NoIgnoreFileThreshold)
        {
            yield return Finding.Create(Descriptor, SourceSpan.WholeFile(Path.Combine(model.Root, ".dockerignore")), model.Walk.Files, Units.FormatBytes(model.Walk.Bytes))
                with { FixHint = "create .dockerignore with at least: .git, **/node_modules, **/bin, **/obj" };
        }
    }
}
