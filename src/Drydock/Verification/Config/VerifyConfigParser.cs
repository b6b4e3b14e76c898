using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text;
using Drydock.Compose.Loading;
using Drydock.Configuration;
using Drydock.Measurements;
using Drydock.Text;
using Drydock.Yaml;

namespace Drydock.Verification.Config;

/// <summary>
/// Reads the verification sections of drydock.yml (<c>compose</c>, <c>timeout</c>, <c>startup_timeout</c>, <c>idle</c>,
/// <c>log_errors</c>, <c>targets</c>, <c>services</c>, <c>load</c>, <c>scenarios</c>; docs/drydock-yml.md) into a
/// <see cref="VerifyConfig"/>.
/// The first mistake throws a <see cref="DrydockException"/> at the offending node with a fix; service names are
/// checked against the compose project later, by the runner.
/// </summary>
public static partial class VerifyConfigParser
{
    internal static readonly string[] TopLevelKeys = ["compose", "timeout", "startup_timeout", "start_order", "idle", "log_errors", "targets", "services", "load", "scenarios"];
    internal static readonly string[] IdleKeys = ["window", "interval"];
    internal static readonly string[] ServiceKeys = ["optional", "targets", "log_errors", "image", "probes", "ready_before"];
    internal static readonly string[] ImageKeys = ["user", "absent", "present", "max_wasted"];
    internal static readonly string[] ProbeKinds = ["http", "exec", "tcp", "file", "prometheus_targets"];
    internal static readonly string[] ProbeKeys = ["name", "http", "exec", "tcp", "file", "prometheus_targets", "user", "expect", "timeout", "interval", "attempts"];
    internal static readonly string[] HttpKeys = ["path", "method", "port", "headers", "body"];
    internal static readonly string[] HttpExpectKeys = ["status", "headers", "body_contains", "body_matches", "json", "prometheus", "first_event_within", "latency"];
    internal static readonly string[] ExecExpectKeys = ["exit_code", "output_contains", "output_matches"];
    internal static readonly string[] FileKeys = ["path", "exists", "owner", "mode", "size", "magic"];
    internal static readonly string[] PrometheusTargetsKeys = ["port", "path", "jobs"];

    // Load runs and scenarios (VerifyConfigParser.Scenarios.cs). Kept in this file: static fields of a partial class
    // initialise in one file's textual order only, and ScenarioProbeKeys builds on ProbeKeys.
    internal static readonly string[] LoadKeys =
        ["name", "service", "port", "method", "path", "headers", "body", "model", "connections", "rate", "duration", "max_requests", "warm_up", "request_timeout", "thresholds", "during"];
    internal static readonly string[] FaultKinds = Enum.GetNames<FaultKind>().Select(kind => kind.ToLowerInvariant()).ToArray();
    internal static readonly string[] FaultKeys = ["service", "signal", "network"];
    internal static readonly string[] DuringKeys = [.. FaultKinds, "after"];
    internal static readonly string[] ScenarioKeys = ["name", "recovery_time", "recovery_timeout", "expect_logs", "steps"];
    internal static readonly string[] StepKinds = ["probe", .. FaultKinds, "wait", "load"];
    internal static readonly string[] ScenarioProbeKeys = [.. ProbeKeys, "service", "save"];

    /// <summary>
    /// The metrics a service's own <c>targets:</c> may name: start-up is the stack's; a service's <c>build_time</c> makes
    /// verify build and time the services one by one.
    /// </summary>
    internal static readonly IReadOnlyList<string> ServiceMetrics =
        Metrics.Targetable.Where(metric => metric.Scope != MetricScope.Stack).Select(metric => metric.Name).ToList();

    private static readonly IReadOnlyList<string> StackMetricNames = Metrics.Targetable.Select(metric => metric.Name).ToList();

    private const string DurationFix = "write a duration such as 250ms, 10s, 1m30s or 2h (a plain number is seconds).";
    private const string SizeFix = "write a size such as 300 MB, 1.5GB or 512MiB (a plain number is bytes).";

    public static VerifyConfig Load(string path) => Parse(DrydockConfigFile.Load(path));

