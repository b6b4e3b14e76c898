using Drydock.Catalog;
using Drydock.Findings.Suppressions;
using Drydock.Configuration;
using Drydock.Findings;
using Drydock.Yaml;

namespace Drydock.Checking;

/// <summary>Severity overrides and disabled rules for the findings in some paths (<c>check: overrides:</c>).</summary>
public sealed record PathOverride(IReadOnlyList<GlobPattern> Paths, RuleSettings Settings);

/// <summary>
/// How findings are reported. <see cref="Default"/> gathers the per-setting hardening findings of a Compose service
/// (DC004, DC005, DC023, DC024, DC025) into one DC048 finding; <see cref="Strict"/> reports each setting on its own.
/// </summary>
public enum CheckProfile
{
    Default,
    Strict,
}

public static class CheckProfiles
{
    public static readonly string[] Names = ["default", "strict"];

    public static bool TryParse(string? text, out CheckProfile profile)
    {
        switch (text)
        {
            case "default":
                profile = CheckProfile.Default;
                return true;
            case "strict":
                profile = CheckProfile.Strict;
                return true;
            default:
                profile = CheckProfile.Default;
                return false;
        }
    }
}

/// <summary>Rule switches: disabled and enabled rules, and severity changes (a rule id or any alias as key).</summary>
public sealed record RuleSettings
{
    public static RuleSettings None { get; } = new();

    public IReadOnlyList<string> Disable { get; init; } = [];

    public IReadOnlyList<string> Enable { get; init; } = [];

    /// <summary>Token to severity; null means "off".</summary>
    public IReadOnlyList<KeyValuePair<string, Severity?>> Severity { get; init; } = [];
}

/// <summary>
/// The <c>check:</c> section of drydock.yml:
/// <code>
/// check:
///   disable: [DF022, DL3059]        # ids or aliases
///   enable: [DF016]                 # rules that are off by default
///   severity: {DF044: warning, DL3008: off}
///   trusted_registries: [registry.example.com, "*.corp.example"]
///   build_args: {BASE: "python:3.12-slim"}
///   exclude: ["vendor/**", "legacy/Dockerfile"]
///   shellcheck: true
///   fail_on: error                  # flag > DRYDOCK_FAIL_ON > this > warning
///   compose_target: v1              # auto (default), v1, v2 or none: whose Compose keys DC049 checks
///   profile: strict                 # default: one hardening finding per service; strict: one per setting
///   overrides:
///     - paths: ["services/legacy/**"]
///       disable: [DF062]
///       severity: {DF034: info}
/// </code>
/// Paths are relative to the directory of drydock.yml. Unknown keys and wrong types are errors with their position.
/// </summary>
public sealed record CheckConfiguration
{
    public const string SectionName = "check";

    public static CheckConfiguration Empty { get; } = new();

    /// <summary>The drydock.yml it came from, or null.</summary>
    public string? File { get; init; }

    /// <summary>The whole drydock.yml, for the families that read their own section (context:, …).</summary>
    public DrydockConfigFile? ConfigFile { get; init; }

    /// <summary>The directory paths in the configuration are relative to.</summary>
    public string? BaseDirectory { get; init; }

    public RuleSettings Rules { get; init; } = RuleSettings.None;

    public IReadOnlyList<string> TrustedRegistries { get; init; } = [];

    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<GlobPattern> Exclude { get; init; } = [];

    public bool Shellcheck { get; init; } = true;

    public IReadOnlyList<PathOverride> Overrides { get; init; } = [];

    /// <summary><c>check.fail_on</c>: error, warning, info or none; null when not set.</summary>
    public string? FailOn { get; init; }

    /// <summary><c>check.compose_target</c>: auto, v1, v2 or none; null when not set (auto).</summary>
    public string? ComposeTarget { get; init; }

    public CheckProfile Profile { get; init; } = CheckProfile.Default;

    internal static readonly string[] Keys = ["disable", "enable", "severity", "trusted_registries", "build_args", "exclude", "shellcheck", "overrides", "fail_on", "compose_target", "profile"];

    internal static readonly string[] OverrideKeys = ["paths", "disable", "enable", "severity"];

