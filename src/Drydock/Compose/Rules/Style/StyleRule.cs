using Drydock.Compose.Model;
using Drydock.Findings;
using Drydock.Yaml;

namespace Drydock.Compose.Rules.Style;

/// <summary>A rule about how a Compose file is written: it reads each file as written, before merging and interpolation.</summary>
public abstract class StyleRule(RuleDescriptor descriptor) : ComposeRule(descriptor)
{
    public sealed override IEnumerable<Finding> Check(ComposeAnalysis model) =>
        model.Project.SourceDocuments.SelectMany(document => Check(document.Root, document));

    protected abstract IEnumerable<Finding> Check(YamlMapping root, ComposeSourceDocument document);

    protected static IEnumerable<(string Name, YamlMapping Service, YamlEntry Entry)> Services(YamlMapping root) =>
        (root["services"] as YamlMapping)?.Entries
            .Where(entry => entry.Value is YamlMapping)
            .Select(entry => (entry.Key.Value, (YamlMapping)entry.Value, entry)) ?? [];

    /// <summary>The first position where <paramref name="actual"/> differs from its sorted order, or -1.</summary>
    protected static int FirstOutOfOrder<T>(IReadOnlyList<T> actual, IComparer<T> comparer)
    {
        for (var i = 1; i < actual.Count; i++)
        {
            if (comparer.Compare(actual[i - 1], actual[i]) > 0)
            {
                return i;
            }
        }
        return -1;
    }
}