    public static VerifyConfig Parse(DrydockConfigFile file)
    {
        var config = VerifyConfig.ZeroConfig(Path.GetDirectoryName(Path.GetFullPath(file.Path)) ?? ".") with { File = file.Path };
        foreach (var entry in file.Root.Entries)
        {
            var value = entry.Value;
            config = entry.Key.Value switch
            {
                "compose" => config with { ComposeFiles = Strings(value, "compose").Select(item => item.Text).ToList() },
                "timeout" => config with { Timeout = Duration(value, "timeout") },
                "startup_timeout" => config with { StartupTimeout = Duration(value, "startup_timeout") },
                "start_order" => config with { StartOrderRespected = StartOrder(value) },
                "idle" => config with { Idle = ReadIdle(value) },
                "log_errors" => config with { LogErrorPatterns = Patterns(value, "log_errors") },
                "targets" => config with { Targets = ReadTargets(value, "targets", service: null, StackMetricNames) },
                "services" => config with { Services = ReadServices(value) },
                "load" => config with { Load = ReadLoads(value) },
                "scenarios" => config with { Scenarios = ReadScenarios(value) },
                // check: and context: belong to other readers; DrydockConfigFile rejects the rest.
                _ => config,
            };
        }
        return config;
    }

    private static bool StartOrder(YamlNode node) => Text(node, "start_order") switch
    {
        "respected" => true,
        var other => throw new DrydockException($"start_order: '{other}' is not respected", node.Span, "write start_order: respected (each dependency ready before its dependent is created), or remove it."),
    };

    private static IdleSampling ReadIdle(YamlNode node)
    {
        if (Mapping(node, "idle", IdleKeys) is not { } mapping)
        {
            return IdleSampling.Default;
        }
        var window = mapping["window"] is { } windowNode ? Duration(windowNode, "idle.window") : IdleSampling.Default.Window;
        var interval = mapping["interval"] is { } intervalNode ? Duration(intervalNode, "idle.interval") : IdleSampling.Default.Interval;
        if (interval > window)
        {
            throw new DrydockException(
                $"idle.interval ({ComposeUnits.FormatDuration(interval)}) is longer than idle.window ({ComposeUnits.FormatDuration(window)})",
                mapping["interval"]?.Span ?? mapping.Span,
                "sample at least once per window: make the interval shorter than the window.");
        }
        return new IdleSampling(window, interval);
    }

    private static List<TargetSpec> ReadTargets(YamlNode node, string name, string? service, IReadOnlyList<string> allowed)
    {
        var targets = new List<TargetSpec>();
        if (Mapping(node, name, keys: null) is not { } mapping)
        {
            return targets;
        }
        foreach (var entry in mapping.Entries)
        {
            if (Metrics.FindTargetable(entry.Key.Value) is not { } metric)
            {
                var unknown = entry.Key.Value;
                throw new DrydockException(
                    $"unknown metric '{unknown}' in {name} (known: {string.Join(", ", allowed)})",
                    entry.Key.Span,
                    "check the spelling; docs/drydock-yml.md lists every metric.");
            }
            if (!allowed.Contains(metric.Name))
            {
                throw new DrydockException(
                    $"{metric} is measured for the whole stack, not per service ({name} takes: {string.Join(", ", allowed)})",
                    entry.Key.Span,
                    "move it to the top-level targets: section.");
            }
            targets.Add(new TargetSpec(ParseTarget(entry.Value, $"{name}.{metric}", metric, service), entry.Value.Span));
        }
        return targets;
    }

    private static List<ServiceVerifyConfig> ReadServices(YamlNode node)
    {
        var services = new List<ServiceVerifyConfig>();
        if (Mapping(node, "services", keys: null) is not { } mapping)
        {
            return services;
        }
        foreach (var entry in mapping.Entries)
        {
            var serviceName = entry.Key.Value;
            var name = $"services.{serviceName}";
            var service = new ServiceVerifyConfig(serviceName, entry.Key.Span);
            if (Mapping(entry.Value, name, ServiceKeys) is { } settings)
            {
                service = service with
                {
                    Optional = settings["optional"] is { } optional && Boolean(optional, name + ".optional"),
                    Targets = settings["targets"] is { } targets ? ReadTargets(targets, name + ".targets", serviceName, ServiceMetrics) : [],
                    LogErrorPatterns = settings["log_errors"] is { } patterns ? Patterns(patterns, name + ".log_errors") : null,
                    Image = settings["image"] is { } image ? ReadImage(image, name + ".image") : null,
                    Probes = settings["probes"] is { } probes ? ReadProbes(probes, name + ".probes", serviceName) : [],
                    ReadyBefore = Strings(settings["ready_before"], name + ".ready_before").Select(item => new ServiceReference(item.Text, item.Node.Span)).ToList(),
                };
            }
            services.Add(service);
        }
        return services;
    }

