using System.Globalization;
using System.Text.RegularExpressions;
using Drydock.Images.Layers;
using Drydock.Text;
using Drydock.Yaml;

namespace Drydock.Images.Assertions;

/// <summary>
/// Reads image assertions (docs/drydock-yml.md, "Image assertions"): the <c>metadata</c>, <c>files</c> and
/// <c>efficiency</c> keys of drydock.yml's <c>image:</c> or of an <c>--expect</c> file, and dive's <c>.dive-ci</c>.
/// The first mistake throws a <see cref="DrydockException"/> at the offending node (file:line:column) with a fix.
/// </summary>
public static class ImageAssertionParser
{
    public static readonly string[] TopKeys = ["metadata", "files", "efficiency"];
    internal static readonly string[] MetadataKeys = ["env", "labels", "exposed_ports", "unexposed_ports", "entrypoint", "cmd", "workdir", "user", "volumes", "healthcheck"];
    internal static readonly string[] KeyValueKeys = ["key", "value", "matches"];
    internal static readonly string[] FileKeys = ["path", "exists", "mode", "owner", "min_size", "max_size", "link_target", "contains", "excludes", "listing", "listing_exact"];
    internal static readonly string[] EfficiencyKeys = ["lowest_efficiency", "highest_wasted_bytes", "highest_user_wasted_percent"];
    internal static readonly string[] DiveRuleKeys = ["lowestEfficiency", "highestWastedBytes", "highestUserWastedPercent"];

    /// <summary>dive's CI configuration file name, read from the working directory as dive does.</summary>
    public const string DiveCiFileName = ".dive-ci";

    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Reads an <c>--expect</c> file: a mapping with <c>metadata</c>, <c>files</c> and <c>efficiency</c>.</summary>
    public static ImageAssertions LoadFile(string path)
    {
        var documents = LoadYaml(path);
        return documents.Root switch
        {
            null or YamlScalar { IsNull: true } => throw new DrydockException($"{path} is empty", SourceSpan.At(path, 1, 1), "write metadata:, files: or efficiency: (docs/drydock-yml.md, image assertions)."),
            YamlMapping mapping => Read(mapping, "expectations", TopKeys, path),
            var other => throw new DrydockException($"{path} must be a mapping, not a {other.Kind}", other.Span, "write metadata:, files: or efficiency: at the top level."),
        };
    }

    /// <summary>Reads the assertion keys of <paramref name="mapping"/> (other keys must be in <paramref name="allowedKeys"/>).</summary>
    public static ImageAssertions Read(YamlMapping mapping, string name, IReadOnlyList<string> allowedKeys, string? source = null)
    {
        CheckKeys(mapping, name, allowedKeys);
        var efficiency = mapping["efficiency"] is { } efficiencyNode && Mapping(efficiencyNode, name + ".efficiency", EfficiencyKeys) is { } thresholds
            ? new EfficiencyThresholds
            {
                LowestEfficiency = Ratio(thresholds["lowest_efficiency"], name + ".efficiency.lowest_efficiency"),
                HighestWastedBytes = Bytes(thresholds["highest_wasted_bytes"], name + ".efficiency.highest_wasted_bytes"),
                HighestUserWastedPercent = Ratio(thresholds["highest_user_wasted_percent"], name + ".efficiency.highest_user_wasted_percent", double.MaxValue),
                Source = source ?? efficiencyNode.Span.File,
            }
            : null;
        return new ImageAssertions
        {
            Metadata = mapping["metadata"] is { } metadata ? ReadMetadata(metadata, name + ".metadata") : null,
            Files = mapping["files"] is { } files ? ReadFiles(files, name + ".files") : [],
            Efficiency = efficiency,
        };
    }

    /// <summary>
    /// Reads dive's <c>.dive-ci</c>: <c>rules: {lowestEfficiency, highestWastedBytes, highestUserWastedPercent}</c>, each a
    /// value or <c>disabled</c>. Other keys (dive has none yet) are refused, so a typo does not disable a rule silently.
    /// </summary>
    public static EfficiencyThresholds LoadDiveCi(string path)
    {
        var root = LoadYaml(path).Root;
        if (root is null or YamlScalar { IsNull: true })
        {
            return new EfficiencyThresholds { Source = path };
        }
        var mapping = Mapping(root, DiveCiFileName, ["rules"]);
        var rules = mapping?["rules"] is { } rulesNode ? Mapping(rulesNode, "rules", DiveRuleKeys) : null;
        return new EfficiencyThresholds
        {
            LowestEfficiency = Ratio(rules?["lowestEfficiency"], "rules.lowestEfficiency"),
            HighestWastedBytes = Bytes(rules?["highestWastedBytes"], "rules.highestWastedBytes"),
            HighestUserWastedPercent = Ratio(rules?["highestUserWastedPercent"], "rules.highestUserWastedPercent", double.MaxValue),
            Source = path,
        };
    }

