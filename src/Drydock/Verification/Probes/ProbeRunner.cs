using System.Diagnostics;
using System.Globalization;
using Drydock.Engine;
using Drydock.Measurements;
using Drydock.Verification.Config;

namespace Drydock.Verification.Probes;

/// <summary>The running container a probe targets; <see cref="PublishedTcpPorts"/> maps container TCP port → host port published on 127.0.0.1.</summary>
public sealed record ProbeTarget(string Service, string ContainerId, IReadOnlyDictionary<int, int> PublishedTcpPorts);

/// <summary>A probe's result, and for an HTTP probe with a latency target, the latency measured by its passing attempt.</summary>
public sealed record ProbeOutcome(ProbeResult Result, Measurement? Latency)
{
    /// <summary>What the passing attempt answered (an HTTP body, an exec's standard output), for scenario <c>save:</c>.</summary>
    public string? Output { get; init; }
}

/// <summary>
/// One try of a probe. <see cref="Permanent"/> failures (a port that is not published, an invalid JSON path) cannot
/// change by retrying, so the runner stops at once.
/// </summary>
internal sealed record ProbeAttempt(bool Passed, string Detail, double? LatencyMs = null, bool Permanent = false)
{
    public string? Output { get; init; }

    /// <summary>What this attempt got, short enough to group equal failures by ("503 Service Unavailable"); null: the detail.</summary>
    public string? Answer { get; init; }

    public static ProbeAttempt Pass(string detail, double? latencyMs = null) => new(true, detail, latencyMs);

    public static ProbeAttempt Fail(string detail) => new(false, detail);

    public static ProbeAttempt FailPermanently(string detail) => new(false, detail, Permanent: true);
}

/// <summary>Runs the probes of <c>drydock verify</c> against running containers (http, exec, tcp, file).</summary>
public static class ProbeRunner
{
    /// <summary>Retries never come faster than this, whatever the interval says.</summary>
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// An attempt gets at least this long (or the whole timeout, when shorter), even when it starts just before the
    /// deadline: a last attempt cut short would report "no answer" instead of what was wrong.
    /// </summary>
    private static readonly TimeSpan MinimumAttemptTime = TimeSpan.FromSeconds(1);

    private const int MaxAttempts = 100_000;