    private static ImageExpectations? ReadImage(YamlNode node, string name)
    {
        if (Mapping(node, name, ImageKeys) is not { } mapping)
        {
            return null;
        }
        var image = new ImageExpectations(mapping.Span);
        if (mapping["user"] is { } user)
        {
            image = image with
            {
                User = Text(user, name + ".user") switch
                {
                    "non-root" => UserExpectation.NonRoot,
                    "root" => UserExpectation.Root,
                    var other => throw new DrydockException($"{name}.user: '{other}' is not non-root or root", user.Span, "write user: non-root (or root)."),
                },
            };
        }
        return image with
        {
            Absent = Strings(mapping["absent"], name + ".absent").Select(item => new LocatedGlob(item.Text, item.Node.Span)).ToList(),
            Present = Strings(mapping["present"], name + ".present").Select(item => new LocatedGlob(item.Text, item.Node.Span)).ToList(),
            MaxWastedBytes = mapping["max_wasted"] is { } wasted ? Size(wasted, name + ".max_wasted") : null,
        };
    }

    private static List<ProbeSpec> ReadProbes(YamlNode node, string name, string service)
    {
        var probes = new List<ProbeSpec>();
        var names = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
        foreach (var (item, probeName) in Items(node, name, "a list of probes", "write each probe as a list item: '- http: {path: /health}'."))
        {
            var mapping = item as YamlMapping
                ?? throw new DrydockException($"{probeName} must be a mapping with one of {string.Join(", ", ProbeKinds)}, not a {item.Kind}", item.Span);
            CheckKeys(mapping, probeName, ProbeKeys);
            var probe = ReadProbe(mapping, probeName, service);
            Claim(names, probe.Name, mapping, first => $"{probeName}: {service} already has a probe named '{probe.Name}' (line {first.Line})", "give each probe of a service its own name:.");
            probes.Add(probe);
        }
        return probes;
    }

    private static ProbeSpec ReadProbe(YamlMapping mapping, string name, string service)
    {
        var kinds = mapping.Entries.Where(entry => ProbeKinds.Contains(entry.Key.Value)).ToList();
        if (kinds.Count != 1)
        {
            var message = kinds.Count == 0
                ? $"{name} has no probe kind (one of {string.Join(", ", ProbeKinds)})"
                : $"{name} has {kinds.Count} probe kinds ({string.Join(", ", kinds.Select(kind => kind.Key.Value))}); a probe has exactly one";
            throw new DrydockException(message, kinds.Count == 0 ? mapping.Span : kinds[1].Key.Span, "write each check as its own list item under probes:.");
        }
        var kind = kinds[0];
        var kindName = $"{name}.{kind.Key.Value}";
        var explicitName = mapping["name"] is { } nameNode ? Text(nameNode, name + ".name") : null;
        var expect = mapping["expect"];
        if (mapping.Find("user") is { } user && kind.Key.Value != "exec")
        {
            throw new DrydockException($"{name}.user applies to exec probes only", user.Key.Span, "remove user: or make this an exec probe.");
        }
        if (mapping.Find("expect") is { } expectEntry && kind.Key.Value is "tcp" or "file" or "prometheus_targets")
        {
            throw new DrydockException(
                $"{name}.expect does not apply to {kind.Key.Value} probes",
                expectEntry.Key.Span,
                kind.Key.Value switch
                {
                    "file" => "write exists, owner, mode, size and magic inside file:.",
                    "prometheus_targets" => "it expects every target up; name the jobs that must be with prometheus_targets: {jobs: [...]}.",
                    _ => "a tcp probe only checks that the port accepts a connection; remove expect:.",
                });
        }
        ProbeSpec probe = kind.Key.Value switch
        {
            "http" => ReadHttp(kind.Value, kindName, expect, name + ".expect", service, mapping.Span, explicitName),
            "exec" => ReadExec(kind.Value, kindName, mapping["user"], expect, name, service, mapping.Span, explicitName),
            "tcp" => ReadTcp(kind.Value, kindName, service, mapping.Span, explicitName),
            "prometheus_targets" => ReadPrometheusTargets(kind.Value, kindName, service, mapping.Span, explicitName),
            _ => ReadFile(kind.Value, kindName, service, mapping.Span, explicitName),
        };
        return probe with
        {
            Timeout = mapping["timeout"] is { } timeout ? Duration(timeout, name + ".timeout") : probe.Timeout,
            Interval = mapping["interval"] is { } interval ? Duration(interval, name + ".interval") : probe.Interval,
            MaxAttempts = mapping["attempts"] is { } attempts ? Integer(attempts, name + ".attempts", 1, 1000, "an attempt count") : null,
        };
    }

