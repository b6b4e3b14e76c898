using Drydock.Findings;
using Drydock.Images.Layers;

namespace Drydock.Images.Rules;

/// <summary>IM006: world-writable files or directories outside the temporary directories.</summary>
public sealed class WorldWritableRule() : Rule<ImageRuleContext>(Rule)
{
    /// <summary>Directories meant to be writable by everyone (with the sticky bit).</summary>
    public static readonly string[] TemporaryDirectories = ["/tmp", "/var/tmp", "/dev/shm"];

    public static readonly RuleDescriptor Rule = new(
        "IM006",
        "World-writable path",
        RuleCategories.Security,
        Severity.Warning,
        "{0} is world-writable ({1}).",
        "Any process in the container, whatever its user, can change a world-writable file or plant files in a world-writable directory: code or configuration can be replaced at run time. Give the path to the app's user (`chown`) and drop the bit (`chmod o-w`).");

    public override IEnumerable<Finding> Check(ImageRuleContext context)
    {
        var paths = context.Analysis.Entries.Where(file =>
            file.Entry.Kind is EntryKind.File or EntryKind.Directory
            && (file.Entry.Mode & LayerEntry.OtherWrite) != 0
            && !IsTemporary(file.Path));
        return context.Capped(Rule, paths, file => Report(context.Span, file.Path, file.Entry.ModeText), "world-writable paths");
    }

    public static bool IsTemporary(string path) =>
        TemporaryDirectories.Any(directory => path == directory || path.StartsWith(directory + "/", StringComparison.Ordinal));
}
