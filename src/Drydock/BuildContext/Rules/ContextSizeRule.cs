using Drydock.Findings;
using Drydock.Measurements;
using Drydock.Text;

namespace Drydock.BuildContext.Rules;

/// <summary>CX001: more bytes sent than the target (100 MB unless configured).</summary>
public sealed class ContextSizeRule : IRule<ContextModel>
{
    public RuleDescriptor Descriptor => ContextRules.ContextTooLarge;

    public IEnumerable<Finding> Check(ContextModel model)
    {
        if (model.Walk.Bytes > model.Settings.MaxBytes)
        {
            yield return Finding.Create(Descriptor, SourceSpan.WholeFile(model.IgnoreFile?.Path ?? model.Root),
                Units.FormatBytes(model.Walk.Bytes), model.Walk.Files, Units.FormatBytes(model.Settings.MaxBytes));
        }
    }
}