    /// <summary>
    /// Retries every <see cref="ProbeSpec.Interval"/> until the probe passes or <see cref="ProbeSpec.Timeout"/> runs out.
    /// Never throws for a failing probe: engine errors and timeouts become a failed result whose one-line detail says what
    /// was expected and what came back. Only cancellation of <paramref name="cancellationToken"/> throws.
    /// </summary>
    public static async Task<ProbeOutcome> RunAsync(DockerClient client, ProbeSpec spec, ProbeTarget target, CancellationToken cancellationToken) =>
        Judge(spec, await RunAttemptsAsync(client, spec, target, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// The attempts' verdict as the report shows it: a pass after failed attempts says so ("passed on attempt 4 of 4
    /// (3× 503 Service Unavailable)"), a failure after several counts them, and <see cref="ProbeSpec.MaxAttempts"/>
    /// fails a pass that came too late. <paramref name="raw"/> holds the last attempt's own detail.
    /// </summary>
    public static ProbeOutcome Judge(ProbeSpec spec, ProbeOutcome raw)
    {
        var result = raw.Result;
        var failed = string.Join(", ", result.FailedAttempts.Select(group => $"{group.Count.ToString(CultureInfo.InvariantCulture)}× {group.Answer}"));
        if (result.Status == ProbeStatus.Passed && spec.MaxAttempts is { } max && result.Attempts > max)
        {
            return raw with
            {
                Result = result with
                {
                    Status = ProbeStatus.Failed,
                    Detail = $"passed only on attempt {result.Attempts} ({failed}); attempts: {max} requires a pass within {(max == 1 ? "the first attempt" : $"{max} attempts")}",
                },
                Output = null,
            };
        }
        // A failure says what its last attempt got (the Attempts column counts them, JSON's failedAttempts groups them);
        // a pass that needed retries says what the retries got, which a pass alone would hide.
        if (result.Status != ProbeStatus.Passed || result.FailedAttempts.Count == 0)
        {
            return raw;
        }
        return raw with { Result = result with { Detail = $"passed on attempt {result.Attempts} of {result.Attempts} ({failed}): {result.Detail}" } };
    }

    /// <summary>The attempts themselves: the last one's detail, and every failed one counted by its answer.</summary>
    public static async Task<ProbeOutcome> RunAttemptsAsync(DockerClient client, ProbeSpec spec, ProbeTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(target);
        var stopwatch = Stopwatch.StartNew();
        var attempts = 0;
        var failures = new AttemptCounter();
        ProbeAttempt attempt;
        while (true)
        {
            attempts++;
            var attemptStarted = stopwatch.Elapsed;
            var floor = spec.Timeout < MinimumAttemptTime ? spec.Timeout : MinimumAttemptTime;
            var remaining = spec.Timeout - attemptStarted;
            attempt = await AttemptAsync(client, spec, target, remaining < floor ? floor : remaining, cancellationToken).ConfigureAwait(false);
            if (!attempt.Passed)
            {
                failures.Add(attempt.Answer ?? attempt.Detail);
            }
            if (attempt.Passed || attempt.Permanent || attempts >= MaxAttempts)
            {
                break;
            }
            // Attempts start every interval; one that took longer is followed at once (after the minimum pause).
            var pause = spec.Interval - (stopwatch.Elapsed - attemptStarted);
            pause = pause < MinimumInterval ? MinimumInterval : pause;
            if (stopwatch.Elapsed + pause >= spec.Timeout)
            {
                break;
            }
            await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
        }
        var result = new ProbeResult(target.Service, spec.Name, attempt.Passed ? ProbeStatus.Passed : ProbeStatus.Failed, attempts, stopwatch.Elapsed.TotalMilliseconds, attempt.Detail)
        {
            FailedAttempts = failures.Counts,
        };
        return new ProbeOutcome(result, LatencyMeasurement(spec, target, attempt)) { Output = attempt.Passed ? attempt.Output : null };
    }

    /// <summary>
    /// The TCP ports of an inspected container published where 127.0.0.1 reaches them (a 127.0.0.1, 0.0.0.0 or empty
    /// host address), container port → host port.
    /// </summary>
    public static IReadOnlyDictionary<int, int> PublishedTcpPorts(ContainerDetails container)
    {
        ArgumentNullException.ThrowIfNull(container);
        var published = new SortedDictionary<int, int>();
        foreach (var (key, bindings) in container.NetworkSettings?.Ports ?? [])
        {
            var slash = key.IndexOf('/', StringComparison.Ordinal);
            var protocol = slash < 0 ? "tcp" : key[(slash + 1)..];
            if (protocol != "tcp" || !int.TryParse(slash < 0 ? key : key[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out var containerPort))
            {
                continue;
            }
            var reachable = (bindings ?? [])
                .Where(binding => binding.HostIp is null or "" or "127.0.0.1" or "0.0.0.0")
                .OrderBy(binding => binding.HostIp == "127.0.0.1" ? 0 : 1)
                .Select(binding => int.TryParse(binding.HostPort, NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : 0)
                .FirstOrDefault(port => port is > 0 and <= 65535);
            if (reachable > 0)
            {
                published[containerPort] = reachable;
            }
        }
        return published;
    }

    private static async Task<ProbeAttempt> AttemptAsync(DockerClient client, ProbeSpec spec, ProbeTarget target, TimeSpan remaining, CancellationToken cancellationToken)
    {
        try
        {
            return spec switch
            {
                HttpProbeSpec http => await HttpProbe.AttemptAsync(http, target, remaining, cancellationToken).ConfigureAwait(false),
                ExecProbeSpec exec => await ExecProbe.AttemptAsync(client, exec, target, remaining, cancellationToken).ConfigureAwait(false),
                TcpProbeSpec tcp => await TcpProbe.AttemptAsync(tcp, target, remaining, cancellationToken).ConfigureAwait(false),
                FileProbeSpec file => await FileProbe.AttemptAsync(client, file, target, remaining, cancellationToken).ConfigureAwait(false),
                PrometheusTargetsProbeSpec prometheus => await PrometheusTargets.AttemptAsync(prometheus, target, remaining, cancellationToken).ConfigureAwait(false),
                _ => ProbeAttempt.FailPermanently($"probes of kind '{spec.Kind}' are not supported"),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeAttempt.Fail($"no answer within {Units.Format(remaining.TotalSeconds, Unit.Seconds)}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // An engine or network error is this attempt's result; the next one may succeed.
            return ProbeAttempt.Fail(ProbeText.OneLine(ex.Message));
        }
    }

    private static Measurement? LatencyMeasurement(ProbeSpec spec, ProbeTarget target, ProbeAttempt attempt)
    {
        if (spec is not HttpProbeSpec { Expect.Latency: { } latencyTarget })
        {
            return null;
        }
        var detail = attempt.Passed
            ? $"probe '{spec.Name}'"
            : $"probe '{spec.Name}' did not pass, so its latency was not measured";
        return Measurement.Evaluate(Metrics.Latency, target.Service, latencyTarget, attempt.Passed ? attempt.LatencyMs : null, detail);
    }
}

/// <summary>Counts failed attempts by answer, in first-seen order; bounded (the rarest answers beyond the limit are summed as "other").</summary>
public sealed class AttemptCounter
{
    private const int MaxAnswers = 5;
    private const int MaxAnswerLength = 80;
    private readonly List<(string Answer, int Count)> _counts = [];
    private int _other;

    public IReadOnlyList<AttemptCount> Counts =>
        [.. _counts.Select(pair => new AttemptCount(pair.Answer, pair.Count)), .. _other > 0 ? [new AttemptCount("other answers", _other)] : Array.Empty<AttemptCount>()];

    public void Add(string answer, int count = 1)
    {
        answer = answer.Length > MaxAnswerLength ? answer[..MaxAnswerLength] + "…" : answer;
        var index = _counts.FindIndex(pair => pair.Answer == answer);
        if (index >= 0)
        {
            _counts[index] = (answer, _counts[index].Count + count);
        }
        else if (_counts.Count < MaxAnswers)
        {
            _counts.Add((answer, count));
        }
        else
        {
            _other += count;
        }
    }

    public void AddAll(IEnumerable<AttemptCount> counts)
    {
        foreach (var count in counts)
        {
            Add(count.Answer, count.Count);
        }
    }
}

/// <summary>Text helpers for probe details: one line, bounded.</summary>
internal static class ProbeText
{
    /// <summary>At most <paramref name="max"/> characters on one line, control characters escaped as JSON-ish text would.</summary>
    public static string OneLine(string text, int max = 200)
    {
        var builder = new System.Text.StringBuilder(Math.Min(text.Length, max) + 8);
        foreach (var c in text)
        {
            if (builder.Length >= max)
            {
                return builder.Append('…').ToString();
            }
            builder.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }
        return builder.ToString();
    }

    public static string Milliseconds(double milliseconds) => Units.Milliseconds(milliseconds);

    /// <summary>The host port a container port is published on, or the permanent failure saying how to publish it.</summary>
    public static bool TryPublishedPort(ProbeTarget target, int? containerPort, out int hostPort, out int resolvedContainerPort, out ProbeAttempt? failure)
    {
        hostPort = 0;
        resolvedContainerPort = containerPort ?? 0;
        failure = null;
        if (containerPort is null)
        {
            if (target.PublishedTcpPorts.Count != 1)
            {
                failure = ProbeAttempt.FailPermanently(target.PublishedTcpPorts.Count == 0
                    ? $"service {target.Service} publishes no TCP port on 127.0.0.1: publish one (ports: [\"127.0.0.1:HOST:CONTAINER\"]) or name it with port:"
                    : $"service {target.Service} publishes several TCP ports ({string.Join(", ", target.PublishedTcpPorts.Keys)}): say which with port:");
                return false;
            }
            (resolvedContainerPort, hostPort) = target.PublishedTcpPorts.First();
            return true;
        }
        if (!target.PublishedTcpPorts.TryGetValue(containerPort.Value, out hostPort))
        {
            failure = ProbeAttempt.FailPermanently(
                $"container port {containerPort} of service {target.Service} is not published on 127.0.0.1: publish it as 127.0.0.1:HOST:{containerPort}");
            return false;
        }
        return true;
    }
}
