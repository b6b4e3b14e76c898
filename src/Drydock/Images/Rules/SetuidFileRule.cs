using Drydock.Findings;
using Drydock.Images.Layers;

namespace Drydock.Images.Rules;

/// <summary>IM005: setuid or setgid files.</summary>
public sealed class SetuidFileRule() : Rule<ImageRuleContext>(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "IM005",
        "Setuid or setgid file",
        RuleCategories.Security,
        Severity.Warning,
        "{0} is {1} (mode {2}, owner {3}:{4}).",
        "A setuid/setgid binary runs with its owner's privileges whoever starts it: the classic path from a compromised app user to root. Remove the bit (`chmod u-s,g-s`) or the binary; run with `no-new-privileges` as well.")
    {
        Aliases = ["CIS-DI-0008"],
    };

    public override IEnumerable<Finding> Check(ImageRuleContext context)
    {
        var files = context.Analysis.Entries.Where(file =>
            file.Entry.Kind == EntryKind.File && (file.Entry.Mode & (LayerEntry.SetUid | LayerEntry.SetGid)) != 0);
        return context.Capped(Rule, files, file =>
        {
            var bits = (file.Entry.Mode & LayerEntry.SetUid) != 0
                ? (file.Entry.Mode & LayerEntry.SetGid) != 0 ? "setuid and setgid" : "setuid"
                : "setgid";
            return Report(context.Span, file.Path, bits, FileModes.Octal(file.Entry.Mode), file.Entry.Uid, file.Entry.Gid);
        }, "setuid/setgid files");
    }
}
