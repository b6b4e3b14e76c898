using System.Globalization;
using Drydock.Compose.Loading;
using Drydock.Compose.Model;
using Drydock.Yaml;
using static Drydock.Compose.Loading.ComposeNodes;

namespace Drydock.Compose.Rendering;

/// <summary>
/// Renders a loaded project in the shape of <c>docker compose config --format json</c>: compose-go's types as Go's
/// encoder writes them. Fields in the types' declaration order, maps sorted by key, empty values left out except where
/// Compose keeps them (<c>command: null</c>, <c>resources: {}</c>, <c>ipam: {}</c>, <c>required</c> of depends_on),
/// sizes as strings of bytes, durations as Go writes them (<c>1m30s</c>), env_file read into environment.
/// </summary>
public static class ComposeConfigRenderer
{
    private enum FieldKind
    {
        String,
        Bool,
        BoolPointer,
        Int,
        IntPointer,
        Float32,
        Bytes,
        Duration,
        DurationPointer,
        Command,
        StringList,
        MappingWithEquals,
        Mapping,
        HostsList,
        Struct,
        StructAlways,
        List,
        DependsOn,
        ServiceNetworks,
        Ulimits,
        OptOut,
        FileMode,
        Raw,
    }

    private sealed record Field(string Name, FieldKind Kind, Field[]? Members = null);

    private static Field S(string name) => new(name, FieldKind.String);

    private static Field F(string name, FieldKind kind, params Field[] members) => new(name, kind, members.Length == 0 ? null : members);

    private static readonly Field[] FileReference =
    [
        S("source"), S("target"), S("uid"), S("gid"), F("mode", FieldKind.FileMode),
    ];

    private static readonly Field[] UpdateConfig =
    [
        F("parallelism", FieldKind.IntPointer), F("delay", FieldKind.Duration), S("failure_action"), F("monitor", FieldKind.Duration),
        F("max_failure_ratio", FieldKind.Float32), S("order"),
    ];

    private static readonly Field[] Resource =
    [
        F("cpus", FieldKind.Float32), F("memory", FieldKind.Bytes), F("pids", FieldKind.Int), F("devices", FieldKind.Raw), F("generic_resources", FieldKind.Raw),
    ];

    private static readonly Field[] Ulimit = [F("soft", FieldKind.Int), F("hard", FieldKind.Int)];

    private static readonly Field[] Build =
    [
        S("context"), S("dockerfile"), S("dockerfile_inline"), F("entitlements", FieldKind.StringList), F("args", FieldKind.MappingWithEquals),
        S("provenance"), S("sbom"), F("ssh", FieldKind.Raw), F("labels", FieldKind.Mapping), F("cache_from", FieldKind.StringList),
        F("cache_to", FieldKind.StringList), F("no_cache", FieldKind.Bool), F("no_cache_filter", FieldKind.StringList),
        F("additional_contexts", FieldKind.Mapping), F("pull", FieldKind.Bool), F("extra_hosts", FieldKind.HostsList), S("isolation"),
        S("network"), S("target"), F("secrets", FieldKind.List, FileReference), F("shm_size", FieldKind.Bytes), F("tags", FieldKind.StringList),
        F("ulimits", FieldKind.Ulimits), F("platforms", FieldKind.StringList), F("privileged", FieldKind.Bool),
    ];

