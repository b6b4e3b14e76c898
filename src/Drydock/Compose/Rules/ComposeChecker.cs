using Drydock.Findings;

namespace Drydock.Compose.Rules;

/// <summary>Which rules run and how severe their findings are (the <c>check:</c> section of drydock.yml maps onto this).</summary>
public sealed record ComposeCheckOptions
{
    public static readonly ComposeCheckOptions Default = new();

    /// <summary>Rules (ids or aliases) to run even when off by default, such as the style rules.</summary>
    public IReadOnlyCollection<string> Enable { get; init; } = [];

    /// <summary>Rules (ids or aliases) not to run.</summary>
    public IReadOnlyCollection<string> Disable { get; init; } = [];

    /// <summary>Severity per rule id or alias.</summary>
    public IReadOnlyDictionary<string, Severity> Severities { get; init; } = new Dictionary<string, Severity>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Honour <c># drydock ignore=…</c> comments in the files.</summary>
    public bool HonourSuppressions { get; init; } = true;

    internal bool Matches(IReadOnlyCollection<string> names, RuleDescriptor rule) =>
        names.Any(name => string.Equals(name, rule.Id, StringComparison.OrdinalIgnoreCase) || rule.Aliases.Contains(name, StringComparer.OrdinalIgnoreCase));

    internal bool IsEnabled(RuleDescriptor rule) => !Matches(Disable, rule) && (rule.EnabledByDefault || Matches(Enable, rule));

    internal Severity? SeverityOf(RuleDescriptor rule)
    {
        foreach (var (name, severity) in Severities)
        {
            if (string.Equals(name, rule.Id, StringComparison.OrdinalIgnoreCase) || rule.Aliases.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                return severity;
            }
        }
        return null;
    }
}

/// <summary>Runs the Compose rules over an analysis: enabled rules only, severities applied, suppressions honoured, findings sorted.</summary>
public static class ComposeChecker
{
    public static IReadOnlyList<Finding> Run(ComposeAnalysis analysis, ComposeCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        options ??= ComposeCheckOptions.Default;
        var findings = new List<Finding>();
        foreach (var rule in ComposeRules.All.Where(rule => options.IsEnabled(rule.Descriptor)))
        {
            foreach (var finding in rule.Check(analysis))
            {
                findings.Add(options.SeverityOf(rule.Descriptor) is { } severity ? finding with { Severity = severity } : finding);
            }
        }
        if (options.HonourSuppressions)
        {
            var suppressions = new SuppressionIndex();
            findings.RemoveAll(suppressions.IsSuppressed);
        }
        return findings.Distinct().Order(FindingOrder.Instance).ToList();
    }

    /// <summary>
    /// <c># drydock ignore=DC011,DC026 -- reason</c> on the line before a finding (or at the end of its line) silences
    /// those rules there; <c># drydock global ignore=…</c> anywhere in a file silences them for the whole file.
    /// Ids and aliases (CL-0001, dclint names) are both accepted.
    /// </summary>
    private sealed class SuppressionIndex
    {
        private readonly Dictionary<string, (string[] Lines, HashSet<string> Global)?> _files = new(StringComparer.Ordinal);

        public bool IsSuppressed(Finding finding)
        {
            if (!finding.Span.HasPosition || Load(finding.Span.File) is not { } file)
            {
                return false;
            }
            if (Named(file.Global, finding.Rule))
            {
                return true;
            }
            var line = finding.Span.Line - 1;
            if (line < file.Lines.Length && Named(Pragma(file.Lines[line], global: false), finding.Rule))
            {
                return true;
            }
            for (var previous = line - 1; previous >= 0; previous--)
            {
                var text = file.Lines[previous].Trim();
                if (text.Length == 0)
                {
                    continue;
                }
                return text.StartsWith('#') && Named(Pragma(text, global: false), finding.Rule);
            }
            return false;
        }

        private static bool Named(HashSet<string> names, RuleDescriptor rule) =>
            names.Contains(rule.Id) || rule.Aliases.Any(names.Contains);

        private (string[] Lines, HashSet<string> Global)? Load(string path)
        {
            if (_files.TryGetValue(path, out var known))
            {
                return known;
            }
            (string[] Lines, HashSet<string> Global)? loaded = null;
            try
            {
                if (File.Exists(path) && new FileInfo(path).Length <= 8 * 1024 * 1024)
                {
                    var lines = File.ReadAllLines(path);
                    var global = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                    foreach (var line in lines)
                    {
                        global.UnionWith(Pragma(line, global: true));
                    }
                    loaded = (lines, global);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                loaded = null;
            }
            _files[path] = loaded;
            return loaded;
        }

        private static HashSet<string> Pragma(string line, bool global)
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var hash = line.IndexOf('#', StringComparison.Ordinal);
            if (hash < 0)
            {
                return names;
            }
            var comment = line[(hash + 1)..].Trim();
            var prefix = global ? "drydock global ignore=" : "drydock ignore=";
            if (!comment.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return names;
            }
            var list = comment[prefix.Length..];
            var reason = list.IndexOf("--", StringComparison.Ordinal);
            if (reason >= 0)
            {
                list = list[..reason];
            }
            foreach (var name in list.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                names.Add(name);
            }
            return names;
        }
    }
}