    /// <summary>Whether the file is dive's CI configuration: named <c>.dive-ci</c>, or a mapping with a top-level <c>rules:</c>.</summary>
    public static bool IsDiveCi(string path) =>
        Path.GetFileName(path) == DiveCiFileName || LoadYaml(path).Root is YamlMapping mapping && mapping.Find("rules") is not null;

    private static YamlDocumentSet LoadYaml(string path)
    {
        try
        {
            return YamlLoader.LoadFile(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DrydockException($"cannot read {path}: {ex.Message}", null, "check the path and its permissions.", ex);
        }
    }

    private static MetadataAssertions? ReadMetadata(YamlNode node, string name)
    {
        if (Mapping(node, name, MetadataKeys) is not { } mapping)
        {
            return null;
        }
        return new MetadataAssertions
        {
            Env = KeyValues(mapping["env"], name + ".env"),
            Labels = KeyValues(mapping["labels"], name + ".labels"),
            ExposedPorts = Strings(mapping["exposed_ports"], name + ".exposed_ports").Select(item => NormalizePort(item.Text)).ToList(),
            UnexposedPorts = Strings(mapping["unexposed_ports"], name + ".unexposed_ports").Select(item => NormalizePort(item.Text)).ToList(),
            Entrypoint = mapping["entrypoint"] is { } entrypoint ? Strings(entrypoint, name + ".entrypoint").Select(item => item.Text).ToList() : null,
            Cmd = mapping["cmd"] is { } cmd ? Strings(cmd, name + ".cmd").Select(item => item.Text).ToList() : null,
            Workdir = mapping["workdir"] is { } workdir ? Text(workdir, name + ".workdir") : null,
            User = mapping["user"] is { } user ? Text(user, name + ".user") : null,
            Volumes = Strings(mapping["volumes"], name + ".volumes").Select(item => item.Text).ToList(),
            Healthcheck = mapping["healthcheck"] is { } health
                ? Text(health, name + ".healthcheck") switch
                {
                    "present" => HealthcheckExpectation.Present,
                    "absent" => HealthcheckExpectation.Absent,
                    var other => throw new DrydockException($"{name}.healthcheck: '{other}' is not present or absent", health.Span, "write healthcheck: present (or absent)."),
                }
                : null,
        };
    }

    /// <summary><c>8080</c> is <c>8080/tcp</c>, as Docker stores it.</summary>
    internal static string NormalizePort(string port) => port.Contains('/', StringComparison.Ordinal) ? port : port + "/tcp";

    private static List<KeyValueAssertion> KeyValues(YamlNode? node, string name)
    {
        var result = new List<KeyValueAssertion>();
        if (node is null or YamlScalar { IsNull: true })
        {
            return result;
        }
        if (node is not YamlSequence sequence)
        {
            throw new DrydockException($"{name} must be a list, not a {node.Kind}", node.Span, "write a list: - {key: PATH, value: /usr/bin} or - {key: VERSION, matches: '^1\\.'}.");
        }
        foreach (var item in sequence.Items)
        {
            var mapping = Mapping(item, name + " item", KeyValueKeys)
                ?? throw new DrydockException($"{name} item is empty", item.Span, "write {key: NAME} (and value: or matches:).");
            var key = mapping["key"] is { } keyNode ? Text(keyNode, name + ".key")
                : throw new DrydockException($"{name} item has no key", mapping.Span, "write {key: NAME} (and value: or matches:).");
            if (mapping.Find("value") is { } both && mapping.Find("matches") is not null)
            {
                throw new DrydockException($"{name} item {key} has both value and matches", both.Key.Span, "keep value: (exact) or matches: (a regular expression), not both.");
            }
            ValueExpectation? value = mapping["value"] is { } exact ? new ValueExpectation(ScalarText(exact, name + ".value"), null)
                : mapping["matches"] is { } pattern ? new ValueExpectation(null, Regex(pattern, name + ".matches"))
                : null;
            result.Add(new KeyValueAssertion(key, value, mapping.Span));
        }
        return result;
    }

    private static List<FileAssertion> ReadFiles(YamlNode node, string name)
    {
        if (node is YamlScalar { IsNull: true })
        {
            return [];
        }
        if (node is not YamlSequence sequence)
        {
            throw new DrydockException($"{name} must be a list, not a {node.Kind}", node.Span, "write a list: - {path: /app/server, mode: '0755'}.");
        }
        var result = new List<FileAssertion>();
        for (var index = 0; index < sequence.Items.Count; index++)
        {
            var itemName = $"{name}[{index}]";
            var mapping = Mapping(sequence.Items[index], itemName, FileKeys)
                ?? throw new DrydockException($"{itemName} is empty", sequence.Items[index].Span, "write {path: /absolute/path, ...}.");
            var pathNode = mapping["path"] ?? throw new DrydockException($"{itemName} has no path", mapping.Span, "write path: /absolute/path.");
            var path = Text(pathNode, itemName + ".path");
            if (!path.StartsWith('/'))
            {
                throw new DrydockException($"{itemName}.path '{path}' is not absolute", pathNode.Span, "write the path from the image's root, e.g. /app/server.");
            }
            var file = new FileAssertion(LayerScanner.NormalizePath(path.TrimStart('/')), mapping.Span);
            if (mapping["exists"] is { } exists)
            {
                file = file with { ShouldExist = Boolean(exists, itemName + ".exists") };
            }
            if (mapping["mode"] is { } mode)
            {
                var (bits, letter) = Mode(mode, itemName + ".mode");
                file = file with { Mode = bits, TypeLetter = letter };
            }
            if (mapping["owner"] is { } owner)
            {
                var (uid, gid) = Owner(owner, itemName + ".owner");
                file = file with { Uid = uid, Gid = gid };
            }
            file = file with
            {
                MinSize = Bytes(mapping["min_size"], itemName + ".min_size"),
                MaxSize = Bytes(mapping["max_size"], itemName + ".max_size"),
                LinkTarget = mapping["link_target"] is { } target ? Text(target, itemName + ".link_target") : null,
                Contains = Strings(mapping["contains"], itemName + ".contains").Select(item => Regex(item.Node, itemName + ".contains")).ToList(),
                Excludes = Strings(mapping["excludes"], itemName + ".excludes").Select(item => Regex(item.Node, itemName + ".excludes")).ToList(),
                Listing = Strings(mapping["listing"], itemName + ".listing").Select(item => item.Text).ToList(),
                ListingExact = mapping["listing_exact"] is { } exact && Boolean(exact, itemName + ".listing_exact"),
            };
            if (!file.ShouldExist && mapping.Entries.Any(entry => entry.Key.Value is not ("path" or "exists")))
            {
                var extra = mapping.Entries.First(entry => entry.Key.Value is not ("path" or "exists"));
                throw new DrydockException($"{itemName}: {extra.Key.Value} cannot apply to a path that must not exist", extra.Key.Span, "remove exists: false, or the other checks.");
            }
            if (file.MinSize > file.MaxSize)
            {
                throw new DrydockException($"{itemName}: min_size is larger than max_size", mapping.Find("min_size")!.Key.Span, "swap them.");
            }
            result.Add(file);
        }
        return result;
    }

    /// <summary><c>0755</c>/<c>755</c>/<c>4755</c> (octal), or <c>-rwxr-xr-x</c> as ls prints it (the letter is checked too).</summary>
    internal static (int Bits, char? TypeLetter) Mode(YamlNode node, string name)
    {
        var text = ScalarText(node, name);
        if (text.Length is 3 or 4 && text.All(c => c is >= '0' and <= '7'))
        {
            return (Convert.ToInt32(text, 8), null);
        }
        if (text.Length == 10 && "-dlcbps".Contains(text[0], StringComparison.Ordinal))
        {
            var bits = 0;
            const string letters = "rwxrwxrwx";
            for (var i = 0; i < 9; i++)
            {
                var c = text[i + 1];
                var special = i switch { 2 => "sS", 5 => "sS", 8 => "tT", _ => string.Empty };
                if (c == letters[i] || (special.Length > 0 && c == special[0]))
                {
                    bits |= 1 << (8 - i);
                }
                else if (c != '-' && (special.Length == 0 || c != special[1]))
                {
                    throw BadMode();
                }
                if (special.Length > 0 && special.Contains(c, StringComparison.Ordinal))
                {
                    bits |= i switch { 2 => LayerEntry.SetUid, 5 => LayerEntry.SetGid, _ => LayerEntry.Sticky };
                }
            }
            return (bits, text[0]);
        }
        throw BadMode();

        DrydockException BadMode() => new($"{name}: '{text}' is not a file mode", node.Span, "write octal digits in quotes ('0755', '4755') or the ls form ('-rwxr-xr-x').");
    }

    /// <summary><c>1000</c> (uid) or <c>1000:1000</c> (uid:gid), numbers as the layer's tar headers hold them.</summary>
    private static (int? Uid, int? Gid) Owner(YamlNode node, string name)
    {
        var text = ScalarText(node, name);
        var parts = text.Split(':');
        if (parts.Length is 1 or 2 && parts.All(part => part.Length > 0 && int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            return (int.Parse(parts[0], CultureInfo.InvariantCulture), parts.Length == 2 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : null);
        }
        throw new DrydockException($"{name}: '{text}' is not uid or uid:gid", node.Span, "write numbers, e.g. owner: '1000:1000' (the tar headers hold ids, not names).");
    }

    /// <summary>A ratio (0.95 for 95%); the user-wasted ratio may exceed 1 (wasted bytes count every copy).</summary>
    private static double? Ratio(YamlNode? node, string name, double maximum = 1)
    {
        if (node is null || IsDisabled(node))
        {
            return null;
        }
        return node is YamlScalar scalar && scalar.TryGetDouble(out var value) && value >= 0 && value <= maximum
            ? value
            : throw new DrydockException($"{name}: {Written(node)} is not a ratio {(maximum == 1 ? "between 0 and 1" : "of 0 or more")}", node.Span, "write e.g. 0.95 (or disabled).");
    }

    private static long? Bytes(YamlNode? node, string name)
    {
        if (node is null || IsDisabled(node))
        {
            return null;
        }
        return node is YamlScalar { IsNull: false } scalar && SizeText.TryParseBytes(scalar.Value, out var bytes)
            ? bytes
            : throw new DrydockException($"{name}: {Written(node)} is not a size", node.Span, "write a size such as 20MB, 1.5GB or 512KiB (a plain number is bytes), or disabled.");
    }

    private static bool IsDisabled(YamlNode node) => node is YamlScalar { IsNull: true } or YamlScalar { Value: "disabled" };

    private static bool Boolean(YamlNode node, string name) =>
        node is YamlScalar scalar && scalar.TryGetBoolean(out var value)
            ? value
            : throw new DrydockException($"{name}: {Written(node)} is not true or false", node.Span, "write true or false.");

    private static Regex Regex(YamlNode node, string name)
    {
        var pattern = ScalarText(node, name);
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (ArgumentException ex)
        {
            throw new DrydockException($"{name}: '{pattern}' is not a regular expression: {ex.Message}", node.Span, "escape special characters with \\ (in single quotes YAML keeps \\ as it is).");
        }
    }

    private static string Text(YamlNode node, string name) => node switch
    {
        YamlScalar { IsNull: false } scalar => scalar.Value,
        YamlScalar => throw new DrydockException($"{name} is empty", node.Span, "write a value, or remove the key."),
        _ => throw new DrydockException($"{name} must be a string, not a {node.Kind}", node.Span, "write a single value (quote it if it holds ': ' or '#')."),
    };

    /// <summary>A scalar's text, empty allowed (an env value may be empty).</summary>
    private static string ScalarText(YamlNode node, string name) => node switch
    {
        YamlScalar { IsPlain: true, IsNull: true } => string.Empty,
        YamlScalar scalar => scalar.Value,
        _ => throw new DrydockException($"{name} must be a string, not a {node.Kind}", node.Span, "write a single value (quote it if it holds ': ' or '#')."),
    };

    private static List<(string Text, YamlNode Node)> Strings(YamlNode? node, string name) => node switch
    {
        null or YamlScalar { IsNull: true } => [],
        YamlScalar scalar => [(scalar.Value, scalar)],
        YamlSequence sequence => sequence.Items.Select(item => (ScalarText(item, $"{name} item"), item)).ToList(),
        _ => throw new DrydockException($"{name} must be a list of strings, not a {node.Kind}", node.Span, "write a list: [a, b]."),
    };

    private static YamlMapping? Mapping(YamlNode node, string name, IReadOnlyList<string> keys)
    {
        if (node is YamlScalar { IsNull: true })
        {
            return null;
        }
        var mapping = node as YamlMapping
            ?? throw new DrydockException($"{name} must be a mapping, not a {node.Kind}", node.Span, "write its keys indented below it, or as {key: value}.");
        CheckKeys(mapping, name, keys);
        return mapping;
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
}