    private static readonly Field[] Service =
    [
        F("profiles", FieldKind.StringList),
        F("annotations", FieldKind.Mapping),
        F("attach", FieldKind.BoolPointer),
        F("build", FieldKind.Struct, Build),
        F("develop", FieldKind.Raw),
        F("blkio_config", FieldKind.Raw),
        F("cap_add", FieldKind.StringList),
        F("cap_drop", FieldKind.StringList),
        S("cgroup_parent"),
        S("cgroup"),
        F("cpu_count", FieldKind.Int),
        F("cpu_percent", FieldKind.Float32),
        F("cpu_period", FieldKind.Int),
        F("cpu_quota", FieldKind.Int),
        F("cpu_rt_period", FieldKind.Int),
        F("cpu_rt_runtime", FieldKind.Int),
        F("cpus", FieldKind.Float32),
        S("cpuset"),
        F("cpu_shares", FieldKind.Int),
        F("command", FieldKind.Command),
        F("configs", FieldKind.List, FileReference),
        S("container_name"),
        F("credential_spec", FieldKind.Raw),
        F("depends_on", FieldKind.DependsOn),
        F("deploy", FieldKind.Struct,
            S("mode"), F("replicas", FieldKind.IntPointer), F("labels", FieldKind.Mapping),
            F("update_config", FieldKind.Struct, UpdateConfig), F("rollback_config", FieldKind.Struct, UpdateConfig),
            F("resources", FieldKind.StructAlways, F("limits", FieldKind.Struct, Resource), F("reservations", FieldKind.Struct, Resource)),
            F("restart_policy", FieldKind.Struct, S("condition"), F("delay", FieldKind.DurationPointer), F("max_attempts", FieldKind.IntPointer), F("window", FieldKind.DurationPointer)),
            F("placement", FieldKind.StructAlways, F("constraints", FieldKind.StringList), F("preferences", FieldKind.Raw), F("max_replicas_per_node", FieldKind.Int)),
            S("endpoint_mode")),
        F("device_cgroup_rules", FieldKind.StringList),
        F("devices", FieldKind.List, S("source"), S("target"), S("permissions")),
        F("dns", FieldKind.StringList),
        F("dns_opt", FieldKind.StringList),
        F("dns_search", FieldKind.StringList),
        S("dockerfile"),
        S("domainname"),
        F("entrypoint", FieldKind.Command),
        F("provider", FieldKind.Raw),
        F("environment", FieldKind.MappingWithEquals),
        F("env_file", FieldKind.List, S("path"), F("required", FieldKind.OptOut), S("format")),
        F("expose", FieldKind.StringList),
        F("extends", FieldKind.Raw),
        F("external_links", FieldKind.StringList),
        F("extra_hosts", FieldKind.HostsList),
        F("group_add", FieldKind.StringList),
        F("gpus", FieldKind.Raw),
        S("hostname"),
        F("healthcheck", FieldKind.Struct,
            F("test", FieldKind.StringList), F("timeout", FieldKind.DurationPointer), F("interval", FieldKind.DurationPointer), F("retries", FieldKind.IntPointer),
            F("start_period", FieldKind.DurationPointer), F("start_interval", FieldKind.DurationPointer), F("disable", FieldKind.Bool)),
        S("image"),
        F("init", FieldKind.BoolPointer),
        S("ipc"),
        S("isolation"),
        F("labels", FieldKind.Mapping),
        F("label_file", FieldKind.StringList),
        F("links", FieldKind.StringList),
        F("logging", FieldKind.Struct, S("driver"), F("options", FieldKind.Mapping)),
        S("log_driver"),
        F("log_opt", FieldKind.Mapping),
        F("mem_limit", FieldKind.Bytes),
        F("mem_reservation", FieldKind.Bytes),
        F("memswap_limit", FieldKind.Bytes),
        F("mem_swappiness", FieldKind.Bytes),
        S("mac_address"),
        F("models", FieldKind.Raw),
        S("net"),
        S("network_mode"),
        F("networks", FieldKind.ServiceNetworks),
        F("oom_kill_disable", FieldKind.Bool),
        F("oom_score_adj", FieldKind.Int),
        S("pid"),
        F("pids_limit", FieldKind.Int),
        S("platform"),
        F("ports", FieldKind.List, S("name"), S("mode"), S("host_ip"), F("target", FieldKind.Int), S("published"), S("protocol"), S("app_protocol")),
        F("privileged", FieldKind.Bool),
        S("pull_policy"),
        F("read_only", FieldKind.Bool),
        S("restart"),
        S("runtime"),
        F("scale", FieldKind.IntPointer),
        F("secrets", FieldKind.List, FileReference),
        F("security_opt", FieldKind.StringList),
        F("shm_size", FieldKind.Bytes),
        F("stdin_open", FieldKind.Bool),
        F("stop_grace_period", FieldKind.DurationPointer),
        S("stop_signal"),
        F("storage_opt", FieldKind.Mapping),
        F("sysctls", FieldKind.Mapping),
        F("tmpfs", FieldKind.StringList),
        F("tty", FieldKind.Bool),
        F("ulimits", FieldKind.Ulimits),
        F("use_api_socket", FieldKind.Bool),
        S("user"),
        S("userns_mode"),
        S("uts"),
        S("volume_driver"),
        F("volumes", FieldKind.List,
            S("type"), S("source"), S("target"), F("read_only", FieldKind.Bool), S("consistency"),
            F("bind", FieldKind.Struct, S("selinux"), S("propagation"), F("create_host_path", FieldKind.OptOut), S("recursive")),
            F("volume", FieldKind.Struct, F("labels", FieldKind.Mapping), F("nocopy", FieldKind.Bool), S("subpath")),
            F("tmpfs", FieldKind.Struct, F("size", FieldKind.Bytes), F("mode", FieldKind.Int)),
            F("image", FieldKind.Struct, S("subpath"))),
        F("volumes_from", FieldKind.StringList),
        S("working_dir"),
        F("pre_start", FieldKind.Raw),
        F("post_start", FieldKind.Raw),
        F("pre_stop", FieldKind.Raw),
    ];

