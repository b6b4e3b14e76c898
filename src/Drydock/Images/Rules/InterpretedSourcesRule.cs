using Drydock.Findings;
using Drydock.Images.Layers;

namespace Drydock.Images.Rules;

/// <summary>IM009: interpreted-language sources where the project says there must be none (scenario S3: no .py under /app).</summary>
public sealed class InterpretedSourcesRule() : Rule<ImageRuleContext>(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "IM009",
        "Sources where the configuration forbids them",
        RuleCategories.Security,
        Severity.Warning,
        "{0} {1} source files are under {2}, which must hold none (e.g. {3}).",
        "The project ships compiled artifacts only under this directory (bytecode, bundles), so sources there mean the build copied too much. Copy only the build output into the final stage, or add the sources to .dockerignore.");

    public override IEnumerable<Finding> Check(ImageRuleContext context)
    {
        var extensions = context.Options.SourceExtensions;
        foreach (var configured in context.Options.NoSourcesUnder)
        {
            var directory = LayerScanner.NormalizePath(configured);
            var prefix = directory == "/" ? "/" : directory + "/";
            var byExtension = context.Analysis.Entries
                .Where(file => file.Entry.Kind == EntryKind.File && file.Path.StartsWith(prefix, StringComparison.Ordinal))
                .Select(file => (file, extension: extensions.FirstOrDefault(ext => file.Path.EndsWith(ext, StringComparison.OrdinalIgnoreCase))))
                .Where(pair => pair.extension is not null)
                .GroupBy(pair => pair.extension!.ToLowerInvariant(), StringComparer.Ordinal)
                .OrderBy(group => group.Key, StringComparer.Ordinal);
            foreach (var group in byExtension)
            {
                yield return Report(context.Span, group.Count(), group.Key, directory, group.First().file.Path);
            }
        }
    }
}
