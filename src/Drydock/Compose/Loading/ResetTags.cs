using Drydock.Yaml;

namespace Drydock.Compose.Loading;

/// <summary>
/// The <c>!reset</c> and <c>!override</c> tags of one document. <c>!reset</c> removes a key from what earlier files
/// (or an <c>extends</c> base, or an included project) defined, and from this document too; <c>!override</c>
/// replaces the earlier value instead of merging with it.
/// </summary>
public sealed class ResetTags
{
    public const string Reset = "!reset";
    public const string Override = "!override";

    private readonly List<ComposePath> _paths = [];

    private ResetTags()
    {
    }

    public bool IsEmpty => _paths.Count == 0;

    public IReadOnlyList<ComposePath> Paths => _paths;

    /// <summary>Records the tagged paths of <paramref name="root"/> and returns it without its <c>!reset</c> nodes.</summary>
    public static (YamlMapping Document, ResetTags Tags) Process(YamlMapping root)
    {
        var tags = new ResetTags();
        var processed = (YamlMapping?)tags.Strip(root, ComposePath.Root) ?? new YamlMapping([], root.Span);
        return (processed, tags);
    }

    private YamlNode? Strip(YamlNode node, ComposePath path)
    {
        switch (node.Tag)
        {
            case Reset:
                _paths.Add(path);
                return null;
            case Override:
                _paths.Add(path);
                return node with { Tag = null };
        }
        switch (node)
        {
            case YamlMapping mapping:
            {
                List<YamlEntry>? changed = null;
                for (var i = 0; i < mapping.Entries.Count; i++)
                {
                    var entry = mapping.Entries[i];
                    var stripped = Strip(entry.Value, path.Next(entry.Key.Value));
                    if (!ReferenceEquals(stripped, entry.Value) && changed is null)
                    {
                        changed = [.. mapping.Entries.Take(i)];
                    }
                    if (changed is not null && stripped is not null)
                    {
                        changed.Add(entry with { Value = stripped });
                    }
                }
                return changed is null ? mapping : new YamlMapping(changed, mapping.Span);
            }
            case YamlSequence sequence:
            {
                List<YamlNode>? changed = null;
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    // Sequence items are addressed by index here; Compose never removes them from earlier files.
                    var stripped = Strip(sequence.Items[i], path.Next(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    if (!ReferenceEquals(stripped, sequence.Items[i]) && changed is null)
                    {
                        changed = [.. sequence.Items.Take(i)];
                    }
                    if (changed is not null && stripped is not null)
                    {
                        changed.Add(stripped);
                    }
                }
                return changed is null ? sequence : new YamlSequence(changed, sequence.Span);
            }
            default:
                return node;
        }
    }

    /// <summary>Removes every recorded path from <paramref name="target"/> (what earlier files defined).</summary>
    public YamlMapping Apply(YamlMapping target) => IsEmpty ? target : (YamlMapping)Remove(target, ComposePath.Root);

    private YamlNode Remove(YamlNode node, ComposePath path)
    {
        if (node is not YamlMapping mapping)
        {
            return node;
        }
        var entries = new List<YamlEntry>(mapping.Entries.Count);
        foreach (var entry in mapping.Entries)
        {
            var next = path.Next(entry.Key.Value);
            if (_paths.Any(next.Matches))
            {
                continue;
            }
            entries.Add(entry with { Value = Remove(entry.Value, next) });
        }
        return new YamlMapping(entries, mapping.Span) { Tag = mapping.Tag };
    }

    /// <summary>Applies the recorded paths to one service definition, as if it were <c>services.NAME</c> (an <c>extends</c> base).</summary>
    public YamlMapping ApplyToService(string name, YamlMapping service)
    {
        if (IsEmpty)
        {
            return service;
        }
        return (YamlMapping)Remove(service, ComposePath.Of("services", name));
    }
}
