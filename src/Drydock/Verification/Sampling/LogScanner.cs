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
            var trimmed = line.Trim();
            _examples.Add(trimmed.Length > LogScanner.MaxExampleLength ? trimmed[..LogScanner.MaxExampleLength] : trimmed);
        }
        return true;
    }

    private bool Matches(string line)
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
