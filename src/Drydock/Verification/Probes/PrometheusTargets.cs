using System.Text.Json;
using Drydock.Verification.Config;

namespace Drydock.Verification.Probes;

/// <summary>One scrape target as Prometheus' <c>/api/v1/targets</c> lists it.</summary>
public sealed record ScrapeTarget(string Job, string Instance, string Health, string LastError);

/// <summary>
/// The <c>prometheus_targets</c> probe: Prometheus' own view of what it scrapes. An attempt passes when the target list
/// is non-empty, settled (no target "unknown", i.e. not scraped yet) and every target (or every target of the named
/// jobs, each of which must have one) is "up"; otherwise it says which targets are down and their last error.
/// </summary>
internal static class PrometheusTargets
{
    private const int MaxNamed = 5;

    public static async Task<ProbeAttempt> AttemptAsync(PrometheusTargetsProbeSpec spec, ProbeTarget target, TimeSpan remaining, CancellationToken cancellationToken)
    {
        var request = new HttpProbeSpec(spec.Service, spec.Name, spec.Span) { Path = spec.Path, Port = spec.Port };
        var answer = await HttpProbe.AttemptAsync(request, target, remaining, cancellationToken).ConfigureAwait(false);
        if (!answer.Passed)
        {
            return answer;
        }
        var (passed, detail) = Judge(answer.Output ?? string.Empty, spec.Jobs);
        return passed ? ProbeAttempt.Pass(detail) with { Output = answer.Output } : ProbeAttempt.Fail(detail) with { Answer = FirstWords(detail) };
    }

    /// <summary>Judges an <c>/api/v1/targets</c> answer; pure, so it is testable without a server.</summary>
    public static (bool Passed, string Detail) Judge(string json, IReadOnlyList<string> jobs)
    {
        IReadOnlyList<ScrapeTarget> all;
        try
        {
            all = Parse(json);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return (false, $"not a Prometheus /api/v1/targets answer: {ProbeText.OneLine(json, 120)}");
        }
        var targets = jobs.Count == 0 ? all : all.Where(scrape => jobs.Contains(scrape.Job, StringComparer.Ordinal)).ToList();
        if (targets.Count == 0)
        {
            return (false, all.Count == 0 ? "no active targets yet" : $"no active targets of job {string.Join(", ", jobs)} (jobs: {string.Join(", ", all.Select(scrape => scrape.Job).Distinct(StringComparer.Ordinal))})");
        }
        var missing = jobs.Where(job => targets.All(scrape => scrape.Job != job)).ToList();
        if (missing.Count > 0)
        {
            return (false, $"no active targets of job {string.Join(", ", missing)}");
        }
        var unknown = targets.Where(scrape => scrape.Health == "unknown").ToList();
        var down = targets.Where(scrape => scrape.Health is not ("up" or "unknown")).ToList();
        if (down.Count > 0)
        {
            var named = string.Join("; ", down.Take(MaxNamed).Select(scrape => $"{scrape.Job} ({scrape.Instance}): {(scrape.LastError.Length > 0 ? ProbeText.OneLine(scrape.LastError, 120) : scrape.Health)}"));
            var more = down.Count > MaxNamed ? $"; and {down.Count - MaxNamed} more" : string.Empty;
            return (false, $"{down.Count} of {targets.Count} targets down: {named}{more}");
        }
        if (unknown.Count > 0)
        {
            return (false, $"{unknown.Count} of {targets.Count} targets not scraped yet (unknown): {string.Join(", ", unknown.Take(MaxNamed).Select(scrape => $"{scrape.Job} ({scrape.Instance})"))}");
        }
        var jobCount = targets.Select(scrape => scrape.Job).Distinct(StringComparer.Ordinal).Count();
        return (true, $"{targets.Count} target(s) of {jobCount} job(s) up");
    }

    public static IReadOnlyList<ScrapeTarget> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var active = document.RootElement.GetProperty("data").GetProperty("activeTargets");
        return active.EnumerateArray().Select(element =>
        {
            var labels = element.TryGetProperty("labels", out var l) && l.ValueKind == JsonValueKind.Object ? l : default;
            var job = Text(labels, "job") ?? Text(element, "scrapePool") ?? "?";
            var instance = Text(labels, "instance") ?? Text(element, "scrapeUrl") ?? "?";
            return new ScrapeTarget(job, instance, Text(element, "health") ?? "unknown", Text(element, "lastError") ?? string.Empty);
        }).ToList();
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The part of a failure before its list of targets, so equal failures group ("1 of 3 targets down").</summary>
    private static string FirstWords(string detail) => detail.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 ? detail[..colon] : detail;
}
