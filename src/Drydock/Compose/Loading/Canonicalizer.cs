using System.Globalization;
using Drydock.Text;
using Drydock.Yaml;
using static Drydock.Compose.Loading.ComposeNodes;

namespace Drydock.Compose.Loading;

/// <summary>
/// Rewrites a document into the long syntax, as Compose does after loading each file (compose-go transform/):
/// <c>build: .</c> becomes <c>{context: .}</c>, port and volume strings become mappings, <c>depends_on</c> lists become
/// mappings with conditions, <c>env_file</c> entries get <c>required</c>, key=value lists become mappings… Every new
/// node keeps the span of the value it came from. Values that cannot be parsed are reported and dropped.
/// </summary>
public sealed class Canonicalizer(Action<ComposeProblem> report)
{
    private static readonly string[] KeyValueMappings = ["environment", "labels", "annotations", "sysctls"];

    public YamlMapping Canonicalize(YamlMapping root)
    {
        var entries = new List<YamlEntry>(root.Entries.Count);
        foreach (var entry in root.Entries)
        {
            var key = entry.Key.Value;
            var value = entry.Value;
            switch (key)
            {
                case "services" when value is YamlMapping services:
                    value = new YamlMapping(services.Entries.Select(service => service with { Value = Service(service.Value, service.Key.Value) }).ToList(), services.Span);
                    break;
                case "volumes" or "networks" or "secrets" or "configs" when value is YamlMapping resources:
                    value = new YamlMapping(resources.Entries.Select(resource => resource with { Value = Resource(resource.Value, ComposePath.Of(key, resource.Key.Value)) }).ToList(), resources.Span);
                    break;
                case "include" when value is YamlSequence includes:
                    value = Sequence(includes.Span, includes.Items.Select(item => item is YamlScalar path ? Mapping(path.Span, Entry("path", path)) : item));
                    break;
            }
            entries.Add(entry with { Value = value });
        }
        return new YamlMapping(entries, root.Span);
    }

    /// <summary>One service definition (also used for <c>extends</c> bases loaded from other files).</summary>
    public YamlNode Service(YamlNode node, string name)
    {
        if (node is not YamlMapping service)
        {
            return node;
        }
        var path = ComposePath.Of("services", name);
        var entries = new List<YamlEntry>(service.Entries.Count);
        foreach (var entry in service.Entries)
        {
            var key = entry.Key.Value;
            var value = ServiceKey(key, entry.Value, path.Next(key));
            if (value is not null)
            {
                entries.Add(entry with { Value = value });
            }
        }
        return new YamlMapping(entries, service.Span);
    }

    private YamlNode? ServiceKey(string key, YamlNode value, ComposePath path)
    {
        switch (key)
        {
            case "build":
                return Build(value, path);
            case "depends_on":
                return DependsOn(value, path);
            case "env_file":
                return EnvFile(value);
            case "label_file" or "dns" or "tmpfs" when value is YamlScalar single && !IsNull(single):
                return Sequence(single.Span, [single]);
            case "extends" when value is YamlScalar reference:
                return Mapping(reference.Span, Entry("service", reference));
            case "gpus" when value is YamlScalar all:
                return Sequence(all.Span, [Mapping(all.Span, Entry("count", String("all", all.Span)))]);
            case "networks" or "models" when value is YamlSequence names:
                return Mapping(names.Span, names.Items.OfType<YamlScalar>().Select(item => Entry(GoText(item), Null(item.Span), item.Span)));
            case "volumes" when value is YamlSequence volumes:
                return Sequence(volumes.Span, volumes.Items.Select(item => Volume(item, path)).OfType<YamlNode>());
            case "devices" when value is YamlSequence devices:
                return Sequence(devices.Span, devices.Items.Select(Device));
            case "secrets" or "configs" when value is YamlSequence references:
                return Sequence(references.Span, references.Items.Select(item => item is YamlScalar source ? Mapping(source.Span, Entry("source", source)) : item));
            case "ports" when value is YamlSequence ports:
                return Sequence(ports.Span, ports.Items.SelectMany(item => Ports(item, path)));
            case "develop" when value is YamlMapping develop:
                return Develop(develop);
            case "deploy" when value is YamlMapping deploy && deploy["labels"] is YamlSequence:
                return deploy.With("labels", KeyValues(deploy["labels"]!, path.Next("labels"), nullMeansEmpty: false));
            default:
                if (KeyValueMappings.Contains(key) && value is YamlSequence list)
                {
                    return KeyValues(list, path, nullMeansEmpty: false);
                }
                return value;
        }
    }

