using System.Globalization;
using System.Text.RegularExpressions;
using Drydock.Compose.Loading;
using Drydock.Measurements;
using Drydock.Text;
using Drydock.Verification.Load;
using Drydock.Verification.Load.Thresholds;
using Drydock.Yaml;

namespace Drydock.Verification.Config;

/// <summary>The <c>load:</c> and <c>scenarios:</c> sections (docs/drydock-yml.md, "Load and fault scenarios").</summary>
public static partial class VerifyConfigParser
{
    private const string VariableFix = "write ${name} for a value an earlier probe of this scenario saved (save: {name: \"$.path\"}), $$ for a literal $.";

    private static List<LoadSpec> ReadLoads(YamlNode node)
    {
        var loads = new List<LoadSpec>();
        var names = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
        foreach (var (item, itemName) in Items(node, "load", "a list of load runs", "write each load run as a list item: '- {service: api, path: /health}'."))
        {
            var load = ReadLoad(item, itemName);
            ClaimLoadName(names, load, (YamlMapping)item, itemName);
            loads.Add(load);
        }
        return loads;
    }

    private static void ClaimLoadName(Dictionary<string, SourceSpan> names, LoadSpec load, YamlMapping mapping, string name) =>
        Claim(names, load.Name, mapping, first => $"{name}: a load run named '{load.Name}' already exists (line {first.Line})", "give each load run its own name: (the default is \"<method> <path>\").");

    /// <summary>A load run: top-level <c>load:</c> items and <c>load:</c> steps.</summary>
    private static LoadSpec ReadLoad(YamlNode node, string name)
    {
        var mapping = node as YamlMapping
            ?? throw new DrydockException($"{name} must be a mapping with service: and the request, not a {node.Kind}", node.Span, "write e.g. {service: api, path: /health, connections: 10}.");
        CheckKeys(mapping, name, LoadKeys);
        var service = Service(mapping, name);
        var method = mapping["method"] is { } methodNode ? HttpMethod(methodNode, name + ".method") : "GET";
        var path = mapping["path"] is { } pathNode ? HttpPath(pathNode, name + ".path") : "/";
        var load = new LoadSpec(service, mapping["name"] is { } nameNode ? Text(nameNode, name + ".name") : $"{method} {path}", mapping.Span)
        {
            Method = method,
            Path = path,
            Port = mapping["port"] is { } port ? Port(port, name + ".port") : null,
            Headers = mapping["headers"] is { } headers ? StringMap(headers, name + ".headers") : [],
            Body = mapping["body"] is { } body ? Text(body, name + ".body") : null,
            Model = mapping["model"] is { } model ? LoadModelOf(model, name + ".model") : LoadModel.Closed,
            Rate = mapping["rate"] is { } rate ? Rate(rate, name + ".rate") : null,
            Connections = mapping["connections"] is { } connections ? Integer(connections, name + ".connections", 1, LoadOptions.MaxConnections, "a connection count") : null,
            Duration = mapping["duration"] is { } duration ? Duration(duration, name + ".duration", LoadOptions.MaxDuration) : TimeSpan.FromSeconds(10),
            MaxRequests = mapping["max_requests"] is { } maxRequests ? Integer(maxRequests, name + ".max_requests", 1, int.MaxValue, "a request count") : 100_000,
            WarmUp = mapping["warm_up"] is { } warmUp ? Duration(warmUp, name + ".warm_up", LoadOptions.MaxDuration, allowZero: true) : TimeSpan.FromSeconds(1),
            RequestTimeout = mapping["request_timeout"] is { } requestTimeout ? Duration(requestTimeout, name + ".request_timeout", TimeSpan.FromMinutes(10)) : TimeSpan.FromSeconds(10),
            Thresholds = mapping["thresholds"] is { } thresholds ? K6ThresholdParser.Parse(thresholds) : [],
        };
        // What LoadOptions.Validate would refuse only when the run starts, refused here with its position.
        if (load.Model == LoadModel.Open && load.Rate is null)
        {
            throw new DrydockException($"{name}: the open model needs a rate", mapping["model"]!.Span, "add rate: with the requests per second, e.g. rate: 200.");
        }
        if (load.Model == LoadModel.Closed && mapping.Find("rate") is { } rateEntry)
        {
            // The closed model ignores a rate; writing one means the open model was meant.
            throw new DrydockException($"{name}.rate applies to the open model only", rateEntry.Key.Span, "add model: open, or remove rate: and set connections:.");
        }
        return mapping.Find("during") is { } during ? ReadDuring(during, name + ".during", load) : load;
    }

