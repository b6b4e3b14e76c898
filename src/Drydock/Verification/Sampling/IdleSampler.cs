using System.Diagnostics;
using Drydock.Engine;

namespace Drydock.Verification.Sampling;

/// <summary>
/// Measures what running services use while nobody talks to them: CPU and memory of every container over a window,
/// sampled at an interval, all containers at once.
/// </summary>
/// <remarks>
/// The engine collects stats once a second, whatever is asked: a one-shot call answers at once only the first time
/// and then blocks until the next collection (API 1.41, measured), and its previous sample is empty. So each
/// container's stats are streamed (one connection, a reading a second) and readings at least an interval apart are
/// kept; CPU is computed between kept readings from their cumulative counters (<see cref="ResourceUsage.FromReadings"/>),
/// so it is correct for any interval of a second or more. Shorter intervals get the engine's second.
/// </remarks>
public static class IdleSampler
{
    /// <summary>How long past the window a stream may stay silent before the sampling gives up on it.</summary>
    private static readonly TimeSpan StallAllowance = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Samples every container over <paramref name="window"/> at <paramref name="interval"/>, keyed by the given key
    /// (the service name). A container that stops (or is removed) during the window yields what was sampled until
    /// then; one never sampled has <see cref="ResourceUsage.Samples"/> 0.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, ResourceUsage>> SampleAsync(
        DockerClient client,
        IReadOnlyList<KeyValuePair<string, string>> serviceContainers,
        TimeSpan window,
        TimeSpan interval,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        var sampling = serviceContainers
            .Select(async pair => KeyValuePair.Create(pair.Key, ResourceUsage.FromReadings(await ReadOverWindowAsync(client, pair.Value, window, interval, cancellationToken).ConfigureAwait(false))))
            .ToList();
        var results = await Task.WhenAll(sampling).ConfigureAwait(false);
        return results.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
    }

    /// <summary>
    /// Samples every container from now until <paramref name="stop"/> is cancelled (a scenario, whose length is not
    /// known in advance), and never longer than <paramref name="longest"/>. A container that stops on the way (a
    /// restart fault) yields what was sampled until then.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, ResourceUsage>> SampleUntilAsync(
        DockerClient client,
        IReadOnlyList<KeyValuePair<string, string>> serviceContainers,
        TimeSpan interval,
        TimeSpan longest,
        CancellationToken stop,
        CancellationToken cancellationToken)
    {
        var sampling = serviceContainers
            .Select(async pair => KeyValuePair.Create(pair.Key, ResourceUsage.FromReadings(await ReadOverWindowAsync(client, pair.Value, longest, interval, cancellationToken, stop).ConfigureAwait(false))))
            .ToList();
        var results = await Task.WhenAll(sampling).ConfigureAwait(false);
        return results.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
    }

    private static async Task<IReadOnlyList<ContainerStats>> ReadOverWindowAsync(DockerClient client, string containerId, TimeSpan window, TimeSpan interval, CancellationToken cancellationToken, CancellationToken stop = default)
    {
        var selector = new ReadingSelector(window, interval);
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stop);
        stall.CancelAfter(window + StallAllowance);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            await foreach (var sample in client.StreamContainerStatsAsync(containerId, stall.Token).ConfigureAwait(false))
            {
                if (selector.Offer(sample, stopwatch.Elapsed) == ReadingSelector.Outcome.Done)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The stream stalled past the window: what was read stands.
        }
        catch (EngineException ex) when (ex.IsNotFound || ex.IsConflict)
        {
            // Gone before or while sampling: what was read stands.
        }
        return selector.Kept;
    }
}

/// <summary>
/// Chooses, from the engine's stream of stats (about one a second), the readings a window keeps: the first, then
/// each at least an interval after the last kept one, until the window is over or the container stops. Pure, so the
/// choice is testable without an engine.
/// </summary>
public sealed class ReadingSelector(TimeSpan window, TimeSpan interval)
{
    /// <summary>The engine's ticks wander by milliseconds; a reading this close to due counts as due.</summary>
    public static readonly TimeSpan Jitter = TimeSpan.FromMilliseconds(100);

    private readonly List<ContainerStats> _kept = [];
    private int _offered;

    public enum Outcome
    {
        Kept,
        Skipped,

        /// <summary>The window is over or the container stopped: stop reading.</summary>
        Done,
    }

    public IReadOnlyList<ContainerStats> Kept => _kept;

    /// <summary>Offers the next reading, <paramref name="elapsed"/> after sampling began.</summary>
    public Outcome Offer(ContainerStats reading, TimeSpan elapsed)
    {
        // Bounded whatever the engine sends: the window's seconds, twice over, plus a few.
        if (!ResourceUsage.IsMeasured(reading) || ++_offered > (2 * window.TotalSeconds) + 10)
        {
            return Outcome.Done;
        }
        if (_kept.Count == 0)
        {
            _kept.Add(reading);
            return window <= TimeSpan.Zero ? Outcome.Done : Outcome.Kept;
        }
        var sinceFirst = reading.Read!.Value - _kept[0].Read!.Value;
        var windowOver = elapsed >= window || sinceFirst >= window - Jitter;
        var due = windowOver || reading.Read.Value - _kept[^1].Read!.Value >= interval - Jitter;
        if (due)
        {
            _kept.Add(reading);
        }
        return windowOver ? Outcome.Done : due ? Outcome.Kept : Outcome.Skipped;
    }
}
