namespace Drydock.Compose.Validation;

/// <summary>The YAML types a value may have (JSON Schema's <c>type</c>).</summary>
[Flags]
public enum ValueTypes
{
    None = 0,
    String = 1,
    Integer = 2,
    /// <summary>Any number, integers included.</summary>
    Number = 4,
    Boolean = 8,
    Null = 16,
    Object = 32,
    Array = 64,
    Scalar = String | Integer | Number | Boolean,
}

/// <summary>A shape a value must have: a small subset of JSON Schema, enough for the Compose Specification.</summary>
public abstract record Shape
{
    /// <summary>How the shape reads in a message: "a string", "a mapping", "a string or a list of strings".</summary>
    public abstract string Describe();
}

/// <summary>A scalar (or null) of the given types, optionally from a fixed set of values.</summary>
public sealed record ScalarShape(ValueTypes Types, IReadOnlyList<string>? Allowed = null) : Shape
{
    public override string Describe()
    {
        var names = new List<string>();
        if (Types.HasFlag(ValueTypes.String))
        {
            names.Add("a string");
        }
        if (Types.HasFlag(ValueTypes.Number))
        {
            names.Add("a number");
        }
        else if (Types.HasFlag(ValueTypes.Integer))
        {
            names.Add("an integer");
        }
        if (Types.HasFlag(ValueTypes.Boolean))
        {
            names.Add("a boolean");
        }
        if (Types.HasFlag(ValueTypes.Null))
        {
            names.Add("null");
        }
        return Allowed is { Count: > 0 } ? $"one of {string.Join(", ", Allowed)}" : string.Join(" or ", names);
    }
}

/// <summary>A mapping with known keys (others are refused, except <c>x-</c> extensions when allowed).</summary>
public sealed record ObjectShape(IReadOnlyDictionary<string, Shape> Properties) : Shape
{
    /// <summary>When set, keys not in <see cref="Properties"/> are allowed and their values must have this shape.</summary>
    public Shape? AdditionalProperties { get; init; }

    /// <summary>Keys must match this (service and resource names).</summary>
    public Func<string, bool>? KeyPattern { get; init; }

    public string? KeyPatternDescription { get; init; }

    public bool AllowExtensions { get; init; } = true;

    public bool AllowNull { get; init; }

    public IReadOnlyList<string> Required { get; init; } = [];

    public override string Describe() => "a mapping";
}

/// <summary>A sequence whose items all have one shape.</summary>
public sealed record ArrayShape(Shape Items) : Shape
{
    public override string Describe() => $"a list of {Items.Describe().Replace("a ", string.Empty, StringComparison.Ordinal)}s";
}

/// <summary>One of several shapes (the first that fits by type is used for nested checks).</summary>
public sealed record OneOfShape(IReadOnlyList<Shape> Options) : Shape
{
    public override string Describe() => string.Join(" or ", Options.Select(option => option.Describe()));
}

/// <summary>Anything (extension values, driver options…).</summary>
public sealed record AnyShape : Shape
{
    public static readonly AnyShape Instance = new();

    public override string Describe() => "any value";
}

/// <summary>
/// The Compose Specification's structure (compose-spec.json), written as shapes: every key a service, network,
/// volume, secret or config may have, with the types it accepts.
/// </summary>
public static class ComposeSchema
{
    private static readonly Shape String = new ScalarShape(ValueTypes.String);
    private static readonly Shape Integer = new ScalarShape(ValueTypes.Integer);
    private static readonly Shape StringOrNumber = new ScalarShape(ValueTypes.String | ValueTypes.Number | ValueTypes.Integer);
    private static readonly Shape StringOrInteger = new ScalarShape(ValueTypes.String | ValueTypes.Integer);
    private static readonly Shape BooleanOrString = new ScalarShape(ValueTypes.Boolean | ValueTypes.String);
    private static readonly Shape ListOfStrings = new ArrayShape(String);
    private static readonly Shape StringOrList = new OneOfShape([String, ListOfStrings]);
    private static readonly Shape ListOfStringsOrNumbers = new ArrayShape(StringOrNumber);