    private static LoadSpec ReadDuring(YamlEntry entry, string name, LoadSpec load)
    {
        var mapping = Mapping(entry.Value, name, DuringKeys)
            ?? throw new DrydockException($"{name} is empty", entry.Value.Span, "write the fault to apply, e.g. during: {restart: redis, after: 3s}.");
        var faults = mapping.Entries.Where(item => FaultKinds.Contains(item.Key.Value)).ToList();
        if (faults.Count != 1)
        {
            var message = faults.Count == 0
                ? $"{name} has no fault (one of {string.Join(", ", FaultKinds)})"
                : $"{name} has {faults.Count} faults ({string.Join(", ", faults.Select(fault => fault.Key.Value))}); a load run takes one";
            throw new DrydockException(message, faults.Count == 0 ? mapping.Span : faults[1].Key.Span, "apply one fault per load run; use a scenario for a sequence of faults.");
        }
        var afterNode = mapping["after"];
        var after = afterNode is null ? load.DuringAfter : Duration(afterNode, name + ".after", allowZero: true);
        if (after >= load.Duration)
        {
            throw new DrydockException(
                $"{name}.after ({ComposeUnits.FormatDuration(after)}) is not shorter than the load's duration ({ComposeUnits.FormatDuration(load.Duration)})",
                afterNode?.Span ?? mapping.Span,
                "apply the fault while the load runs: make after: shorter than duration:.");
        }
        return load with { During = ReadFault(faults[0], name), DuringAfter = after };
    }

    /// <summary><c>restart: redis</c>, or the long form <c>kill: {service: worker, signal: SIGTERM}</c>.</summary>
    private static FaultStep ReadFault(YamlEntry entry, string name)
    {
        var kind = Enum.Parse<FaultKind>(entry.Key.Value, ignoreCase: true);
        var faultName = $"{name}.{entry.Key.Value}";
        var example = kind switch
        {
            FaultKind.Kill => $"{entry.Key.Value}: {{service: worker, signal: SIGTERM}}",
            FaultKind.Disconnect or FaultKind.Connect => $"{entry.Key.Value}: {{service: api, network: backend}}",
            _ => $"{entry.Key.Value}: redis",
        };
        switch (entry.Value)
        {
            case YamlScalar { IsNull: true }:
                throw new DrydockException($"{faultName} needs a service", entry.Value.Span, $"name the compose service: {example}.");
            case YamlScalar scalar:
                return new FaultStep(kind, Text(scalar, faultName), entry.Key.Span);
        }
        var mapping = entry.Value as YamlMapping
            ?? throw new DrydockException($"{faultName} must be a service name or a mapping, not a {entry.Value.Kind}", entry.Value.Span, $"write {example}.");
        if (mapping.Find("signal") is { } signal && kind != FaultKind.Kill)
        {
            throw new DrydockException($"{faultName}.signal applies to kill only", signal.Key.Span, "remove signal:, or make this a kill fault.");
        }
        if (mapping.Find("network") is { } network && kind is not (FaultKind.Disconnect or FaultKind.Connect))
        {
            throw new DrydockException($"{faultName}.network applies to disconnect and connect only", network.Key.Span, "remove network:, or make this a disconnect or connect fault.");
        }
        CheckKeys(mapping, faultName, FaultKeys);
        return new FaultStep(kind, Service(mapping, faultName), entry.Key.Span)
        {
            Signal = mapping["signal"] is { } signalNode ? Signal(signalNode, faultName + ".signal") : null,
            Network = mapping["network"] is { } networkNode ? Text(networkNode, faultName + ".network") : null,
        };
    }

    private static string Signal(YamlNode node, string name)
    {
        var signal = Text(node, name);
        return SignalPattern().IsMatch(signal)
            ? signal
            : throw new DrydockException($"{name}: '{signal}' is not a signal", node.Span, "write a signal name such as SIGTERM, SIGINT or SIGKILL (or its number).");
    }