    private static readonly Field[] Network =
    [
        S("name"), S("driver"), F("driver_opts", FieldKind.Mapping),
        F("ipam", FieldKind.StructAlways, S("driver"), F("config", FieldKind.List, S("subnet"), S("gateway"), S("ip_range"), F("aux_addresses", FieldKind.Mapping)), F("options", FieldKind.Mapping)),
        F("external", FieldKind.Bool), F("internal", FieldKind.Bool), F("attachable", FieldKind.Bool), F("labels", FieldKind.Mapping),
        F("enable_ipv4", FieldKind.BoolPointer), F("enable_ipv6", FieldKind.BoolPointer),
    ];

    private static readonly Field[] Volume =
    [
        S("name"), S("driver"), F("driver_opts", FieldKind.Mapping), F("external", FieldKind.Bool), F("labels", FieldKind.Mapping),
    ];

    private static readonly Field[] FileObject =
    [
        S("name"), S("file"), S("environment"), S("content"), F("external", FieldKind.Bool), F("labels", FieldKind.Mapping),
        S("driver"), F("driver_opts", FieldKind.Mapping), S("template_driver"),
    ];

    /// <summary>The resolved model as <c>docker compose config</c> prints it (enabled services only).</summary>
    public static ConfigValue Render(ComposeProject project)
    {
        ArgumentNullException.ThrowIfNull(project);
        var members = new List<ConfigMember>();
        var root = project.Node;

        var configs = Section(root["configs"] as YamlMapping, FileObject, removeContentWhenEnvironment: true);
        if (configs is not null)
        {
            members.Add(new ConfigMember("configs", configs));
        }
        members.Add(new ConfigMember("name", new ConfigString(project.Name)));
        if (Section(root["networks"] as YamlMapping, Network) is { } networks)
        {
            members.Add(new ConfigMember("networks", networks));
        }
        if (Section(root["secrets"] as YamlMapping, FileObject, dropContent: true) is { } secrets)
        {
            members.Add(new ConfigMember("secrets", secrets));
        }
        members.Add(new ConfigMember("services", new ConfigObject(project.Services
            .OrderBy(service => service.Name, StringComparer.Ordinal)
            .Select(service => new ConfigMember(service.Name, RenderService(service)))
            .ToList())));
        if (Section(root["volumes"] as YamlMapping, Volume) is { } volumes)
        {
            members.Add(new ConfigMember("volumes", volumes));
        }
        foreach (var extension in root.Entries.Where(entry => entry.Key.Value.StartsWith("x-", StringComparison.Ordinal)))
        {
            members.Add(new ConfigMember(extension.Key.Value, Raw(extension.Value)));
        }
        return new ConfigObject(members.OrderBy(member => member.Name, StringComparer.Ordinal).ToList());
    }

