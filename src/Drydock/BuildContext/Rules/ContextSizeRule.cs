using Drydock.Findings;
using Drydock.Measurements;
using Drydock.Text;

namespace Drydock.BuildContext.Rules;

/// <summary>CX001: more bytes sent than the target (100 MB unless configured).</summary>
public sealed class ContextSizeRule() : Rule<ContextModel>(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "CX001", "Build context over its size target", RuleCategories.Performance, Severity.Warning,
        "The build context sends {0} in {1} files, over the {2} target",
        "Every build uploads the whole context before the first step runs. Exclude what the Dockerfile does not COPY "
        + "(tests, data, archives, build output) in .dockerignore, or raise the target under `context: max_size:` in drydock.yml.");

    public override IEnumerable<Finding> Check(ContextModel model)
    {
        if (model.Walk.Bytes > model.Settings.MaxBytes)
        {
            yield return Report(SourceSpan.WholeFile(model.IgnoreFile?.Path ?? model.Root),
                Units.FormatBytes(model.Walk.Bytes), model.Walk.Files, Units.FormatBytes(model.Settings.MaxBytes));
        }
    }
}
