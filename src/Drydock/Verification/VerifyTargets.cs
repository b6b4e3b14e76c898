using Drydock.Measurements;
using Drydock.Verification.Config;

namespace Drydock.Verification;

/// <summary>Which target applies to a measurement: the service's own, else the stack-wide one for per-service metrics.</summary>
public sealed class VerifyTargets(VerifyConfig config)
{
    public Target? ForStack(Metric metric) =>
        config.Targets.FirstOrDefault(target => target.Target.Metric == metric)?.Target;

    public Target? ForService(Metric metric, string service)
    {
        var own = config.FindService(service)?.Targets.FirstOrDefault(target => target.Target.Metric == metric)?.Target;
        if (own is not null)
        {
            return own;
        }
        // A stack-wide image_size or build_time is the stack's total, not a per-service bound.
        if (metric.Scope != MetricScope.Service)
        {
            return null;
        }
        return ForStack(metric) is { } shared ? shared with { Service = service } : null;
    }

    public bool HasServiceTarget(Metric metric) =>
        config.Services.Any(service => service.Targets.Any(target => target.Target.Metric == metric));

    public Measurement Stack(Metric metric, double? actual, string? detail = null) =>
        Measurement.Evaluate(metric, null, ForStack(metric), actual, detail);

    public Measurement Service(Metric metric, string service, double? actual, string? detail = null) =>
        Measurement.Evaluate(metric, service, ForService(metric, service), actual, detail);
}