    private static readonly Shape ListOrDict = new OneOfShape(
    [
        new ObjectShape(new Dictionary<string, Shape>()) { AdditionalProperties = new ScalarShape(ValueTypes.Scalar | ValueTypes.Null), AllowExtensions = false },
        ListOfStrings,
    ]);

    private static readonly Shape Command = new OneOfShape([new ScalarShape(ValueTypes.String | ValueTypes.Null), ListOfStrings]);

    private static ObjectShape Object(params (string Key, Shape Shape)[] properties) =>
        new(properties.ToDictionary(property => property.Key, property => property.Shape, StringComparer.Ordinal));

    private static ObjectShape Object(string[] required, params (string Key, Shape Shape)[] properties) =>
        Object(properties) with { Required = required };

    private static Shape Enum(params string[] values) => new ScalarShape(ValueTypes.String, values);

    private static readonly Shape DeviceRequests = new ArrayShape(Object(
        ["capabilities"],
        ("capabilities", ListOfStrings),
        ("count", StringOrInteger),
        ("device_ids", ListOfStrings),
        ("driver", String),
        ("options", ListOrDict)));

    private static readonly Shape Ulimits = new ObjectShape(new Dictionary<string, Shape>())
    {
        AdditionalProperties = new OneOfShape([StringOrInteger, Object(["soft", "hard"], ("hard", StringOrInteger), ("soft", StringOrInteger))]),
        AllowExtensions = false,
    };

    private static readonly Shape FileReferences = new ArrayShape(new OneOfShape(
    [
        String,
        Object(("source", String), ("target", String), ("uid", String), ("gid", String), ("mode", StringOrNumber)),
    ]));

    private static readonly Shape ExtraHosts = new OneOfShape(
    [
        new ObjectShape(new Dictionary<string, Shape>()) { AdditionalProperties = StringOrList, AllowExtensions = false },
        ListOfStrings,
    ]);

    private static readonly Shape Duration = String;

    private static readonly Shape Healthcheck = Object(
        ("disable", BooleanOrString),
        ("interval", Duration),
        ("retries", StringOrNumber),
        ("test", StringOrList),
        ("timeout", Duration),
        ("start_period", Duration),
        ("start_interval", Duration));

    private static readonly Shape UpdateConfig = Object(
        ("parallelism", StringOrInteger),
        ("delay", Duration),
        ("failure_action", String),
        ("monitor", Duration),
        ("max_failure_ratio", StringOrNumber),
        ("order", Enum("start-first", "stop-first")));

    private static readonly Shape Deploy = Object(
        ("mode", String),
        ("endpoint_mode", String),
        ("replicas", StringOrInteger),
        ("labels", ListOrDict),
        ("rollback_config", UpdateConfig),
        ("update_config", UpdateConfig),
        ("resources", Object(
            ("limits", Object(("cpus", StringOrNumber), ("memory", String), ("pids", StringOrInteger))),
            ("reservations", Object(
                ("cpus", StringOrNumber),
                ("memory", String),
                ("generic_resources", new ArrayShape(Object(("discrete_resource_spec", Object(("kind", String), ("value", StringOrNumber)))))),
                ("devices", DeviceRequests))))),
        ("restart_policy", Object(("condition", String), ("delay", Duration), ("max_attempts", StringOrInteger), ("window", Duration))),
        ("placement", Object(
            ("constraints", ListOfStrings),
            ("preferences", new ArrayShape(Object(("spread", String)))),
            ("max_replicas_per_node", StringOrInteger)))) with { AllowNull = true };

    private static readonly Shape ServiceHook = Object(
        ["command"],
        ("command", Command),
        ("user", String),
        ("privileged", BooleanOrString),
        ("working_dir", String),
        ("environment", ListOrDict));