    private YamlNode Build(YamlNode value, ComposePath path)
    {
        if (value is YamlScalar context)
        {
            return Mapping(context.Span, Entry("context", context));
        }
        if (value is not YamlMapping build)
        {
            return value;
        }
        var entries = new List<YamlEntry>(build.Entries.Count);
        foreach (var entry in build.Entries)
        {
            var node = entry.Value;
            switch (entry.Key.Value)
            {
                case "args" or "labels" when node is YamlSequence:
                    node = KeyValues(node, path.Next(entry.Key.Value), nullMeansEmpty: false);
                    break;
                case "additional_contexts" when node is YamlSequence:
                    node = KeyValues(node, path.Next(entry.Key.Value), nullMeansEmpty: false);
                    break;
                case "secrets" when node is YamlSequence secrets:
                    node = Sequence(secrets.Span, secrets.Items.Select(item => item is YamlScalar source ? Mapping(source.Span, Entry("source", source)) : item));
                    break;
                case "ssh" when node is YamlSequence keys:
                    node = Mapping(keys.Span, keys.Items.OfType<YamlScalar>().Select(item =>
                    {
                        var text = GoText(item);
                        var equals = text.IndexOf('=', StringComparison.Ordinal);
                        return equals < 0
                            ? Entry(text, Null(item.Span), item.Span)
                            : Entry(text[..equals], String(text[(equals + 1)..], item.Span), item.Span);
                    }));
                    break;
                case "provenance" or "sbom" when node is YamlScalar flag && Kind(flag) != ScalarKind.String:
                    node = String(GoText(flag), flag.Span);
                    break;
            }
            entries.Add(entry with { Value = node });
        }
        return new YamlMapping(entries, build.Span);
    }

    private YamlNode DependsOn(YamlNode value, ComposePath path)
    {
        if (value is YamlSequence names)
        {
            return Mapping(names.Span, names.Items.OfType<YamlScalar>().Select(item =>
                Entry(GoText(item), Mapping(item.Span, Entry("condition", String("service_started", item.Span)), Entry("required", Boolean(true, item.Span))), item.Span)));
        }
        if (value is not YamlMapping dependencies)
        {
            return value;
        }
        var entries = new List<YamlEntry>();
        foreach (var entry in dependencies.Entries)
        {
            if (entry.Value is not YamlMapping dependency)
            {
                report(new ComposeProblem(ComposeProblemKind.Schema, entry.Value.Span, $"{path}.{entry.Key.Value}: unsupported value: a dependency is a mapping with 'condition' (and optionally 'required', 'restart')"));
                continue;
            }
            if (dependency.Find("condition") is null)
            {
                dependency = dependency.With("condition", String("service_started", entry.Key.Span));
            }
            if (dependency.Find("required") is null)
            {
                dependency = dependency.With("required", Boolean(true, entry.Key.Span));
            }
            entries.Add(entry with { Value = dependency });
        }
        return new YamlMapping(entries, dependencies.Span);
    }

    private static YamlNode EnvFile(YamlNode value)
    {
        static YamlNode Item(YamlNode item) => item switch
        {
            YamlScalar path => Mapping(path.Span, Entry("path", path), Entry("required", Boolean(true, path.Span))),
            YamlMapping file when file.Find("required") is null => file.With("required", Boolean(true, file.Span)),
            _ => item,
        };
        return value switch
        {
            YamlScalar single when !IsNull(single) => Sequence(single.Span, [Item(single)]),
            YamlSequence list => Sequence(list.Span, list.Items.Select(Item)),
            _ => value,
        };
    }