    public static string ToJson(ComposeProject project) => ConfigWriter.ToJson(Render(project));

    public static string ToYaml(ComposeProject project) => ConfigWriter.ToYaml(Render(project));

    private static ConfigObject RenderService(ComposeService service)
    {
        // `docker compose config` reads env_file into environment and drops env_file.
        var node = service.Node.Without("env_file").Without(Canonicalizer.ShortSyntaxMarker);
        if (service.Environment.Count > 0 || node.Find("environment") is not null)
        {
            node = node.With("environment", Mapping(node.Span, service.Environment.Select(variable =>
                Entry(variable.Name, variable.Value is null ? (YamlNode)Null(variable.Span) : String(variable.Value, variable.Span), variable.Span))));
        }
        return Struct(node, Service, always: true)!;
    }

    private static ConfigObject? Section(YamlMapping? section, Field[] fields, bool dropContent = false, bool removeContentWhenEnvironment = false)
    {
        if (section is null || section.Entries.Count == 0)
        {
            return null;
        }
        var members = new List<ConfigMember>();
        foreach (var entry in section.Entries.OrderBy(entry => entry.Key.Value, StringComparer.Ordinal))
        {
            var resource = entry.Value as YamlMapping ?? new YamlMapping([], entry.Key.Span);
            if (dropContent || (removeContentWhenEnvironment && TextOf(resource["environment"]) is { Length: > 0 }))
            {
                resource = resource.Without("content");
            }
            members.Add(new ConfigMember(entry.Key.Value, Struct(resource, fields, always: true)!));
        }
        return new ConfigObject(members);
    }

    private static ConfigObject? Struct(YamlNode? node, Field[] fields, bool always)
    {
        if (node is not YamlMapping mapping)
        {
            return always ? new ConfigObject([]) : null;
        }
        var members = new List<ConfigMember>();
        foreach (var field in fields)
        {
            var value = mapping[field.Name];
            if (value is null && field.Kind is not (FieldKind.Command or FieldKind.StructAlways))
            {
                continue;
            }
            var rendered = Value(value, field);
            if (rendered is not null)
            {
                members.Add(new ConfigMember(field.Name, rendered, OmitInYaml: field.Kind == FieldKind.Command && rendered is ConfigNull));
            }
        }
        return new ConfigObject(members);
    }