    private static readonly Shape Build = new OneOfShape(
    [
        String,
        Object(
            ("context", String),
            ("dockerfile", String),
            ("dockerfile_inline", String),
            ("entitlements", ListOfStrings),
            ("args", ListOrDict),
            ("ssh", ListOrDict),
            ("labels", ListOrDict),
            ("cache_from", ListOfStrings),
            ("cache_to", ListOfStrings),
            ("no_cache", BooleanOrString),
            ("no_cache_filter", StringOrList),
            ("additional_contexts", ListOrDict),
            ("network", String),
            ("provenance", BooleanOrString),
            ("sbom", BooleanOrString),
            ("pull", BooleanOrString),
            ("target", String),
            ("shm_size", StringOrInteger),
            ("extra_hosts", ExtraHosts),
            ("isolation", String),
            ("privileged", BooleanOrString),
            ("secrets", FileReferences),
            ("tags", ListOfStrings),
            ("ulimits", Ulimits),
            ("platforms", ListOfStrings)),
    ]);

    private static readonly Shape Volumes = new ArrayShape(new OneOfShape(
    [
        String,
        Object(
            ["type"],
            ("type", Enum("bind", "volume", "tmpfs", "cluster", "npipe", "image")),
            ("source", String),
            ("target", String),
            ("read_only", BooleanOrString),
            ("consistency", String),
            ("bind", Object(
                ("propagation", String),
                ("create_host_path", BooleanOrString),
                ("recursive", Enum("enabled", "disabled", "writable", "readonly")),
                ("selinux", Enum("z", "Z")))),
            ("volume", Object(("labels", ListOrDict), ("nocopy", BooleanOrString), ("subpath", String))),
            ("tmpfs", Object(("size", StringOrInteger), ("mode", StringOrNumber))),
            ("image", Object(("subpath", String)))),
    ]));

    private static readonly Shape Ports = new ArrayShape(new OneOfShape(
    [
        new ScalarShape(ValueTypes.Number | ValueTypes.Integer | ValueTypes.String),
        Object(
            ("name", String),
            ("mode", String),
            ("host_ip", String),
            ("target", StringOrInteger),
            ("published", StringOrInteger),
            ("protocol", String),
            ("app_protocol", String)),
    ]));