    private YamlNode? Volume(YamlNode item, ComposePath path)
    {
        if (item is not YamlScalar spec || Kind(spec) != ScalarKind.String)
        {
            return item;
        }
        ParsedVolume parsed;
        try
        {
            parsed = ShortSyntax.ParseVolume(spec.Value);
        }
        catch (ShortSyntaxException ex)
        {
            report(new ComposeProblem(ComposeProblemKind.Schema, spec.Span, $"{path}: {ex.Message}") { Fix = "Write volumes as SOURCE:TARGET[:ro], or use the long syntax." });
            return null;
        }
        var span = spec.Span;
        var entries = new List<YamlEntry> { Entry("type", String(parsed.Type, span)) };
        if (parsed.Source.Length > 0)
        {
            entries.Add(Entry("source", String(parsed.Source, span)));
        }
        entries.Add(Entry("target", String(parsed.Target.Length == 0 ? string.Empty : ShortSyntax.CleanPath(parsed.Target), span)));
        if (parsed.ReadOnly)
        {
            entries.Add(Entry("read_only", Boolean(true, span)));
        }
        if (parsed.HasBindOptions || parsed.Selinux is not null || parsed.Propagation is not null)
        {
            var bind = new List<YamlEntry>();
            if (parsed.Selinux is { } selinux)
            {
                bind.Add(Entry("selinux", String(selinux, span)));
            }
            if (parsed.Propagation is { } propagation)
            {
                bind.Add(Entry("propagation", String(propagation, span)));
            }
            if (parsed.HasBindOptions)
            {
                // The short syntax creates a missing host path, for compatibility with docker-compose v1.
                bind.Add(Entry("create_host_path", Boolean(true, span)));
            }
            entries.Add(Entry("bind", Mapping(span, bind)));
        }
        if (parsed.HasVolumeOptions || parsed.NoCopy)
        {
            entries.Add(Entry("volume", parsed.NoCopy ? Mapping(span, Entry("nocopy", Boolean(true, span))) : Mapping(span)));
        }
        // Marks the mount as written in the short syntax; the model keeps the fact, the output drops the key.
        entries.Add(Entry(ShortSyntaxMarker, Boolean(true, span)));
        return Mapping(span, entries);
    }

    /// <summary>An internal key on mounts and ports written in the short syntax (never rendered).</summary>
    public const string ShortSyntaxMarker = "x-drydock-short-syntax";

    private static YamlNode Device(YamlNode item)
    {
        if (item is not YamlScalar spec)
        {
            return item;
        }
        var parts = GoText(spec).Split(':');
        var source = parts[0];
        var target = parts.Length > 1 ? parts[1] : string.Empty;
        var permissions = parts.Length > 2 ? parts[2] : "rwm";
        if (target.Length == 0)
        {
            target = source;
        }
        return Mapping(spec.Span, Entry("source", String(source, spec.Span)), Entry("target", String(target, spec.Span)), Entry("permissions", String(permissions, spec.Span)));
    }

    private IEnumerable<YamlNode> Ports(YamlNode item, ComposePath path)
    {
        if (item is YamlMapping)
        {
            return [item];
        }
        if (item is not YamlScalar spec || Kind(spec) is ScalarKind.Null or ScalarKind.Boolean)
        {
            report(new ComposeProblem(ComposeProblemKind.Schema, item.Span, $"{path}: invalid type {item.Kind} for port"));
            return [];
        }
        IReadOnlyList<ParsedPort> parsed;
        try
        {
            parsed = ShortSyntax.ParsePort(GoText(spec));
        }
        catch (ShortSyntaxException ex)
        {
            report(new ComposeProblem(ComposeProblemKind.Schema, spec.Span, $"{path}: {ex.Message}") { Fix = "Write ports as [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL], ports and ranges within 0-65535." });
            return [];
        }
        var span = spec.Span;
        return parsed.Select(port =>
        {
            var entries = new List<YamlEntry> { Entry("mode", String("ingress", span)) };
            if (port.HostIp.Length > 0)
            {
                entries.Add(Entry("host_ip", String(port.HostIp, span)));
            }
            entries.Add(Entry("target", Integer(port.Target, span)));
            if (port.HostPort.Length > 0)
            {
                entries.Add(Entry("published", String(port.HostPort, span)));
            }
            entries.Add(Entry("protocol", String(port.Protocol, span)));
            entries.Add(Entry(ShortSyntaxMarker, Boolean(true, span)));
            return (YamlNode)Mapping(span, entries);
        });
    }

