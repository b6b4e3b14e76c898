using System.Globalization;
using Drydock.Dockerfiles.Parsing;
using Drydock.Findings;

namespace Drydock.Dockerfiles.Rules.Runtime;

/// <summary>DF045: HEALTHCHECK options or type BuildKit refuses (bad durations, negative retries, unknown type).</summary>
public sealed class InvalidHealthcheckRule() : DockerfileRule(Describe(
    "DF045", "Invalid HEALTHCHECK", RuleCategories.Correctness, Severity.Error,
    "{0}",
    "HEALTHCHECK takes CMD (or NONE), durations with a unit (30s, 1m30s, 500ms; at least 1ms, or 0 for the default) and a non-negative --retries. BuildKit refuses anything else."))
{
    private static readonly string[] DurationFlags = ["interval", "timeout", "start-period", "start-interval"];

    public override IEnumerable<Finding> Check(DockerfileAnalysis analysis)
    {
        foreach (var (_, healthcheck) in analysis.All<HealthcheckInstruction>())
        {
            if (healthcheck.Type is not { } type)
            {
                continue;
            }
            var kind = type.Value.ToUpperInvariant();
            if (kind == "NONE")
            {
                if (healthcheck.Node.ArgumentValues.Count > 1)
                {
                    yield return Report(healthcheck.ArgumentsSpan, "HEALTHCHECK NONE takes no arguments");
                }
                continue;
            }
            if (kind != "CMD")
            {
                yield return Report(type.Span, $"Unknown type '{type.Value}' in HEALTHCHECK (try CMD)");
                continue;
            }
            if (!healthcheck.IsExecForm && healthcheck.ShellCommand is null || healthcheck.IsExecForm && healthcheck.ExecArguments.Count == 0)
            {
                yield return Report(type.Span, "Missing command after HEALTHCHECK CMD");
            }
            foreach (var flag in healthcheck.Flags)
            {
                if (flag.Value is not { Length: > 0 } value)
                {
                    continue;
                }
                var expanded = analysis.Expand(healthcheck, value);
                if (!expanded.IsResolved)
                {
                    continue;
                }
                if (DurationFlags.Contains(flag.Name))
                {
                    if (!TryParseDuration(expanded.Text, out var duration))
                    {
                        yield return Report(flag.Span, $"--{flag.Name}={expanded.Text} is not a duration (write 30s, 1m30s or 500ms)");
                    }
                    else if (duration != TimeSpan.Zero && duration < TimeSpan.FromMilliseconds(1))
                    {
                        yield return Report(flag.Span, $"--{flag.Name}={expanded.Text} is shorter than the minimum of 1ms");
                    }
                }
                else if (flag.Name == "retries")
                {
                    if (!int.TryParse(expanded.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var retries))
                    {
                        yield return Report(flag.Span, $"--retries={expanded.Text} is not a whole number");
                    }
                    else if (retries < 0)
                    {
                        yield return Report(flag.Span, $"--retries cannot be negative ({retries})");
                    }
                }
            }
        }
    }

    /// <summary>Go's <c>time.ParseDuration</c>: <c>[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+</c>, or "0".</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var s = text;
        var negative = false;
        if (s.Length > 0 && s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s == "0")
        {
            return true;
        }
        if (s.Length == 0)
        {
            return false;
        }
        double total = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }
            if (start == i || !double.TryParse(s[start..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }
            var unitStart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.')
            {
                i++;
            }
            var nanoseconds = s[unitStart..i] switch
            {
                "ns" => 1d,
                "us" or "µs" or "μs" => 1e3,
                "ms" => 1e6,
                "s" => 1e9,
                "m" => 60e9,
                "h" => 3600e9,
                _ => double.NaN,
            };
            if (double.IsNaN(nanoseconds))
            {
                return false;
            }
            total += number * nanoseconds;
        }
        duration = TimeSpan.FromTicks((long)(total / 100) * (negative ? -1 : 1));
        if (negative && total > 0)
        {
            duration = TimeSpan.FromTicks(-Math.Max(1, (long)(total / 100)));
        }
        return true;
    }
}