    private static List<ScenarioSpec> ReadScenarios(YamlNode node)
    {
        var scenarios = new List<ScenarioSpec>();
        var names = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
        foreach (var (item, itemName) in Items(node, "scenarios", "a list of scenarios", "write each scenario as a list item: '- name: …' with steps:."))
        {
            var mapping = item as YamlMapping
                ?? throw new DrydockException($"{itemName} must be a mapping with name: and steps:, not a {item.Kind}", item.Span, "write name: and steps: indented below the list item.");
            CheckKeys(mapping, itemName, ScenarioKeys);
            var nameNode = mapping["name"] ?? throw new DrydockException($"{itemName} needs a name", mapping.Span, "add name: saying what the scenario shows, e.g. name: a session survives a Redis restart.");
            var scenario = new ScenarioSpec(Text(nameNode, itemName + ".name"), mapping.Span)
            {
                RecoveryTime = mapping["recovery_time"] is { } recoveryTime ? ParseTarget(recoveryTime, itemName + ".recovery_time", Metrics.RecoveryTime, service: null) : null,
                RecoveryTimeout = mapping["recovery_timeout"] is { } recoveryTimeout ? Duration(recoveryTimeout, itemName + ".recovery_timeout") : TimeSpan.FromSeconds(60),
                ExpectLogs = mapping["expect_logs"] is { } expectLogs ? ReadExpectLogs(expectLogs, itemName + ".expect_logs") : [],
            };
            Claim(names, scenario.Name, mapping, first => $"{itemName}: a scenario named '{scenario.Name}' already exists (line {first.Line})", "give each scenario its own name:.");
            scenarios.Add(scenario with { Steps = ReadSteps(mapping, itemName) });
        }
        return scenarios;
    }

    /// <summary><c>expect_logs: {redis: ["Connection reset"], api: "ERROR .* connection closed"}</c>.</summary>
    private static List<ExpectedLogs> ReadExpectLogs(YamlNode node, string name)
    {
        var mapping = Mapping(node, name, keys: null);
        if (mapping is null)
        {
            return [];
        }
        return mapping.Entries.Select(entry =>
        {
            var field = $"{name}.{entry.Key.Value}";
            var patterns = Strings(entry.Value, field).Select(item => Pattern(item.Node, field)).ToList();
            return patterns.Count > 0
                ? new ExpectedLogs(entry.Key.Value, patterns, entry.Key.Span)
                : throw new DrydockException($"{field} is empty", entry.Value.Span, "list the patterns (regular expressions) of the error lines this scenario may cause, e.g. [\"connection closed\"].");
        }).ToList();
    }

    private static List<ScenarioStep> ReadSteps(YamlMapping scenario, string name)
    {
        var stepsNode = scenario["steps"] ?? throw new DrydockException($"{name} needs steps", scenario.Span, "add steps: with the faults, probes, waits and load runs to run in order.");
        var stepsName = name + ".steps";
        var steps = new List<ScenarioStep>();
        var saved = new HashSet<string>(StringComparer.Ordinal);
        var probeNames = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
        var loadNames = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
        foreach (var (item, stepName) in Items(stepsNode, stepsName, "a list of steps", "write each step as a list item: '- restart: redis'."))
        {
            var mapping = item as YamlMapping
                ?? throw new DrydockException($"{stepName} must be a mapping with one of {string.Join(", ", StepKinds)}, not a {item.Kind}", item.Span, "write e.g. '- restart: redis' or '- wait: 2s'.");
            if (mapping.Entries.FirstOrDefault(entry => !StepKinds.Contains(entry.Key.Value)) is { } unknown)
            {
                throw new DrydockException($"unknown step '{unknown.Key.Value}' in {stepName} (known: {string.Join(", ", StepKinds)})", unknown.Key.Span, "check the spelling; docs/drydock-yml.md lists every step.");
            }
            if (mapping.Entries.Count != 1)
            {
                throw new DrydockException(
                    mapping.Entries.Count == 0 ? $"{stepName} is empty" : $"{stepName} has {mapping.Entries.Count} steps ({string.Join(", ", mapping.Entries.Select(entry => entry.Key.Value))}); a list item holds one",
                    mapping.Entries.Count == 0 ? mapping.Span : mapping.Entries[1].Key.Span,
                    "write each step as its own list item.");
            }
            var entry = mapping.Entries[0];
            var kindName = $"{stepName}.{entry.Key.Value}";
            ScenarioStep step = entry.Key.Value switch
            {
                "probe" => ReadProbeStep(entry, kindName, saved, probeNames),
                "wait" => new WaitStep(Duration(entry.Value, kindName), entry.Key.Span),
                "load" => new LoadStep(ReadLoad(entry.Value, kindName), entry.Key.Span),
                _ => ReadFault(entry, stepName),
            };
            if (step is LoadStep loadStep)
            {
                ClaimLoadName(loadNames, loadStep.Load, (YamlMapping)entry.Value, kindName);
            }
            steps.Add(step);
        }
        return steps.Count > 0
            ? steps
            : throw new DrydockException($"{stepsName} is empty", stepsNode.Span, "add the faults, probes, waits and load runs to run in order.");
    }