    private static YamlNode Develop(YamlMapping develop)
    {
        if (develop["watch"] is not YamlSequence watch)
        {
            return develop;
        }
        var items = watch.Items.Select(item =>
        {
            if (item is not YamlMapping rule)
            {
                return item;
            }
            foreach (var key in new[] { "ignore", "include" })
            {
                if (rule[key] is YamlScalar single)
                {
                    rule = rule.With(key, Sequence(single.Span, [single]));
                }
            }
            return rule;
        });
        return develop.With("watch", Sequence(watch.Span, items));
    }

    /// <summary>
    /// A <c>KEY=value</c> list as a mapping (a bare <c>KEY</c> maps to null): Compose merges both forms by key, so the
    /// mapping is the canonical one here.
    /// </summary>
    public YamlNode KeyValues(YamlNode value, ComposePath path, bool nullMeansEmpty)
    {
        if (value is not YamlSequence list)
        {
            return value;
        }
        var entries = new List<YamlEntry>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in list.Items)
        {
            if (item is not YamlScalar scalar)
            {
                report(new ComposeProblem(ComposeProblemKind.Schema, item.Span, $"{path} must hold strings (KEY=value), not a {item.Kind}"));
                continue;
            }
            var text = GoText(scalar);
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? text : text[..equals];
            if (key.Length > 0 && char.IsWhiteSpace(key[^1]) && path.Depth >= 3 && path.Segments[2] == "environment")
            {
                report(new ComposeProblem(ComposeProblemKind.Schema, scalar.Span, $"environment variable {key.TrimEnd()} is declared with a trailing space") { Fix = "Remove the space before '='." });
                continue;
            }
            YamlNode node = equals < 0
                ? nullMeansEmpty ? String(string.Empty, scalar.Span) : Null(scalar.Span)
                : String(text[(equals + 1)..], scalar.Span);
            var entry = Entry(key, node, scalar.Span);
            if (positions.TryGetValue(key, out var index))
            {
                entries[index] = entry;
            }
            else
            {
                positions[key] = entries.Count;
                entries.Add(entry);
            }
        }
        return Mapping(list.Span, entries);
    }

    private YamlNode Resource(YamlNode value, ComposePath path)
    {
        if (value is not YamlMapping resource)
        {
            return value;
        }
        if (resource["labels"] is YamlSequence labels)
        {
            resource = resource.With("labels", KeyValues(labels, path.Next("labels"), nullMeansEmpty: true));
        }
        if (resource.Find("external") is { Value: YamlMapping external } entry)
        {
            resource = resource.With("external", Boolean(true, entry.Value.Span));
            if (external["name"] is YamlScalar externalName)
            {
                var name = resource["name"];
                if (name is not null && ComposeNodes.TextOf(name) != ComposeNodes.TextOf(externalName))
                {
                    report(new ComposeProblem(ComposeProblemKind.Schema, externalName.Span, $"{path}: name and external.name conflict; only use name"));
                }
                else if (name is null)
                {
                    resource = resource.With("name", externalName);
                }
            }
        }
        return resource;
    }

    /// <summary>Formats a number of bytes or a count for messages.</summary>
    internal static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    internal static SourceSpan SpanOf(YamlNode node) => node.Span;
}