    public static CheckConfiguration Load(string path)
    {
        var file = DrydockConfigFile.Load(path);
        // The whole file is validated, verify's sections too: a mistake there is reported now, not after a build.
        var errors = new ConfigErrors();
        errors.Try(() => Verification.Config.VerifyConfigParser.Parse(file));
        CheckConfiguration? configuration = null;
        errors.Try(() => configuration = FromSection(file.Section(SectionName), file.Path) with { ConfigFile = file });
        errors.ThrowIfAny();
        return configuration!;
    }

    public static CheckConfiguration FromSection(YamlNode? section, string file)
    {
        var configuration = new CheckConfiguration { File = file, BaseDirectory = Path.GetDirectoryName(Path.GetFullPath(file)) };
        if (section is null || section is YamlScalar { IsNull: true })
        {
            return configuration;
        }
        var mapping = section as YamlMapping ?? throw new DrydockException($"check: must be a mapping, not a {section.Kind}", section.Span);
        // Every key is read on its own, so all the section's errors are reported at once.
        var errors = new ConfigErrors();
        foreach (var entry in mapping.Entries)
        {
            if (!Keys.Contains(entry.Key.Value, StringComparer.Ordinal))
            {
                errors.Add(new DrydockException($"unknown key 'check.{entry.Key.Value}' in drydock.yml (known: {string.Join(", ", Keys)})", entry.Key.Span));
            }
        }
        errors.Try(() => configuration = configuration with { Rules = ReadRules(mapping, "check") });
        errors.Try(() => configuration = configuration with { TrustedRegistries = StringList(mapping["trusted_registries"], "check.trusted_registries") });
        errors.Try(() => configuration = configuration with { BuildArgs = StringMap(mapping["build_args"], "check.build_args") });
        errors.Try(() => configuration = configuration with { Exclude = StringList(mapping["exclude"], "check.exclude").Select(pattern => new GlobPattern(pattern)).ToList() });
        errors.Try(() => configuration = configuration with { Shellcheck = mapping["shellcheck"] is not { } shellcheck || Boolean(shellcheck, "check.shellcheck") });
        errors.Try(() => configuration = configuration with { Overrides = ReadOverrides(mapping["overrides"]) });
        errors.Try(() => configuration = configuration with { FailOn = Choice(mapping["fail_on"], "check.fail_on", FailThreshold.Names) });
        errors.Try(() => configuration = configuration with { ComposeTarget = Choice(mapping["compose_target"], "check.compose_target", ComposeTargets.Names) });
        errors.Try(() => configuration = configuration with { Profile = ReadProfile(mapping["profile"]) });
        errors.ThrowIfAny();
        return configuration;
    }

    private static CheckProfile ReadProfile(YamlNode? node)
    {
        if (node is null)
        {
            return CheckProfile.Default;
        }
        var text = (node as YamlScalar)?.Value;
        return CheckProfiles.TryParse(text, out var profile)
            ? profile
            : throw new DrydockException($"check.profile: '{text}' is not {string.Join(" or ", CheckProfiles.Names)}", node.Span);
    }

    private static RuleSettings ReadRules(YamlMapping mapping, string prefix)
    {
        var disable = StringList(mapping["disable"], prefix + ".disable");
        var enable = StringList(mapping["enable"], prefix + ".enable");
        foreach (var (token, node) in disable.Zip(Nodes(mapping["disable"])).Concat(enable.Zip(Nodes(mapping["enable"]))))
        {
            CheckKnown(token, node);
        }
        var severities = new List<KeyValuePair<string, Severity?>>();
        if (mapping["severity"] is { } severityNode)
        {
            var severityMap = severityNode as YamlMapping ?? throw new DrydockException($"{prefix}.severity must map rule ids to error, warning, info or off", severityNode.Span);
            foreach (var entry in severityMap.Entries)
            {
                CheckKnown(entry.Key.Value, entry.Key);
                var text = (entry.Value as YamlScalar)?.Value;
                if (text is "off" or "none" or "false")
                {
                    severities.Add(new(entry.Key.Value, null));
                }
                else if (SeverityNames.TryParse(text, out var severity))
                {
                    severities.Add(new(entry.Key.Value, severity));
                }
                else
                {
                    throw new DrydockException($"{prefix}.severity.{entry.Key.Value}: '{text}' is not error, warning, info or off", entry.Value.Span);
                }
            }
        }
        return new RuleSettings { Disable = disable, Enable = enable, Severity = severities };
    }