    /// <summary>A probe as under services.*.probes, plus <c>service:</c> and <c>save:</c>.</summary>
    private static ProbeStep ReadProbeStep(YamlEntry entry, string name, HashSet<string> saved, Dictionary<string, SourceSpan> names)
    {
        var mapping = entry.Value as YamlMapping
            ?? throw new DrydockException($"{name} must be a mapping with service: and one of {string.Join(", ", ProbeKinds)}, not a {entry.Value.Kind}", entry.Value.Span, "write e.g. probe: {service: api, http: /health}.");
        CheckKeys(mapping, name, ScenarioProbeKeys);
        var probe = ReadProbe(mapping, name, Service(mapping, name));
        // Before this probe's own save: a request cannot use what its own answer will hold.
        CheckReferences(mapping, name, saved);
        Claim(names, probe.Name, mapping, first => $"{name}: this scenario already has a probe named '{probe.Name}' (line {first.Line})", "give each probe of a scenario its own name:.");
        if (probe is ExecProbeSpec && mapping.Find("save") is { } outputEntry)
        {
            var captures = ReadSaveOutput(outputEntry, name + ".save");
            saved.UnionWith(captures.Select(capture => capture.Name));
            return new ProbeStep(probe, entry.Key.Span) { SaveOutput = captures };
        }
        var save = mapping.Find("save") is { } saveEntry ? ReadSave(saveEntry, name + ".save", probe) : [];
        saved.UnionWith(save.Select(variable => variable.Key));
        return new ProbeStep(probe, entry.Key.Span) { Save = save };
    }

    private static List<KeyValuePair<string, string>> ReadSave(YamlEntry entry, string name, ProbeSpec probe)
    {
        if (probe is not HttpProbeSpec)
        {
            throw new DrydockException($"{name} applies to http probes (the JSON answer) and exec probes (the output) only", entry.Key.Span, "remove save:, or make this an http or exec probe.");
        }
        var mapping = entry.Value as YamlMapping
            ?? throw new DrydockException($"{name} must map variable names to JSON paths, not a {entry.Value.Kind}", entry.Value.Span, "write e.g. save: {session: \"$.sessionId\"}.");
        var variables = new List<KeyValuePair<string, string>>();
        foreach (var variable in mapping.Entries)
        {
            if (!ScenarioVariables.IsName(variable.Key.Value))
            {
                throw new DrydockException($"{name}: '{variable.Key.Value}' is not a variable name", variable.Key.Span, "use letters, digits and _, not starting with a digit (e.g. session_id).");
            }
            variables.Add(new(variable.Key.Value, JsonPath(variable.Value, $"{name}.{variable.Key.Value}")));
        }
        return variables;
    }

    /// <summary><c>save: {version: stdout, major: {match: 'v(\d+)'}}</c> on an exec probe.</summary>
    private static List<OutputCapture> ReadSaveOutput(YamlEntry entry, string name)
    {
        var mapping = entry.Value as YamlMapping
            ?? throw new DrydockException($"{name} must map variable names to stdout or {{match: pattern}}, not a {entry.Value.Kind}", entry.Value.Span, "write e.g. save: {version: stdout} or save: {major: {match: 'v(\\d+)'}}.");
        var captures = new List<OutputCapture>();
        foreach (var variable in mapping.Entries)
        {
            var field = $"{name}.{variable.Key.Value}";
            if (!ScenarioVariables.IsName(variable.Key.Value))
            {
                throw new DrydockException($"{name}: '{variable.Key.Value}' is not a variable name", variable.Key.Span, "use letters, digits and _, not starting with a digit (e.g. session_id).");
            }
            captures.Add(variable.Value switch
            {
                YamlScalar { Value: "stdout" } => new OutputCapture(variable.Key.Value, null),
                YamlMapping match when match.Entries.Count == 1 && match["match"] is { } pattern => new OutputCapture(variable.Key.Value, Pattern(pattern, field + ".match")),
                _ => throw new DrydockException($"{field}: an exec probe saves stdout or {{match: pattern}}, not {Written(variable.Value)}", variable.Value.Span, "write stdout (the whole output, trimmed) or {match: 'regex'} (its first group)."),
            });
        }
        return captures;
    }