    private static HttpProbeSpec ReadHttp(YamlNode node, string name, YamlNode? expectNode, string expectName, string service, SourceSpan span, string? explicitName)
    {
        string method = "GET", path = "/";
        int? port = null;
        IReadOnlyList<KeyValuePair<string, string>> headers = [];
        string? body = null;
        if (node is YamlScalar { IsNull: false } shorthand)
        {
            // http: /health is the path alone.
            path = HttpPath(shorthand, name);
        }
        else if (Mapping(node, name, HttpKeys) is { } mapping)
        {
            method = mapping["method"] is { } methodNode ? HttpMethod(methodNode, name + ".method") : method;
            path = mapping["path"] is { } pathNode ? HttpPath(pathNode, name + ".path") : path;
            port = mapping["port"] is { } portNode ? Port(portNode, name + ".port") : null;
            headers = mapping["headers"] is { } headersNode ? StringMap(headersNode, name + ".headers") : [];
            body = mapping["body"] is { } bodyNode ? Text(bodyNode, name + ".body") : null;
        }
        return new HttpProbeSpec(service, explicitName ?? $"http {method} {path}", span)
        {
            Method = method,
            Path = path,
            Port = port,
            Headers = headers,
            Body = body,
            Expect = expectNode is null ? new HttpExpectations() : ReadHttpExpect(expectNode, expectName, service),
        };
    }

    private static string HttpMethod(YamlNode node, string name)
    {
        var method = Text(node, name);
        return HttpMethodPattern().IsMatch(method)
            ? method.ToUpperInvariant()
            : throw new DrydockException($"{name}: '{method}' is not an HTTP method", node.Span, "write a method such as GET, POST or HEAD.");
    }

    private static string HttpPath(YamlNode node, string name)
    {
        var path = Text(node, name);
        return path.StartsWith('/')
            ? path
            : throw new DrydockException($"{name}: '{path}' is not a request path", node.Span, "start the path with /, e.g. /health.");
    }

    private static HttpExpectations ReadHttpExpect(YamlNode node, string name, string service)
    {
        if (Mapping(node, name, HttpExpectKeys) is not { } mapping)
        {
            return new HttpExpectations();
        }
        return new HttpExpectations
        {
            Status = mapping["status"] is { } status ? Integer(status, name + ".status", 100, 599, "an HTTP status (100-599)") : null,
            Headers = mapping["headers"] is { } headers ? StringMap(headers, name + ".headers") : [],
            BodyContains = mapping["body_contains"] is { } contains ? Text(contains, name + ".body_contains") : null,
            BodyMatches = mapping["body_matches"] is { } matches ? Pattern(matches, name + ".body_matches") : null,
            Json = mapping["json"] is { } json ? ReadJsonExpectations(json, name + ".json") : [],
            Prometheus = mapping["prometheus"] is { } prometheus ? Strings(prometheus, name + ".prometheus").Select(item => item.Text).ToList() : null,
            FirstEventWithin = mapping["first_event_within"] is { } firstEvent ? Duration(firstEvent, name + ".first_event_within") : null,
            Latency = mapping["latency"] is { } latency ? ParseTarget(latency, name + ".latency", Metrics.Latency, service) : null,
        };
    }

    private static List<KeyValuePair<string, string>> ReadJsonExpectations(YamlNode node, string name)
    {
        var mapping = node as YamlMapping
            ?? throw new DrydockException($"{name} must map JSON paths to values, not a {node.Kind}", node.Span, "write e.g. json: {\"$.status\": ok}.");
        var expectations = new List<KeyValuePair<string, string>>();
        foreach (var entry in mapping.Entries)
        {
            var expected = JsonText(entry.Value);
            if (entry.Key.Value.StartsWith("count(", StringComparison.Ordinal))
            {
                // count($.items) >= 3: the comparison is checked here, with its position, not at the first probe.
                try
                {
                    _ = Probes.JsonCheck.Parse(entry.Key.Value, expected);
                }
                catch (Exception error) when (error is FormatException or System.Text.Json.JsonException)
                {
                    throw new DrydockException($"{name}: {error.Message}", entry.Key.Span, "write count($.path): \">= 3\" (or a number for exactly that many).");
                }
                expectations.Add(new(entry.Key.Value, expected));
                continue;
            }
            expectations.Add(new(JsonPath(entry.Key, name), expected));
        }
        return expectations;
    }

    private static string JsonPath(YamlNode node, string name)
    {
        var path = Text(node, name);
        return JsonPathPattern().IsMatch(path)
            ? path
            : throw new DrydockException($"{name}: '{path}' is not a JSON path", node.Span, "write a path such as $.status, $.items[0].id, $['a b'], $..health (every health member) or $.items[*].id.");
    }