    private static string? Choice(YamlNode? node, string name, IReadOnlyList<string> allowed) => node switch
    {
        null => null,
        YamlScalar scalar when allowed.Contains(scalar.Value, StringComparer.Ordinal) => scalar.Value,
        _ => throw new DrydockException($"{name} must be one of: {string.Join(", ", allowed)}", node.Span),
    };

    private static void CheckKnown(string token, YamlNode node) => EnsureKnownRule(token, node.Span, "drydock.yml");

    /// <summary>Throws unless <paramref name="token"/> names a rule (id, alias, SC code) or is <c>all</c>.</summary>
    public static void EnsureKnownRule(string token, Drydock.Text.SourceSpan? span, string where)
    {
        if (token.Equals("all", StringComparison.OrdinalIgnoreCase) || token.StartsWith("SC", StringComparison.Ordinal) && token.Length > 2 && token[2..].All(char.IsAsciiDigit))
        {
            return;
        }
        if (!RuleCatalog.All.Any(rule => RuleSelector.MatchesRule(token, rule)))
        {
            throw new DrydockException($"unknown rule '{token}' in {where}", span, "run 'drydock rules' for the list of ids and aliases.");
        }
    }

    private static List<PathOverride> ReadOverrides(YamlNode? node)
    {
        var overrides = new List<PathOverride>();
        if (node is null)
        {
            return overrides;
        }
        var sequence = node as YamlSequence ?? throw new DrydockException("check.overrides must be a list of {paths, disable, enable, severity}", node.Span);
        foreach (var item in sequence.Items)
        {
            var mapping = item as YamlMapping ?? throw new DrydockException("each check.overrides entry must be a mapping", item.Span);
            foreach (var entry in mapping.Entries)
            {
                if (!OverrideKeys.Contains(entry.Key.Value, StringComparer.Ordinal))
                {
                    throw new DrydockException($"unknown key '{entry.Key.Value}' in check.overrides (known: {string.Join(", ", OverrideKeys)})", entry.Key.Span);
                }
            }
            var paths = StringList(mapping["paths"], "check.overrides.paths");
            if (paths.Count == 0)
            {
                throw new DrydockException("each check.overrides entry needs paths", mapping.Span);
            }
            overrides.Add(new PathOverride(paths.Select(p => new GlobPattern(p)).ToList(), ReadRules(mapping, "check.overrides")));
        }
        return overrides;
    }

    private static IEnumerable<YamlNode> Nodes(YamlNode? node) => node switch
    {
        YamlSequence sequence => sequence.Items,
        YamlScalar scalar => [scalar],
        _ => [],
    };

    private static List<string> StringList(YamlNode? node, string name) => node switch
    {
        null => [],
        YamlScalar { IsNull: true } => [],
        YamlScalar scalar => RuleSelector.Split(scalar.Value).ToList(),
        YamlSequence sequence => sequence.Items.Select(item => item is YamlScalar scalar ? scalar.Value : throw new DrydockException($"{name} must be a list of strings", item.Span)).ToList(),
        _ => throw new DrydockException($"{name} must be a list of strings", node.Span),
    };

    private static Dictionary<string, string> StringMap(YamlNode? node, string name)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (node)
        {
            case null:
                return result;
            case YamlMapping mapping:
                foreach (var entry in mapping.Entries)
                {
                    result[entry.Key.Value] = entry.Value is YamlScalar scalar ? scalar.Value : throw new DrydockException($"{name}.{entry.Key.Value} must be a string", entry.Value.Span);
                }
                return result;
            default:
                throw new DrydockException($"{name} must be a mapping of names to values", node.Span);
        }
    }

    private static bool Boolean(YamlNode node, string name) =>
        node is YamlScalar scalar && scalar.TryGetBoolean(out var value) ? value : throw new DrydockException($"{name} must be true or false", node.Span);
}