    private static ConfigValue? Value(YamlNode? node, Field field)
    {
        switch (field.Kind)
        {
            case FieldKind.String:
                return TextOf(node) is { Length: > 0 } text ? new ConfigString(text) : null;
            case FieldKind.Bool:
                return TryBoolean(node, out var flag) && flag ? new ConfigBool(true) : null;
            case FieldKind.BoolPointer:
                return TryBoolean(node, out var pointerFlag) ? new ConfigBool(pointerFlag) : null;
            case FieldKind.OptOut:
                return TryBoolean(node, out var optOut) && !optOut ? new ConfigBool(false) : null;
            case FieldKind.Int:
                return TryInteger(node, out var integer) && integer != 0 ? ConfigNumber.Of(integer) : null;
            case FieldKind.IntPointer:
                return TryInteger(node, out var pointerInteger) ? ConfigNumber.Of(pointerInteger) : null;
            case FieldKind.Float32:
                return TryNumber(node, out var number) && number != 0 ? new ConfigNumber(Float32(number)) : null;
            case FieldKind.Bytes:
                return node is not null && ComposeModelBuilder.TryBytes(node, out var bytes) && bytes != 0 ? new ConfigString(bytes.ToString(CultureInfo.InvariantCulture)) : null;
            case FieldKind.Duration or FieldKind.DurationPointer:
                if (TextOf(node) is { } durationText && ComposeUnits.TryParseDuration(durationText, out var duration, out _))
                {
                    return field.Kind == FieldKind.Duration && duration == TimeSpan.Zero ? null : new ConfigString(ComposeUnits.FormatDuration(duration));
                }
                return null;
            case FieldKind.Command:
                return node switch
                {
                    YamlSequence words => new ConfigArray(words.Items.Select(word => (ConfigValue)new ConfigString(TextOf(word) ?? string.Empty)).ToList()),
                    YamlScalar commandText when !IsNull(commandText) => new ConfigArray(ShellWords.TryParse(GoText(commandText), out var split, out _) ? split.Select(word => (ConfigValue)new ConfigString(word)).ToList() : [new ConfigString(GoText(commandText))]),
                    _ => ConfigNull.Instance,
                };
            case FieldKind.StringList:
                return node switch
                {
                    YamlSequence { Items.Count: > 0 } list => new ConfigArray(list.Items.Select(item => (ConfigValue)new ConfigString(TextOf(item) ?? string.Empty)).ToList()),
                    YamlScalar single when TextOf(single) is { } one => field.Name == "test" ? new ConfigArray([new ConfigString("CMD-SHELL"), new ConfigString(one)]) : new ConfigArray([new ConfigString(one)]),
                    _ => null,
                };
            case FieldKind.MappingWithEquals:
            case FieldKind.Mapping:
            {
                var pairs = ComposeModelBuilder.KeyValues(node);
                if (pairs.Count == 0)
                {
                    return null;
                }
                var sorted = pairs.GroupBy(pair => pair.Key, StringComparer.Ordinal).Select(group => group.Last()).OrderBy(pair => pair.Key, StringComparer.Ordinal);
                return new ConfigObject(sorted.Select(pair => new ConfigMember(pair.Key,
                    pair.Value is null && field.Kind == FieldKind.MappingWithEquals ? ConfigNull.Instance : new ConfigString(pair.Value ?? string.Empty))).ToList());
            }
            case FieldKind.HostsList:
            {
                var hosts = HostEntries(node).Order(StringComparer.Ordinal).Select(host => (ConfigValue)new ConfigString(host)).ToList();
                return hosts.Count == 0 ? null : new ConfigArray(hosts);
            }
            case FieldKind.Struct:
                return Struct(node, field.Members!, always: false);
            case FieldKind.StructAlways:
                return Struct(node, field.Members!, always: true);
            case FieldKind.List:
                return node is YamlSequence { Items.Count: > 0 } items
                    ? new ConfigArray(items.Items.Select(item => (ConfigValue)(Struct(item, field.Members!, always: true) ?? new ConfigObject([]))).ToList())
                    : null;
            case FieldKind.DependsOn:
                return node is YamlMapping { Entries.Count: > 0 } dependencies
                    ? new ConfigObject(dependencies.Entries.OrderBy(entry => entry.Key.Value, StringComparer.Ordinal).Select(entry =>
                    {
                        var dependency = entry.Value as YamlMapping;
                        var members = new List<ConfigMember>();
                        if (TextOf(dependency?["condition"]) is { Length: > 0 } condition)
                        {
                            members.Add(new ConfigMember("condition", new ConfigString(condition)));
                        }
                        if (TryBoolean(dependency?["restart"], out var restart) && restart)
                        {
                            members.Add(new ConfigMember("restart", new ConfigBool(true)));
                        }
                        members.Add(new ConfigMember("required", new ConfigBool(!TryBoolean(dependency?["required"], out var required) || required)));
                        return new ConfigMember(entry.Key.Value, new ConfigObject(members));
                    }).ToList())
                    : null;
            case FieldKind.ServiceNetworks:
                return node is YamlMapping { Entries.Count: > 0 } networks
                    ? new ConfigObject(networks.Entries.OrderBy(entry => entry.Key.Value, StringComparer.Ordinal).Select(entry =>
                        new ConfigMember(entry.Key.Value, entry.Value is YamlMapping network
                            ? Struct(network, ServiceNetwork, always: true)!
                            : ConfigNull.Instance)).ToList())
                    : null;
            case FieldKind.Ulimits:
                return node is YamlMapping { Entries.Count: > 0 } limits
                    ? new ConfigObject(limits.Entries.OrderBy(entry => entry.Key.Value, StringComparer.Ordinal).Select(entry =>
                        new ConfigMember(entry.Key.Value, TryInteger(entry.Value, out var single) && single != 0
                            ? ConfigNumber.Of(single)
                            : Struct(entry.Value, Ulimit, always: true)!)).ToList())
                    : null;
            case FieldKind.FileMode:
                return node is YamlScalar mode && ComposeModelBuilder.ParseMode(mode) is { } value
                    ? new ConfigString("0" + Convert.ToString(value, 8))
                    : null;
            default:
                return node is null || IsNull(node) ? null : Raw(node);
        }
    }