    private static ExecProbeSpec ReadExec(YamlNode node, string name, YamlNode? userNode, YamlNode? expectNode, string probeName, string service, SourceSpan span, string? explicitName)
    {
        List<string> command;
        string written;
        if (node is YamlScalar { IsNull: false } scalar)
        {
            // A string runs through a shell, as Compose's string form of a command does.
            written = Text(scalar, name);
            command = ["/bin/sh", "-c", written];
        }
        else
        {
            command = Strings(node, name).Select(item => item.Text).ToList();
            written = string.Join(' ', command);
        }
        if (string.IsNullOrWhiteSpace(written) || string.IsNullOrWhiteSpace(command[0]))
        {
            throw new DrydockException($"{name} has no command", node.Span, "write the command as a list ([redis-cli, ping]) or a shell string.");
        }
        var probe = new ExecProbeSpec(service, explicitName ?? $"exec {written}", span, command)
        {
            User = userNode is null ? null : Text(userNode, probeName + ".user"),
        };
        if (expectNode is null || Mapping(expectNode, probeName + ".expect", ExecExpectKeys) is not { } expect)
        {
            return probe;
        }
        var expectName = probeName + ".expect";
        return probe with
        {
            ExitCode = expect["exit_code"] is { } exitCode ? Integer(exitCode, expectName + ".exit_code", 0, 255, "an exit code (0-255)") : 0,
            OutputContains = expect["output_contains"] is { } contains ? Text(contains, expectName + ".output_contains") : null,
            OutputMatches = expect["output_matches"] is { } matches ? Pattern(matches, expectName + ".output_matches") : null,
        };
    }

    /// <summary><c>prometheus_targets: {port: 9090, path: /api/v1/targets, jobs: [app]}</c>; empty: the only published port, every job.</summary>
    private static PrometheusTargetsProbeSpec ReadPrometheusTargets(YamlNode node, string name, string service, SourceSpan span, string? explicitName)
    {
        var mapping = Mapping(node, name, PrometheusTargetsKeys);
        var port = mapping?["port"] is { } portNode ? Port(portNode, name + ".port") : (int?)null;
        var jobs = Strings(mapping?["jobs"], name + ".jobs").Select(item => item.Text).ToList();
        var described = jobs.Count == 0 ? "every target up" : $"jobs {string.Join(", ", jobs)} up";
        return new PrometheusTargetsProbeSpec(service, explicitName ?? $"prometheus_targets {described}", span)
        {
            Port = port,
            Path = mapping?["path"] is { } pathNode ? HttpPath(pathNode, name + ".path") : "/api/v1/targets",
            Jobs = jobs,
        };
    }

    private static TcpProbeSpec ReadTcp(YamlNode node, string name, string service, SourceSpan span, string? explicitName)
    {
        var port = Port(node, name);
        return new TcpProbeSpec(service, explicitName ?? $"tcp {port.ToString(CultureInfo.InvariantCulture)}", span, port);
    }

    private static FileProbeSpec ReadFile(YamlNode node, string name, string service, SourceSpan span, string? explicitName)
    {
        if (node is YamlScalar { IsNull: false } shorthand)
        {
            // file: /path is the path alone.
            var shortPath = FilePath(shorthand, name);
            return new FileProbeSpec(service, explicitName ?? $"file {shortPath}", span, shortPath);
        }
        var mapping = Mapping(node, name, FileKeys) ?? throw new DrydockException($"{name} needs a path", node.Span, "write file: {path: /models/*.gguf}.");
        var pathNode = mapping["path"] ?? throw new DrydockException($"{name} needs a path", mapping.Span, "add path: with the file or glob to look for.");
        var path = FilePath(pathNode, name + ".path");
        return new FileProbeSpec(service, explicitName ?? $"file {path}", span, path)
        {
            Exists = mapping["exists"] is not { } exists || Boolean(exists, name + ".exists"),
            Owner = mapping["owner"] is { } owner ? Owner(owner, name + ".owner") : null,
            Mode = mapping["mode"] is { } mode ? Mode(mode, name + ".mode") : null,
            Size = mapping["size"] is { } size ? ParseTarget(size, name + ".size", Metrics.FileSize, service) : null,
            Magic = mapping["magic"] is { } magic ? Magic(magic, name + ".magic") : null,
        };
    }

    private static string FilePath(YamlNode node, string name)
    {
        var path = Text(node, name);
        return path.StartsWith('/')
            ? path
            : throw new DrydockException($"{name}: '{path}' is not an absolute path", node.Span, "write the path as the container sees it, starting with /.");
    }

    private static string Owner(YamlNode node, string name)
    {
        var owner = Text(node, name);
        return OwnerPattern().IsMatch(owner)
            ? owner
            : throw new DrydockException($"{name}: '{owner}' is not a uid or uid:gid", node.Span, "write numeric ids, quoted: owner: \"1000\" or \"1000:1000\".");
    }

