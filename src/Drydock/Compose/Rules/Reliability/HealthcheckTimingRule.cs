using Drydock.Compose.Model;
using Drydock.Findings;

namespace Drydock.Compose.Rules.Reliability;

/// <summary>DC029: health check timings that cannot work (a timeout longer than the interval, zero retries).</summary>
public sealed class HealthcheckTimingRule() : ServiceRule(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "DC029",
        "Health check timing",
        RuleCategories.Reliability,
        Severity.Warning,
        "service '{0}': {1}",
        "A probe that may run longer than its interval overlaps the next one, and zero retries marks the service unhealthy on the first slow answer. Keep timeout below interval and retries at 3 or more.")
    {
        Aliases = [],
    };

    protected override IEnumerable<Finding> Check(ComposeService service, ComposeAnalysis model)
    {
        if (service.Healthcheck is not { IsDisabled: false } healthcheck)
        {
            yield break;
        }
        // Only a timeout the file sets is judged: the engine's own defaults (30s interval, 30s timeout) are not the
        // file's doing. A set timeout is compared with the interval, the default one when the file sets none.
        if (healthcheck.Timeout is { } timeout)
        {
            var interval = healthcheck.Interval ?? TimeSpan.FromSeconds(30);
            if (timeout > interval)
            {
                var intervalText = Loading.ComposeUnits.FormatDuration(interval) + (healthcheck.Interval is null ? ", the default" : string.Empty);
                yield return Report(service.SpanOf("healthcheck"), service.Name, $"healthcheck timeout ({Loading.ComposeUnits.FormatDuration(timeout)}) is longer than its interval ({intervalText})");
            }
        }
        if (healthcheck.Retries == 0)
        {
            yield return Report(service.SpanOf("healthcheck"), service.Name, "healthcheck retries is 0: one slow probe marks it unhealthy");
        }
    }
}