    private static readonly Field[] ServiceNetwork =
    [
        F("aliases", FieldKind.StringList), F("driver_opts", FieldKind.Mapping), F("gw_priority", FieldKind.Int), S("interface_name"),
        S("ipv4_address"), S("ipv6_address"), F("link_local_ips", FieldKind.StringList), S("mac_address"), F("priority", FieldKind.Int),
    ];

    private static IEnumerable<string> HostEntries(YamlNode? node) => node switch
    {
        YamlSequence list => list.Items.Select(TextOf).OfType<string>().SelectMany(host =>
        {
            var separator = host.IndexOf('=', StringComparison.Ordinal) is var equals and >= 0 ? equals : host.IndexOf(':', StringComparison.Ordinal);
            if (separator < 0)
            {
                return [host];
            }
            var name = host[..separator];
            return host[(separator + 1)..].Split(',').Select(ip => $"{name}={ip}");
        }),
        YamlMapping map => map.Entries.SelectMany(entry => entry.Value is YamlSequence ips
            ? ips.Items.Select(ip => $"{entry.Key.Value}={TextOf(ip)}")
            : [$"{entry.Key.Value}={TextOf(entry.Value) ?? string.Empty}"]),
        _ => [],
    };

    /// <summary>A value the model does not type, converted as YAML reads it (for develop, hooks, extensions…).</summary>
    private static ConfigValue Raw(YamlNode node) => node switch
    {
        YamlMapping mapping => new ConfigObject(mapping.Entries.OrderBy(entry => entry.Key.Value, StringComparer.Ordinal).Select(entry => new ConfigMember(entry.Key.Value, Raw(entry.Value))).ToList()),
        YamlSequence sequence => new ConfigArray(sequence.Items.Select(Raw).ToList()),
        YamlScalar scalar => Kind(scalar) switch
        {
            ScalarKind.Null => ConfigNull.Instance,
            ScalarKind.Boolean => new ConfigBool(GoText(scalar) == "true"),
            ScalarKind.Integer => new ConfigNumber(GoText(scalar)),
            ScalarKind.Float => new ConfigNumber(TryParseFloat(scalar.Value, out var number) ? Float64(number) : scalar.Value),
            _ => new ConfigString(scalar.Value),
        },
        _ => ConfigNull.Instance,
    };

    /// <summary>Go's encoding of a float32: shortest digits, exponent form below 1e-6 and from 1e21.</summary>
    public static string Float32(double value)
    {
        var single = (float)value;
        var abs = Math.Abs(single);
        if (abs != 0 && (abs < 1e-6f || abs >= 1e21f))
        {
            return GoExponent(single.ToString("R", CultureInfo.InvariantCulture));
        }
        return decimal.Parse(single.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
    }

    private static string Float64(double value)
    {
        var abs = Math.Abs(value);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21))
        {
            return GoExponent(value.ToString("R", CultureInfo.InvariantCulture));
        }
        return decimal.Parse(value.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
    }

    private static string GoExponent(string roundTrip)
    {
        var e = roundTrip.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            return roundTrip;
        }
        var exponent = int.Parse(roundTrip[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return $"{roundTrip[..e]}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}";
    }
}
