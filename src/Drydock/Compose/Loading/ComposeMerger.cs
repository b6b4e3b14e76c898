using Drydock.Yaml;
using static Drydock.Compose.Loading.ComposeNodes;

namespace Drydock.Compose.Loading;

/// <summary>
/// Merges canonical (long-syntax) trees by the Compose Specification's rules, as <c>docker compose</c> applies them to
/// <c>-f a.yaml -f b.yaml</c>, <c>extends</c> and <c>include</c>: mappings merge by key, sequences append, scalars
/// are replaced; <c>command</c>, <c>entrypoint</c> and <c>healthcheck.test</c> are replaced whole; environment, labels
/// and the other key=value maps merge by key; ports, volumes, secrets… are then made unique by their key, the later
/// definition winning at the earlier one's place. Merged values keep the spans of the file they came from.
/// </summary>
public sealed class ComposeMerger(Action<ComposeProblem> report)
{
    private static readonly ComposePath[] Replaced =
    [
        ComposePath.Pattern("services.*.command"),
        ComposePath.Pattern("services.*.entrypoint"),
        ComposePath.Pattern("services.*.healthcheck.test"),
        ComposePath.Pattern("services.*.ulimits.*"),
        ComposePath.Pattern("services.*.build.ulimits.*"),
    ];

    private static readonly ComposePath[] Appended =
    [
        ComposePath.Pattern("services.*.dns"),
        ComposePath.Pattern("services.*.dns_opt"),
        ComposePath.Pattern("services.*.dns_search"),
        ComposePath.Pattern("services.*.env_file"),
        ComposePath.Pattern("services.*.label_file"),
        ComposePath.Pattern("services.*.tmpfs"),
    ];

    private static readonly ComposePath ExtraHosts = ComposePath.Pattern("services.*.extra_hosts");
    private static readonly ComposePath BuildExtraHosts = ComposePath.Pattern("services.*.build.extra_hosts");
    private static readonly ComposePath Logging = ComposePath.Pattern("services.*.logging");
    private static readonly ComposePath IpamConfig = ComposePath.Pattern("networks.*.ipam.config");

    /// <summary>Merges a whole document into what the earlier ones defined.</summary>
    public YamlMapping MergeRoot(YamlMapping earlier, YamlMapping later) => (YamlMapping)Merge(earlier, later, ComposePath.Root);

    /// <summary>Merges a service over its <c>extends</c> base.</summary>
    public YamlMapping MergeService(YamlMapping baseService, YamlMapping service, string name) =>
        (YamlMapping)Merge(baseService, service, ComposePath.Of("services", name));

    /// <summary>Merges one resource (service, volume…) imported by <c>include</c> with a local definition of the same name.</summary>
    public YamlNode MergeResource(YamlNode imported, YamlNode local, string section, string name) =>
        Merge(imported, local, ComposePath.Of(section, name));

    private YamlNode Merge(YamlNode? earlier, YamlNode? later, ComposePath path)
    {
        if (Replaced.Any(path.Matches))
        {
            return later ?? earlier!;
        }
        if (Appended.Any(path.Matches))
        {
            return Sequence(later?.Span ?? earlier!.Span, AsSequence(earlier).Concat(AsSequence(later)));
        }
        if (path.Matches(ExtraHosts) || path.Matches(BuildExtraHosts))
        {
            var first = AsHostList(earlier);
            var second = AsHostList(later).Where(host => !first.Any(existing => GoText(existing) == GoText(host)));
            return Sequence(later?.Span ?? earlier!.Span, first.Cast<YamlNode>().Concat(second));
        }
        if (path.Matches(Logging) && earlier is YamlMapping earlierLogging && later is YamlMapping laterLogging)
        {
            var earlierDriver = TextOf(earlierLogging["driver"]);
            var laterDriver = TextOf(laterLogging["driver"]);
            return earlierDriver is null || laterDriver is null || earlierDriver == laterDriver
                ? MergeMappings(earlierLogging, laterLogging, path)
                : laterLogging;
        }
        if (path.Matches(IpamConfig) && earlier is YamlSequence earlierPools && later is YamlSequence laterPools)
        {
            return MergePools(earlierPools, laterPools, path);
        }
        if (later is null || IsNull(later))
        {
            return earlier ?? later!;
        }
        if (earlier is null)
        {
            return later;
        }
        switch (earlier)
        {
            case YamlMapping earlierMapping:
                if (later is YamlMapping laterMapping)
                {
                    return MergeMappings(earlierMapping, laterMapping, path);
                }
                if (IsNull(earlierMapping))
                {
                    return later;
                }
                report(new ComposeProblem(ComposeProblemKind.Schema, later.Span, $"cannot override {path}: a {later.Kind} cannot replace a mapping") { Fix = "Use the same form as the file it overrides, or tag the value with !override." });
                return later;
            case YamlSequence earlierSequence:
                if (later is YamlSequence laterSequence)
                {
                    return Sequence(laterSequence.Span, earlierSequence.Items.Concat(laterSequence.Items));
                }
                report(new ComposeProblem(ComposeProblemKind.Schema, later.Span, $"cannot override {path}: a {later.Kind} cannot replace a sequence") { Fix = "Use the same form as the file it overrides, or tag the value with !override." });
                return later;
            default:
                return later;
        }
    }

