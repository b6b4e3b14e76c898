using System.Text.RegularExpressions;
using Drydock.Engine;

namespace Drydock.Verification.Sampling;

/// <summary>What a scan of a container's log found: how many lines, how many match an error pattern, the first few of those.</summary>
public sealed record LogScan(int Lines, int ErrorLines, IReadOnlyList<string> Examples);

/// <summary>Reads containers' logs for <c>log_errors</c> and for failure diagnostics.</summary>
public static class LogScanner
{
    public const int MaxExamples = 5;

    public const int MaxExampleLength = 200;

    /// <summary>A pattern slower than this on one line is a pattern problem (catastrophic backtracking), not a log one.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Reads the container's whole log (stdout and stderr, not following) and counts the lines any of
    /// <paramref name="patterns"/> (.NET regular expressions) matches. <see cref="LogScan.Examples"/> holds the first
    /// <see cref="MaxExamples"/> matching lines, each cut to <see cref="MaxExampleLength"/> characters.
    /// </summary>
    public static async Task<LogScan> ScanAsync(DockerClient client, string containerId, IReadOnlyList<string> patterns, CancellationToken cancellationToken)
    {
        var matcher = new LogErrorMatcher(patterns);
        await foreach (var line in client.ReadContainerLogsAsync(containerId, new ContainerLogOptions(), cancellationToken).ConfigureAwait(false))
        {
            matcher.Add(line.Text);
        }
        return matcher.Result;
    }

    /// <summary>
    /// Reads the container's whole log with the engine's timestamps and attributes each error line to the phase it was
    /// written in; lines the phase's scenario expects for <paramref name="service"/> are counted apart.
    /// </summary>
    public static async Task<PhasedLogScan> ScanPhasesAsync(DockerClient client, string containerId, string service, IReadOnlyList<string> patterns, IReadOnlyList<RunPhase> phases, CancellationToken cancellationToken)
    {
        var matcher = new PhasedLogMatcher(patterns, service, phases);
        await foreach (var line in client.ReadContainerLogsAsync(containerId, new ContainerLogOptions { Timestamps = true }, cancellationToken).ConfigureAwait(false))
        {
            matcher.Add(line.Text, line.Timestamp);
        }
        return matcher.Result;
    }

    internal static string Example(string line, string? phase)
    {
        var trimmed = line.Trim();
        trimmed = trimmed.Length > MaxExampleLength ? trimmed[..MaxExampleLength] : trimmed;
        return phase is null ? trimmed : $"[{phase}] {trimmed}";
    }

    /// <summary>The last <paramref name="lines"/> lines of the container's log (both streams, in order), for failure diagnostics.</summary>
    public static async Task<IReadOnlyList<string>> TailAsync(DockerClient client, string containerId, int lines, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lines);
        var tail = new List<string>(Math.Min(lines, 1000));
        if (lines == 0)
        {
            return tail;
        }
        await foreach (var line in client.ReadContainerLogsAsync(containerId, new ContainerLogOptions { Tail = lines }, cancellationToken).ConfigureAwait(false))
        {
            tail.Add(line.Text);
        }
        // The engine counts the tail per stream on some versions; keep the promise of n lines.
        return tail.Count > lines ? tail[^lines..] : tail;
    }
}

/// <summary>Counts log lines against error patterns (compiled once); pure, so the counting is testable without an engine.</summary>
public sealed class LogErrorMatcher
{
    private readonly List<(string Pattern, Regex Regex)> _patterns;
    private readonly List<string> _examples = [];
    private int _lines;
    private int _errorLines;

    /// <exception cref="DrydockException">A pattern is not a valid regular expression.</exception>
    public LogErrorMatcher(IReadOnlyList<string> patterns)
    {
        _patterns = patterns.Select(pattern => (pattern, Compile(pattern))).ToList();
    }

    public LogScan Result => new(_lines, _errorLines, _examples.ToArray());

    /// <summary>Counts one line; true when it matches a pattern.</summary>
    /// <exception cref="DrydockException">A pattern took longer than <see cref="LogScanner.MatchTimeout"/> on the line.</exception>
    public bool Add(string line)
    {
        _lines++;
        if (!Matches(line))
        {
            return false;
        }
        _errorLines++;
        if (_examples.Count < LogScanner.MaxExamples)
        {
            _examples.Add(LogScanner.Example(line, phase: null));
        }
        return true;
    }