    /// <summary>Every <c>${name}</c> in the request (http path, body, header values; exec command) was saved by an earlier step.</summary>
    private static void CheckReferences(YamlMapping probe, string name, IReadOnlySet<string> saved)
    {
        foreach (var (scalar, field) in RequestScalars(probe, name))
        {
            IEnumerable<string> references;
            try
            {
                references = ScenarioVariables.References(scalar.Value);
            }
            catch (FormatException error)
            {
                throw new DrydockException($"{field}: {error.Message}", scalar.Span, VariableFix);
            }
            if (references.FirstOrDefault(reference => !saved.Contains(reference)) is { } unknown)
            {
                var known = saved.Count == 0 ? "none is saved before it" : "saved before it: " + string.Join(", ", saved.Order(StringComparer.Ordinal));
                throw new DrydockException($"{field}: '${{{unknown}}}' is not saved by an earlier step of this scenario ({known})", scalar.Span, VariableFix);
            }
        }
    }

    private static IEnumerable<(YamlScalar Scalar, string Field)> RequestScalars(YamlMapping probe, string name)
    {
        switch (probe["http"])
        {
            case YamlScalar path:
                yield return (path, name + ".http");
                break;
            case YamlMapping http:
                foreach (var key in (string[])["path", "body"])
                {
                    if (http[key] is YamlScalar value)
                    {
                        yield return (value, $"{name}.http.{key}");
                    }
                }
                if (http["headers"] is YamlMapping headers)
                {
                    foreach (var header in headers.Entries.Where(header => header.Value is YamlScalar))
                    {
                        yield return ((YamlScalar)header.Value, $"{name}.http.headers.{header.Key.Value}");
                    }
                }
                break;
        }
        switch (probe["exec"])
        {
            case YamlScalar command:
                yield return (command, name + ".exec");
                break;
            case YamlSequence arguments:
                for (var index = 0; index < arguments.Items.Count; index++)
                {
                    if (arguments.Items[index] is YamlScalar argument)
                    {
                        yield return (argument, $"{name}.exec[{index.ToString(CultureInfo.InvariantCulture)}]");
                    }
                }
                break;
        }
    }

    /// <summary>The items of a list section or key (none when empty), each with its path for messages (<c>load[2]</c>).</summary>
    private static IEnumerable<(YamlNode Item, string Name)> Items(YamlNode node, string name, string what, string fix)
    {
        if (node is YamlScalar { IsNull: true })
        {
            return [];
        }
        var sequence = node as YamlSequence ?? throw new DrydockException($"{name} must be {what}, not a {node.Kind}", node.Span, fix);
        return sequence.Items.Select((item, index) => (item, $"{name}[{index.ToString(CultureInfo.InvariantCulture)}]"));
    }

    /// <summary>The required <c>service:</c> of a load run, scenario probe or long-form fault.</summary>
    private static string Service(YamlMapping mapping, string name)
    {
        var service = mapping["service"] ?? throw new DrydockException($"{name} needs a service", mapping.Span, "add service: with the compose service's name.");
        return Text(service, name + ".service");
    }

    private static LoadModel LoadModelOf(YamlNode node, string name) => Text(node, name) switch
    {
        "closed" => LoadModel.Closed,
        "open" => LoadModel.Open,
        var other => throw new DrydockException($"{name}: '{other}' is not closed or open", node.Span, "write model: closed (N connections) or model: open (a request rate)."),
    };

    private static double Rate(YamlNode node, string name) =>
        node is YamlScalar { IsNull: false } scalar && TryParseNumber(scalar.Value.Trim(), out var rate) && rate > 0 && rate <= LoadOptions.MaxRate
            ? rate
            : throw new DrydockException(
                $"{name}: {Written(node)} is not a request rate (above 0, at most {LoadOptions.MaxRate.ToString("0", CultureInfo.InvariantCulture)} per second)",
                node.Span,
                "write the requests per second as a number, e.g. rate: 200.");

    [GeneratedRegex("^((SIG)?[A-Z][A-Z0-9+-]*|[1-9][0-9]?)$")]
    private static partial Regex SignalPattern();
}