    private YamlMapping MergeMappings(YamlMapping earlier, YamlMapping later, ComposePath path)
    {
        var entries = new List<YamlEntry>(earlier.Entries);
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            positions[entries[i].Key.Value] = i;
        }
        foreach (var entry in later.Entries)
        {
            var key = entry.Key.Value;
            if (positions.TryGetValue(key, out var index))
            {
                entries[index] = entries[index] with { Value = Merge(entries[index].Value, entry.Value, path.Next(key)) };
            }
            else
            {
                positions[key] = entries.Count;
                entries.Add(entry);
            }
        }
        return new YamlMapping(entries, earlier.Span);
    }

    private YamlNode MergePools(YamlSequence earlier, YamlSequence later, ComposePath path)
    {
        var pools = new List<YamlNode>(earlier.Items);
        foreach (var pool in later.Items)
        {
            var subnet = pool is YamlMapping mapping ? TextOf(mapping["subnet"]) : null;
            var index = pools.FindIndex(existing => existing is YamlMapping existingMapping && TextOf(existingMapping["subnet"]) == subnet);
            if (index >= 0 && pools[index] is YamlMapping existing && pool is YamlMapping replacement)
            {
                pools[index] = MergeMappings(existing, replacement, path);
            }
            else
            {
                pools.Add(pool);
            }
        }
        return Sequence(later.Span, pools);
    }

    private static IEnumerable<YamlNode> AsSequence(YamlNode? node) => node switch
    {
        null => [],
        YamlSequence sequence => sequence.Items,
        YamlScalar scalar when IsNull(scalar) => [],
        _ => [node],
    };

    private static List<YamlScalar> AsHostList(YamlNode? node) => node switch
    {
        YamlSequence sequence => sequence.Items.OfType<YamlScalar>().ToList(),
        YamlMapping mapping => mapping.Entries
            .SelectMany(entry => entry.Value is YamlSequence ips
                ? ips.Items.OfType<YamlScalar>().Select(ip => String($"{entry.Key.Value}={GoText(ip)}", ip.Span))
                : [String($"{entry.Key.Value}={TextOf(entry.Value) ?? string.Empty}", entry.Value.Span)])
            .OrderBy(host => host.Value, StringComparer.Ordinal)
            .ToList(),
        YamlScalar scalar when !IsNull(scalar) => [scalar],
        _ => [],
    };

    private static readonly (ComposePath Pattern, Func<YamlNode, string?> Key)[] UniqueKeys =
    [
        (ComposePath.Pattern("services.*.ports"), PortKey),
        (ComposePath.Pattern("services.*.volumes"), node => node is YamlMapping mount ? TextOf(mount["target"]) : TextOf(node)),
        (ComposePath.Pattern("services.*.secrets"), node => MountKey(node, "/run/secrets")),
        (ComposePath.Pattern("services.*.configs"), node => MountKey(node, string.Empty)),
        (ComposePath.Pattern("services.*.devices"), node => node is YamlMapping device ? TextOf(device["target"]) : TextOf(node)),
        (ComposePath.Pattern("services.*.env_file"), node => node is YamlMapping file ? TextOf(file["path"]) : TextOf(node)),
        (ComposePath.Pattern("services.*.expose"), TextOf),
        (ComposePath.Pattern("services.*.cap_add"), KeyBeforeEquals),
        (ComposePath.Pattern("services.*.cap_drop"), KeyBeforeEquals),
        (ComposePath.Pattern("services.*.dns"), KeyBeforeEquals),
        (ComposePath.Pattern("services.*.dns_opt"), KeyBeforeEquals),
        (ComposePath.Pattern("services.*.dns_search"), KeyBeforeEquals),
        (ComposePath.Pattern("services.*.links"), KeyBeforeEquals),
        (ComposePath.Pattern("services.*.profiles"), KeyBeforeEquals),
        (ComposePath.Pattern("services.*.tmpfs"), KeyBeforeEquals),
        (ComposePath.Pattern("services.*.build.tags"), KeyBeforeEquals),
        (ComposePath.Pattern("services.*.networks.*.aliases"), KeyBeforeEquals),
        (ComposePath.Pattern("services.*.networks.*.link_local_ips"), KeyBeforeEquals),
    ];

    /// <summary>Removes redefinitions from the sequences that Compose keys (ports by binding, volumes by target…).</summary>
    public static YamlMapping EnforceUnicity(YamlMapping root) => (YamlMapping)Unique(root, ComposePath.Root);

    private static YamlNode Unique(YamlNode node, ComposePath path)
    {
        switch (node)
        {
            case YamlMapping mapping when path.Depth <= 4:
            {
                List<YamlEntry>? changed = null;
                for (var i = 0; i < mapping.Entries.Count; i++)
                {
                    var entry = mapping.Entries[i];
                    var unique = Unique(entry.Value, path.Next(entry.Key.Value));
                    if (!ReferenceEquals(unique, entry.Value))
                    {
                        changed ??= [.. mapping.Entries];
                        changed[i] = entry with { Value = unique };
                    }
                }
                return changed is null ? node : new YamlMapping(changed, mapping.Span) { Tag = mapping.Tag };
            }
            case YamlSequence sequence:
            {
                foreach (var (pattern, key) in UniqueKeys)
                {
                    if (!path.Matches(pattern))
                    {
                        continue;
                    }
                    var items = new List<YamlNode>(sequence.Items.Count);
                    var positions = new Dictionary<string, int>(StringComparer.Ordinal);
                    foreach (var item in sequence.Items)
                    {
                        var itemKey = key(item);
                        if (itemKey is not null && positions.TryGetValue(itemKey, out var index))
                        {
                            items[index] = item;
                            continue;
                        }
                        if (itemKey is not null)
                        {
                            positions[itemKey] = items.Count;
                        }
                        items.Add(item);
                    }
                    return items.Count == sequence.Items.Count ? sequence : new YamlSequence(items, sequence.Span) { Tag = sequence.Tag };
                }
                return node;
            }
            default:
                return node;
        }
    }

    private static string? PortKey(YamlNode node)
    {
        if (node is not YamlMapping port)
        {
            return TextOf(node);
        }
        var host = TextOf(port["host_ip"]) ?? "0.0.0.0";
        var published = TextOf(port["published"]) ?? "<nil>";
        var protocol = TextOf(port["protocol"]) ?? "tcp";
        return $"{host}:{published}:{TextOf(port["target"])}/{protocol}";
    }

    private static string? MountKey(YamlNode node, string defaultDirectory) => node switch
    {
        YamlMapping mount when TextOf(mount["target"]) is { } target => target,
        YamlMapping mount => $"{defaultDirectory}/{TextOf(mount["source"])}",
        _ => $"{defaultDirectory}/{TextOf(node)}",
    };

    private static string? KeyBeforeEquals(YamlNode node)
    {
        var text = TextOf(node);
        if (text is null)
        {
            return null;
        }
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? text : text[..equals];
    }
}