    public static readonly ObjectShape Service = Object(
        ("develop", Object(("watch", new ArrayShape(Object(
            ["path", "action"],
            ("ignore", StringOrList),
            ("include", StringOrList),
            ("path", String),
            ("action", Enum("rebuild", "sync", "restart", "sync+restart", "sync+exec")),
            ("target", String),
            ("exec", ServiceHook),
            ("initial_sync", new ScalarShape(ValueTypes.Boolean)))))) with { AllowNull = true }),
        ("deploy", Deploy),
        ("annotations", ListOrDict),
        ("attach", BooleanOrString),
        ("build", Build),
        ("blkio_config", Object(
            ("device_read_bps", new ArrayShape(Object(("path", String), ("rate", StringOrInteger)))),
            ("device_read_iops", new ArrayShape(Object(("path", String), ("rate", StringOrInteger)))),
            ("device_write_bps", new ArrayShape(Object(("path", String), ("rate", StringOrInteger)))),
            ("device_write_iops", new ArrayShape(Object(("path", String), ("rate", StringOrInteger)))),
            ("weight", StringOrInteger),
            ("weight_device", new ArrayShape(Object(("path", String), ("weight", StringOrInteger)))))),
        ("cap_add", ListOfStrings),
        ("cap_drop", ListOfStrings),
        ("cgroup", Enum("host", "private")),
        ("cgroup_parent", String),
        ("command", Command),
        ("configs", FileReferences),
        ("container_name", String),
        ("cpu_count", StringOrInteger),
        ("cpu_percent", StringOrInteger),
        ("cpu_shares", StringOrNumber),
        ("cpu_quota", StringOrNumber),
        ("cpu_period", StringOrNumber),
        ("cpu_rt_period", StringOrNumber),
        ("cpu_rt_runtime", StringOrNumber),
        ("cpus", StringOrNumber),
        ("cpuset", String),
        ("credential_spec", Object(("config", String), ("file", String), ("registry", String))),
        ("depends_on", new OneOfShape(
        [
            ListOfStrings,
            new ObjectShape(new Dictionary<string, Shape>())
            {
                AdditionalProperties = Object(
                    ["condition"],
                    ("restart", BooleanOrString),
                    ("required", BooleanOrString),
                    ("condition", Enum("service_started", "service_healthy", "service_completed_successfully"))),
                AllowExtensions = false,
            },
        ])),
        ("device_cgroup_rules", ListOfStrings),
        ("devices", new ArrayShape(new OneOfShape([String, Object(["source"], ("source", String), ("target", String), ("permissions", String))]))),
        ("dns", StringOrList),
        ("dns_opt", ListOfStrings),
        ("dns_search", StringOrList),
        ("domainname", String),
        ("entrypoint", Command),
        ("env_file", new OneOfShape(
        [
            String,
            new ArrayShape(new OneOfShape([String, Object(["path"], ("path", String), ("format", String), ("required", BooleanOrString)) with { AllowExtensions = false }])),
        ])),
        ("label_file", StringOrList),
        ("environment", ListOrDict),
        ("expose", ListOfStringsOrNumbers),
        ("extends", new OneOfShape([String, Object(["service"], ("service", String), ("file", String)) with { AllowExtensions = false }])),
        ("provider", Object(["type"], ("type", String), ("options", new ObjectShape(new Dictionary<string, Shape>()) { AdditionalProperties = AnyShape.Instance }))),
        ("external_links", ListOfStrings),
        ("extra_hosts", ExtraHosts),
        ("gpus", new OneOfShape([Enum("all"), DeviceRequests])),
        ("group_add", ListOfStringsOrNumbers),
        ("healthcheck", Healthcheck),
        ("hostname", String),
        ("image", String),
        ("init", BooleanOrString),
        ("ipc", String),
        ("isolation", String),
        ("labels", ListOrDict),
        ("links", ListOfStrings),
        ("logging", Object(("driver", String), ("options", new ObjectShape(new Dictionary<string, Shape>()) { AdditionalProperties = new ScalarShape(ValueTypes.String | ValueTypes.Number | ValueTypes.Integer | ValueTypes.Null), AllowExtensions = false }))),
        ("mac_address", String),
        ("mem_limit", StringOrNumber),
        ("mem_reservation", StringOrInteger),
        ("mem_swappiness", StringOrInteger),
        ("memswap_limit", StringOrNumber),
        ("network_mode", String),
        ("models", new OneOfShape([ListOfStrings, new ObjectShape(new Dictionary<string, Shape>()) { AdditionalProperties = AnyShape.Instance, AllowExtensions = false }])),
        ("networks", new OneOfShape(
        [
            ListOfStrings,
            new ObjectShape(new Dictionary<string, Shape>())
            {
                AdditionalProperties = Object(
                    ("aliases", ListOfStrings),
                    ("interface_name", String),
                    ("ipv4_address", String),
                    ("ipv6_address", String),
                    ("link_local_ips", ListOfStrings),
                    ("mac_address", String),
                    ("driver_opts", new ObjectShape(new Dictionary<string, Shape>()) { AdditionalProperties = StringOrNumber, AllowExtensions = false }),
                    ("priority", new ScalarShape(ValueTypes.Number | ValueTypes.Integer)),
                    ("gw_priority", new ScalarShape(ValueTypes.Number | ValueTypes.Integer))) with { AllowNull = true },
                AllowExtensions = false,
            },
        ])),
        ("oom_kill_disable", BooleanOrString),
        ("oom_score_adj", StringOrInteger),
        ("pid", new ScalarShape(ValueTypes.String | ValueTypes.Null)),
        ("pids_limit", StringOrNumber),
        ("platform", String),
        ("ports", Ports),
        ("pre_start", new ArrayShape(ServiceHook)),
        ("post_start", new ArrayShape(ServiceHook)),
        ("pre_stop", new ArrayShape(ServiceHook)),
        ("privileged", BooleanOrString),
        ("profiles", ListOfStrings),
        ("pull_policy", String),
        ("pull_refresh_after", String),
        ("read_only", BooleanOrString),
        ("restart", String),
        ("runtime", String),
        ("scale", StringOrInteger),
        ("security_opt", ListOfStrings),
        ("shm_size", StringOrNumber),
        ("secrets", FileReferences),
        ("sysctls", ListOrDict),
        ("stdin_open", BooleanOrString),
        ("stop_grace_period", Duration),
        ("stop_signal", String),
        ("storage_opt", new ObjectShape(new Dictionary<string, Shape>()) { AdditionalProperties = AnyShape.Instance }),
        ("tmpfs", StringOrList),
        ("tty", BooleanOrString),
        ("ulimits", Ulimits),
        ("use_api_socket", new ScalarShape(ValueTypes.Boolean)),
        ("user", String),
        ("uts", String),
        ("userns_mode", String),
        ("volumes", Volumes),
        ("volumes_from", ListOfStrings),
        ("working_dir", String));