    /// <summary>Whether a pattern matches the line, without counting it.</summary>
    internal bool Matches(string line)
    {
        foreach (var (pattern, regex) in _patterns)
        {
            try
            {
                if (regex.IsMatch(line))
                {
                    return true;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                throw new DrydockException(
                    $"The log_errors pattern '{pattern}' took longer than {LogScanner.MatchTimeout.TotalMilliseconds:0} ms on one log line.",
                    null,
                    "Simplify the pattern: nested or adjacent unbounded repetitions (such as (a+)+ or .*.*) backtrack without end on long lines.");
            }
        }
        return false;
    }

    private static Regex Compile(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, LogScanner.MatchTimeout);
        }
        catch (ArgumentException ex)
        {
            throw new DrydockException($"The log_errors pattern '{pattern}' is not a valid regular expression: {ex.Message}", null, "Write a .NET regular expression, escaping special characters (\\[, \\(, \\.) to match them literally.");
        }
    }
}

/// <summary>How many error lines one phase of the run held: unexpected ones, and those its scenario expected.</summary>
public sealed record PhaseLogCount(string Phase, int Errors, int Expected);

/// <summary>
/// A whole run's log of one service: <see cref="ErrorLines"/> counts the unexpected error lines (what <c>log_errors</c>
/// judges), <see cref="ExpectedLines"/> those a scenario's <c>expect_logs:</c> declared; both by phase, with the first
/// few lines of each, prefixed with their phase.
/// </summary>
public sealed record PhasedLogScan(int Lines, int ErrorLines, int ExpectedLines, IReadOnlyList<PhaseLogCount> ByPhase, IReadOnlyList<string> Examples, IReadOnlyList<string> ExpectedExamples)
{
    /// <summary>"start-up 1, load 'steady' 3": the phases with error lines, in run order.</summary>
    public string Summary(Func<PhaseLogCount, int> count) =>
        string.Join(", ", ByPhase.Where(phase => count(phase) > 0).Select(phase => $"{phase.Phase} {count(phase)}"));
}

/// <summary>Counts a service's log lines by run phase against error patterns and the phases' expected patterns; pure, testable without an engine.</summary>
public sealed class PhasedLogMatcher
{
    private readonly LogErrorMatcher _errors;
    private readonly string _service;
    private readonly IReadOnlyList<RunPhase> _phases;
    private readonly Dictionary<string, (int Errors, int Expected)> _counts = new(StringComparer.Ordinal);
    private readonly List<string> _examples = [];
    private readonly List<string> _expectedExamples = [];
    private int _lines;
    private int _errorLines;
    private int _expectedLines;

    public PhasedLogMatcher(IReadOnlyList<string> patterns, string service, IReadOnlyList<RunPhase> phases)
    {
        _errors = new LogErrorMatcher(patterns);
        _service = service;
        _phases = phases;
    }

    public PhasedLogScan Result => new(
        _lines,
        _errorLines,
        _expectedLines,
        _phases.Select(phase => phase.Name).Distinct(StringComparer.Ordinal)
            .Where(_counts.ContainsKey)
            .Select(name => new PhaseLogCount(name, _counts[name].Errors, _counts[name].Expected)).ToList(),
        _examples.ToArray(),
        _expectedExamples.ToArray());

    /// <summary>Counts one line written at <paramref name="time"/> (null: unknown, counted in the first phase).</summary>
    public void Add(string line, DateTimeOffset? time)
    {
        _lines++;
        if (!_errors.Matches(line))
        {
            return;
        }
        var phase = RunPhases.At(_phases, time);
        var name = phase?.Name ?? "run";
        var counts = _counts.GetValueOrDefault(name);
        if (phase is not null && phase.ExpectedLogs.TryGetValue(_service, out var expected) && expected.Any(pattern => pattern.IsMatch(line)))
        {
            _expectedLines++;
            _counts[name] = counts with { Expected = counts.Expected + 1 };
            if (_expectedExamples.Count < LogScanner.MaxExamples)
            {
                _expectedExamples.Add(LogScanner.Example(line, name));
            }
            return;
        }
        _errorLines++;
        _counts[name] = counts with { Errors = counts.Errors + 1 };
        if (_examples.Count < LogScanner.MaxExamples)
        {
            _examples.Add(LogScanner.Example(line, name));
        }
    }
}