    private static int Mode(YamlNode node, string name)
    {
        var text = Text(node, name);
        var digits = text.StartsWith("0o", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        if (digits.Length is < 3 or > 5 || !digits.All(digit => digit is >= '0' and <= '7') || Convert.ToInt32(digits, 8) > 0xFFF)
        {
            throw new DrydockException($"{name}: '{text}' is not an octal mode", node.Span, "write the permission bits in octal, quoted: mode: \"0644\".");
        }
        return Convert.ToInt32(digits, 8);
    }

    private static byte[] Magic(YamlNode node, string name)
    {
        var text = Text(node, name);
        if (text.StartsWith("hex:", StringComparison.OrdinalIgnoreCase))
        {
            var hex = text[4..].Replace(" ", string.Empty, StringComparison.Ordinal);
            try
            {
                var bytes = Convert.FromHexString(hex);
                if (bytes.Length > 0)
                {
                    return bytes;
                }
            }
            catch (FormatException)
            {
                // Reported below.
            }
            throw new DrydockException($"{name}: '{text}' is not hex bytes", node.Span, "write an even number of hex digits, e.g. hex:47475546.");
        }
        return text.Length > 0
            ? Encoding.UTF8.GetBytes(text)
            : throw new DrydockException($"{name} is empty", node.Span, "write the leading bytes as text (GGUF) or hex (hex:47475546).");
    }

    /// <summary>
    /// A target: an optional operator (<c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c>, <c>==</c>, <c>!=</c>; none means
    /// <c>&lt;=</c>) and a value in the metric's unit (<c>s</c> and <c>ms</c> from durations, <c>bytes</c> from sizes,
    /// <c>%</c>, <c>count</c>).
    /// </summary>
    internal static Target ParseTarget(YamlNode node, string name, Metric metric, string? service)
    {
        var unit = metric.Unit;
        if (node is not YamlScalar scalar || scalar.IsNull)
        {
            throw new DrydockException($"{name} must be a target such as '< 300 MB' or 0, not a {(node is YamlScalar ? "null" : node.Kind)}", node.Span, "write an operator and a value: < 10s, <= 300 MB, > 2, 0.");
        }
        if (scalar.Tag is { } tag && !tag.StartsWith("!!", StringComparison.Ordinal))
        {
            // YAML reads a leading '!' as a tag: '!= 0' unquoted never reaches us as text.
            throw new DrydockException($"{name}: YAML read '{tag}' as a tag", node.Span, $"quote the target: \"{tag} {scalar.Value}\".");
        }
        var text = scalar.Value.Trim();
        var (comparison, operatorLength) = text switch
        {
            _ when text.StartsWith("<=", StringComparison.Ordinal) => (Comparison.LessOrEqual, 2),
            _ when text.StartsWith(">=", StringComparison.Ordinal) => (Comparison.GreaterOrEqual, 2),
            _ when text.StartsWith("==", StringComparison.Ordinal) => (Comparison.Equal, 2),
            _ when text.StartsWith("!=", StringComparison.Ordinal) => (Comparison.NotEqual, 2),
            _ when text.StartsWith('<') => (Comparison.LessThan, 1),
            _ when text.StartsWith('>') => (Comparison.GreaterThan, 1),
            _ => (Comparison.LessOrEqual, 0),
        };
        var valueText = text[operatorLength..].TrimStart();
        if ((valueText.Length > 0 && "<>=!~".Contains(valueText[0], StringComparison.Ordinal)) || (operatorLength == 0 && text.Length > 0 && "=!~".Contains(text[0], StringComparison.Ordinal)))
        {
            var written = new string(text.TakeWhile(character => "<>=!~".Contains(character, StringComparison.Ordinal)).ToArray());
            throw new DrydockException($"{name}: '{written}' is not an operator", node.Span, "use <, <=, >, >=, == or != (a bare value means <=).");
        }
        double? value = unit switch
        {
            Unit.Seconds => TryParseDuration(valueText, out var seconds) ? seconds.TotalSeconds : null,
            // A bare latency number would read as seconds, which nobody means for a request: ask for the unit.
            Unit.Milliseconds => TryParseDuration(valueText, out var latency) && (HasLetter(valueText) || latency == TimeSpan.Zero) ? latency.TotalMilliseconds : null,
            Unit.Bytes => SizeText.TryParseBytes(valueText, out var bytes) ? bytes : null,
            Unit.Percent => TryParseNumber(valueText.EndsWith('%') ? valueText[..^1].TrimEnd() : valueText, out var percent) ? percent : null,
            Unit.Cpu => TryParseNumber(valueText, out var cpus) ? cpus : null,
            _ => TryParseNumber(valueText, out var count) && count == Math.Floor(count) ? count : null,
        };
        if (value is null)
        {
            var (what, fix) = unit switch
            {
                Unit.Seconds => ("a duration", DurationFix),
                Unit.Milliseconds => ("a duration", "write a duration with its unit, such as 100ms or 1.5s."),
                Unit.Bytes => ("a size", SizeFix),
                Unit.Percent => ("a percentage", "write a percentage such as 5%."),
                Unit.Cpu => ("a number of CPUs", "write a number of CPUs such as 4 or 0.5."),
                _ => ("a whole number", "write a count such as 0 or 3."),
            };
            throw new DrydockException($"{name}: '{valueText}' is not {what} ({metric} is measured in {unit.Symbol()})", node.Span, fix);
        }
        return new Target(metric, service, comparison, value.Value);
    }

    /// <summary>Go's durations (<c>250ms</c>, <c>1m30s</c>, <c>2h</c>, <c>1.5s</c>); a plain number is seconds. Never negative.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var trimmed = text.Trim();
        if (TryParseNumber(trimmed, out var seconds))
        {
            if (seconds > TimeSpan.MaxValue.TotalSeconds)
            {
                return false;
            }
            duration = TimeSpan.FromSeconds(seconds);
            return true;
        }
        return !trimmed.StartsWith('-') && ComposeUnits.TryParseDuration(trimmed, out duration, out _);
    }