    private static readonly Shape External = new OneOfShape([BooleanOrString, Object(("name", String))]);

    private static readonly Shape DriverOptions = new ObjectShape(new Dictionary<string, Shape>()) { AdditionalProperties = StringOrNumber, AllowExtensions = false };

    public static readonly ObjectShape Network = Object(
        ("name", String),
        ("driver", String),
        ("driver_opts", DriverOptions),
        ("ipam", Object(
            ("driver", String),
            ("config", new ArrayShape(Object(
                ("subnet", String),
                ("ip_range", String),
                ("gateway", String),
                ("aux_addresses", new ObjectShape(new Dictionary<string, Shape>()) { AdditionalProperties = String, AllowExtensions = false })))),
            ("options", new ObjectShape(new Dictionary<string, Shape>()) { AdditionalProperties = String, AllowExtensions = false }))),
        ("external", External),
        ("internal", BooleanOrString),
        ("enable_ipv4", BooleanOrString),
        ("enable_ipv6", BooleanOrString),
        ("attachable", BooleanOrString),
        ("labels", ListOrDict)) with { AllowNull = true };

    public static readonly ObjectShape Volume = Object(
        ("name", String),
        ("driver", String),
        ("driver_opts", DriverOptions),
        ("external", External),
        ("labels", ListOrDict)) with { AllowNull = true };

    public static readonly ObjectShape Secret = Object(
        ("name", String),
        ("environment", String),
        ("file", String),
        ("external", External),
        ("labels", ListOrDict),
        ("driver", String),
        ("driver_opts", DriverOptions),
        ("template_driver", String));

    public static readonly ObjectShape Config = Object(
        ("name", String),
        ("content", String),
        ("environment", String),
        ("file", String),
        ("external", External),
        ("labels", ListOrDict),
        ("template_driver", String));

    public static readonly ObjectShape Model = Object(
        ["model"],
        ("name", String),
        ("model", String),
        ("context_size", Integer),
        ("runtime_flags", ListOfStrings));

    private static bool IsResourceName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    private static ObjectShape Section(Shape item) => new(new Dictionary<string, Shape>())
    {
        AdditionalProperties = item,
        KeyPattern = IsResourceName,
        KeyPatternDescription = "letters, digits, '.', '_' and '-'",
        AllowExtensions = true,
        AllowNull = true,
    };

    /// <summary>The top level of a Compose file.</summary>
    public static readonly ObjectShape Root = Object(
        ("version", String),
        ("name", String),
        ("include", new ArrayShape(new OneOfShape([String, Object(("path", StringOrList), ("env_file", StringOrList), ("project_directory", String)) with { AllowExtensions = false }]))),
        ("services", Section(Service) with { AllowExtensions = false }),
        ("models", Section(Model)),
        ("networks", Section(Network)),
        ("volumes", Section(Volume) with { AllowExtensions = false }),
        ("secrets", Section(Secret) with { AllowExtensions = false }),
        ("configs", Section(Config) with { AllowExtensions = false }));
}
