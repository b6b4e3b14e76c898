using System.Globalization;

namespace Drydock.Verification.Load;

/// <summary>
/// Honest numbers: says when a run measured the load generator rather than the service. The generator shares the
/// machine with the service it loads, so a generator that saturates the CPU, or an open-model rate that was not
/// kept while the service had capacity to spare, makes throughput a lower bound and latency an upper bound.
/// </summary>
public static class LoadDiagnosis
{
    /// <summary>Generator CPU, as a share of all cores, above which it is likely the bottleneck.</summary>
    public const double BusyGeneratorShare = 0.85;

    /// <summary>Open model: a run that kept less than this share of its rate missed it.</summary>
    public const double RateKeptShare = 0.95;

    /// <param name="result">The load run to assess.</param>
    /// <param name="serviceCpuCores">The target containers' average CPU during the run, in cores, when it was sampled.</param>
    public static IReadOnlyList<string> Assess(LoadResult result, double? serviceCpuCores = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var warnings = new List<string>();
        var generator = result.Generator;
        var generatorBusy = generator.ProcessorCount > 0 && generator.Cores >= BusyGeneratorShare * generator.ProcessorCount;
        if (generatorBusy)
        {
            warnings.Add(Format(
                $"the load generator used {generator.Cores:0.00} of {generator.ProcessorCount} cores: it, not the service, is likely the bottleneck, so throughput is a lower bound and latency an upper bound."));
        }

        if (result.Model == LoadModel.Open && result.TargetRate is { } rate && MissedSchedule(result, rate))
        {
            warnings.Add(result.AchievedRate < RateKeptShare * rate
                ? Format($"the open model sent {result.AchievedRate:0.#} requests/s of the {rate:0.#} asked ({result.Dropped} due requests never sent).")
                : Format($"the open model kept {rate:0.#} requests/s only by sending late: 10% of requests waited over {result.SendLag.P90Ms:0.#} ms for a free connection."));
            // What the connections could carry at the service time observed: connections / mean service time.
            var poolCapacity = result.ServiceTime.MeanMs > 0 ? result.Connections * 1000 / result.ServiceTime.MeanMs : double.PositiveInfinity;
            if (poolCapacity < rate)
            {
                warnings.Add(Format(
                    $"with {result.Connections} connections and {result.ServiceTime.MeanMs:0.##} ms per answer the generator can carry about {poolCapacity:0} requests/s: raise connections to measure the service at {rate:0.#}/s, or read this as the service's limit."));
            }
            else if (!generatorBusy)
            {
                warnings.Add("the connections had capacity to spare, so the generator's scheduler fell behind: the generator, not the service, is likely the bottleneck.");
            }
        }

        if (serviceCpuCores is { } serviceCores && serviceCores < 0.5)
        {
            var missedRate = result.Model == LoadModel.Open && result.TargetRate is { } asked && MissedSchedule(result, asked);
            if (missedRate || generatorBusy)
            {
                warnings.Add(Format(
                    $"the service used only {serviceCores:0.00} cores while the generator was the limit: these numbers describe the generator, not the service."));
            }
        }
        return warnings;
    }

    /// <summary>
    /// The open model missed its schedule when it sent under <see cref="RateKeptShare"/> of the rate, or when requests
    /// queued for a connection: one in ten later than both 10 ms and one request interval.
    /// </summary>
    private static bool MissedSchedule(LoadResult result, double rate) =>
        result.AchievedRate < RateKeptShare * rate || result.SendLag.P90Ms > Math.Max(10, 1000 / rate);

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