    private static bool TryParseNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) && text.Length > 0 && char.IsAsciiDigit(text[^1]);

    private static bool HasLetter(string text) => text.Any(char.IsLetter);

    /// <summary>A duration longer than 0 (or 0 itself when <paramref name="allowZero"/>), at most <paramref name="maximum"/> when given.</summary>
    private static TimeSpan Duration(YamlNode node, string name, TimeSpan? maximum = null, bool allowZero = false)
    {
        if (node is YamlScalar { IsNull: false } scalar && TryParseDuration(scalar.Value, out var duration))
        {
            if (duration == TimeSpan.Zero && !allowZero)
            {
                throw new DrydockException($"{name} must be longer than 0", node.Span, DurationFix);
            }
            return maximum is null || duration <= maximum
                ? duration
                : throw new DrydockException($"{name} ({ComposeUnits.FormatDuration(duration)}) is longer than {ComposeUnits.FormatDuration(maximum.Value)}", node.Span, $"write at most {ComposeUnits.FormatDuration(maximum.Value)}.");
        }
        var written = node is YamlScalar text ? $"'{text.Value}'" : $"a {node.Kind}";
        throw new DrydockException($"{name}: {written} is not a duration", node.Span, DurationFix);
    }

    private static long Size(YamlNode node, string name) =>
        node is YamlScalar { IsNull: false } scalar && SizeText.TryParseBytes(scalar.Value, out var bytes)
            ? bytes
            : throw new DrydockException($"{name}: {Written(node)} is not a size", node.Span, SizeFix);

    private static int Port(YamlNode node, string name) =>
        Integer(node, name, 1, 65535, "a port number (1-65535)");

    private static int Integer(YamlNode node, string name, int minimum, int maximum, string what) =>
        node is YamlScalar { IsNull: false } scalar
        && int.TryParse(scalar.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
        && value >= minimum && value <= maximum
            ? value
            : throw new DrydockException($"{name}: {Written(node)} is not {what}", node.Span, $"write a whole number from {minimum} to {maximum}.");

    private static bool Boolean(YamlNode node, string name) =>
        node is YamlScalar scalar && scalar.TryGetBoolean(out var value)
            ? value
            : throw new DrydockException($"{name}: {Written(node)} is not true or false", node.Span, "write true or false.");

    private static string Text(YamlNode node, string name) => node switch
    {
        YamlScalar { IsNull: false } scalar => scalar.Value,
        YamlScalar => throw new DrydockException($"{name} is empty", node.Span, "write a value, or remove the key."),
        _ => throw new DrydockException($"{name} must be a string, not a {node.Kind}", node.Span, "write a single value (quote it if it holds ': ' or '#')."),
    };

    private static Regex Pattern(YamlNode node, string name)
    {
        var pattern = Text(node, name);
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException error)
        {
            throw new DrydockException($"{name}: '{pattern}' is not a valid regular expression: {error.Message}", node.Span, "fix the pattern (.NET regular expression syntax); quote it in single quotes so YAML keeps backslashes.");
        }
    }

    private static List<string> Patterns(YamlNode node, string name) =>
        Strings(node, name).Select(item =>
        {
            _ = Pattern(item.Node, name);
            return item.Text;
        }).ToList();

    private static List<(string Text, YamlNode Node)> Strings(YamlNode? node, string name) => node switch
    {
        null or YamlScalar { IsNull: true } => [],
        YamlScalar scalar => [(scalar.Value, scalar)],
        YamlSequence sequence => sequence.Items.Select(item => (Text(item, $"{name} item"), item)).ToList(),
        _ => throw new DrydockException($"{name} must be a list of strings, not a {node.Kind}", node.Span, "write a list: [a, b]."),
    };

    private static List<KeyValuePair<string, string>> StringMap(YamlNode node, string name)
    {
        var mapping = node as YamlMapping
            ?? throw new DrydockException($"{name} must map names to values, not a {node.Kind}", node.Span, "write e.g. {Accept: application/json}.");
        return mapping.Entries.Select(entry => new KeyValuePair<string, string>(entry.Key.Value, Text(entry.Value, $"{name}.{entry.Key.Value}"))).ToList();
    }

    /// <summary>The mapping at <paramref name="node"/> (null when empty), its keys checked against <paramref name="keys"/> when given.</summary>
    private static YamlMapping? Mapping(YamlNode node, string name, IReadOnlyList<string>? keys)
    {
        if (node is YamlScalar { IsNull: true })
        {
            return null;
        }
        var mapping = node as YamlMapping
            ?? throw new DrydockException($"{name} must be a mapping, not a {node.Kind}", node.Span, "write its keys indented below it, or as {key: value}.");
        if (keys is not null)
        {
            CheckKeys(mapping, name, keys);
        }
        return mapping;
    }

    /// <summary>
    /// Records <paramref name="name"/> as taken, or throws at the mapping's <c>name:</c> (the mapping itself when the name
    /// is a default) with the message <paramref name="taken"/> builds from where it was first used.
    /// </summary>
    private static void Claim(Dictionary<string, SourceSpan> names, string name, YamlMapping mapping, Func<SourceSpan, string> taken, string fix)
    {
        var nameNode = mapping.Find("name")?.Value ?? mapping;
        if (names.TryGetValue(name, out var first))
        {
            throw new DrydockException(taken(first), nameNode.Span, fix);
        }
        names.Add(name, nameNode.Span);
    }

    private static void CheckKeys(YamlMapping mapping, string name, IReadOnlyList<string> keys)
    {
        foreach (var entry in mapping.Entries)
        {
            if (!keys.Contains(entry.Key.Value, StringComparer.Ordinal))
            {
                throw new DrydockException(
                    $"unknown key '{entry.Key.Value}' in {name} (known: {string.Join(", ", keys)})",
                    entry.Key.Span,
                    "check the spelling; docs/drydock-yml.md lists every key.");
            }
        }
    }

    private static string Written(YamlNode node) => node is YamlScalar scalar ? $"'{scalar.Value}'" : $"a {node.Kind}";

    /// <summary>A YAML value as JSON text: plain scalars by their YAML type (<c>3</c>, <c>true</c>, <c>null</c>), quoted ones as strings.</summary>
    internal static string JsonText(YamlNode node)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteJson(writer, node);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteJson(Utf8JsonWriter writer, YamlNode node)
    {
        switch (node)
        {
            case YamlScalar { IsNull: true }:
                writer.WriteNullValue();
                break;
            case YamlScalar scalar when scalar.TryGetBoolean(out var boolean):
                writer.WriteBooleanValue(boolean);
                break;
            case YamlScalar scalar when scalar.TryGetInt64(out var integer):
                writer.WriteNumberValue(integer);
                break;
            case YamlScalar scalar when scalar.TryGetDouble(out var number) && double.IsFinite(number):
                writer.WriteNumberValue(number);
                break;
            case YamlScalar scalar:
                writer.WriteStringValue(scalar.Value);
                break;
            case YamlSequence sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Items)
                {
                    WriteJson(writer, item);
                }
                writer.WriteEndArray();
                break;
            case YamlMapping mapping:
                writer.WriteStartObject();
                foreach (var entry in mapping.Entries)
                {
                    writer.WritePropertyName(entry.Key.Value);
                    WriteJson(writer, entry.Value);
                }
                writer.WriteEndObject();
                break;
        }
    }

    [GeneratedRegex("^[A-Za-z]+$")]
    private static partial Regex HttpMethodPattern();

    [GeneratedRegex("""^\$(\.\.[^.\[\]]+|\.\*|\[\*\]|\.[^.\[\]]+|\[\d+\]|\['[^']*'\]|\["[^"]*"\])*$""")]
    private static partial Regex JsonPathPattern();

    [GeneratedRegex(@"^\d+(:\d+)?$")]
    private static partial Regex OwnerPattern();
}
