using Drydock.Findings.Suppressions;
using Drydock.Findings;
using Drydock.Files;

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

    /// <summary>The Compose implementation whose file format DC049 checks; none by default.</summary>
    public ComposeTarget Target { get; init; }

    /// <summary>Honour <c># drydock ignore=…</c> comments in the files.</summary>
    public bool HonourSuppressions { get; init; } = true;

    internal static bool Matches(IReadOnlyCollection<string> names, RuleDescriptor rule) =>
        names.Any(name => RuleSelector.MatchesRule(name, rule));

    internal bool IsEnabled(RuleDescriptor rule) => !Matches(Disable, rule) && (rule.EnabledByDefault || Matches(Enable, rule));

    internal Severity? SeverityOf(RuleDescriptor rule)
    {
        foreach (var (name, severity) in Severities)
        {
            if (RuleSelector.MatchesRule(name, rule))
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
        if (options.Target != ComposeTarget.Any)
        {
            analysis = analysis with { Target = options.Target };
        }
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
    /// The comment syntax is the Dockerfiles' (<see cref="PragmaComment"/>), and so are the tokens: ids, aliases
    /// (CL-0001, dclint names) or <c>all</c>. DC001 cannot be silenced by a comment, as DF001 cannot: Compose refuses the file.
    /// </summary>
    private sealed class SuppressionIndex
    {
        private readonly Dictionary<string, (string[] Lines, List<string> Global)?> _files = new(StringComparer.Ordinal);

        public bool IsSuppressed(Finding finding)
        {
            if (finding.Rule.Id == InvalidComposeFileRule.Rule.Id || !finding.Span.HasPosition || Load(finding.Span.File) is not { } file)
            {
                return false;
            }
            if (Named(file.Global, finding))
            {
                return true;
            }
            var line = finding.Span.Line - 1;
            if (line < file.Lines.Length && Named(Pragma(file.Lines[line], global: false), finding))
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
                return text.StartsWith('#') && Named(Pragma(text, global: false), finding);
            }
            return false;
        }

        private static bool Named(IReadOnlyList<string> tokens, Finding finding) => tokens.Any(token => RuleSelector.Matches(token, finding));

        private (string[] Lines, List<string> Global)? Load(string path)
        {
            if (_files.TryGetValue(path, out var known))
            {
                return known;
            }
            (string[] Lines, List<string> Global)? loaded = null;
            try
            {
                if (File.Exists(path))
                {
                    var lines = UserFiles.ReadAllLines(path, 8 * 1024 * 1024);
                    var global = new List<string>();
                    foreach (var line in lines)
                    {
                        global.AddRange(Pragma(line, global: true));
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

        /// <summary>The tokens of the line's pragma comment: a YAML comment starts with '#' at the line's start or after a space.</summary>
        private static IReadOnlyList<string> Pragma(string line, bool global)
        {
            for (var hash = line.IndexOf('#', StringComparison.Ordinal); hash >= 0; hash = line.IndexOf('#', hash + 1))
            {
                if ((hash == 0 || char.IsWhiteSpace(line[hash - 1])) && PragmaComment.TryParse(line[(hash + 1)..], out var isGlobal, out var tokens))
                {
                    return isGlobal == global ? tokens : [];
                }
            }
            return [];
        }
    }
}
