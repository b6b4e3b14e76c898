using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Drydock.Engine;

/// <summary>Containers: list, create, inspect and the lifecycle operations fault scenarios use.</summary>
public sealed partial class DockerClient
{
    /// <summary>Containers (all states) carrying every given label (<c>key</c> or <c>key=value</c>).</summary>
    public Task<ContainerSummary[]> ListContainersAsync(IEnumerable<string> labels, CancellationToken cancellationToken) =>
        GetJsonAsync(
            new EngineQuery("containers/json?all=1").Add("filters", EngineQuery.Filters(("label", labels))).ToString(),
            EngineJsonContext.Default.ContainerSummaryArray,
            cancellationToken);

    /// <summary>Everything about one container: state with health log, configuration, host configuration, networks, mounts.</summary>
    public Task<ContainerDetails> InspectContainerAsync(string idOrName, CancellationToken cancellationToken) =>
        GetJsonAsync($"containers/{EngineQuery.Segment(idOrName)}/json", EngineJsonContext.Default.ContainerDetails, cancellationToken);

    /// <summary>Creates (does not start) a container; returns its id. Label what you create (<c>io.drydock.run</c>).</summary>
    public async Task<string> CreateContainerAsync(ContainerCreateRequest request, string? name, CancellationToken cancellationToken)
    {
        var path = new EngineQuery("containers/create").Add("name", name).ToString();
        using var response = await SendAsync(HttpMethod.Post, path, JsonBody(request, EngineJsonContext.Default.ContainerCreateRequest), cancellationToken).ConfigureAwait(false);
        return (await ReadJsonAsync(response, path, EngineJsonContext.Default.CreateResponse, cancellationToken).ConfigureAwait(false)).Id;
    }

    /// <summary>Starts a container; false when it was already running.</summary>
    public Task<bool> StartContainerAsync(string idOrName, CancellationToken cancellationToken) =>
        PostStateChangeAsync($"containers/{EngineQuery.Segment(idOrName)}/start", null, cancellationToken);

    /// <summary>
    /// Stops a container: its stop signal, then SIGKILL after <paramref name="gracePeriod"/> (null: the container's
    /// own, 10 s by default). False when it was not running.
    /// </summary>
    public Task<bool> StopContainerAsync(string idOrName, TimeSpan? gracePeriod, CancellationToken cancellationToken) =>
        PostStateChangeAsync(
            new EngineQuery($"containers/{EngineQuery.Segment(idOrName)}/stop").Add("t", Seconds(gracePeriod)).ToString(),
            RequestTimeoutAfter(gracePeriod),
            cancellationToken);

    /// <summary>Restarts a container (stop with <paramref name="gracePeriod"/>, then start).</summary>
    public Task RestartContainerAsync(string idOrName, TimeSpan? gracePeriod, CancellationToken cancellationToken) =>
        PostStateChangeAsync(
            new EngineQuery($"containers/{EngineQuery.Segment(idOrName)}/restart").Add("t", Seconds(gracePeriod)).ToString(),
            RequestTimeoutAfter(gracePeriod),
            cancellationToken);

    /// <summary>Sends a signal (null: SIGKILL) to the container's main process. A conflict when it is not running.</summary>
    public Task KillContainerAsync(string idOrName, string? signal, CancellationToken cancellationToken) =>
        PostStateChangeAsync(new EngineQuery($"containers/{EngineQuery.Segment(idOrName)}/kill").Add("signal", signal).ToString(), null, cancellationToken);

    /// <summary>Freezes every process of the container (cgroup freezer). A conflict when already paused or not running.</summary>
    public Task PauseContainerAsync(string idOrName, CancellationToken cancellationToken) =>
        PostStateChangeAsync($"containers/{EngineQuery.Segment(idOrName)}/pause", null, cancellationToken);

    /// <summary>Thaws a paused container. A conflict when it is not paused.</summary>
    public Task UnpauseContainerAsync(string idOrName, CancellationToken cancellationToken) =>
        PostStateChangeAsync($"containers/{EngineQuery.Segment(idOrName)}/unpause", null, cancellationToken);

    /// <summary>Removes a container; <paramref name="force"/> kills it first when running, <paramref name="removeVolumes"/> also removes its anonymous volumes.</summary>
    public async Task RemoveContainerAsync(string idOrName, bool force, bool removeVolumes, CancellationToken cancellationToken)
    {
        var path = new EngineQuery($"containers/{EngineQuery.Segment(idOrName)}").Add("force", force).Add("v", removeVolumes).ToString();
        using var response = await SendAsync(HttpMethod.Delete, path, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until the container reaches <paramref name="condition"/> and returns its exit code.
    /// Waits as long as it takes: bound it with the token.
    /// </summary>
    public async Task<long> WaitContainerAsync(string idOrName, ContainerWaitCondition condition, CancellationToken cancellationToken)
    {
        var conditionText = condition switch
        {
            ContainerWaitCondition.NextExit => "next-exit",
            ContainerWaitCondition.Removed => "removed",
            _ => "not-running",
        };
        var path = new EngineQuery($"containers/{EngineQuery.Segment(idOrName)}/wait").Add("condition", conditionText).ToString();
        using var response = await SendStreamingAsync(HttpMethod.Post, path, null, cancellationToken).ConfigureAwait(false);
        var result = await ReadJsonAsync(response, path, EngineJsonContext.Default.ContainerWaitResponse, cancellationToken).ConfigureAwait(false);
        if (result.Error?.Message is { Length: > 0 } error)
        {
            throw new EngineException(EngineErrorKind.ApiError, $"Waiting for {idOrName} failed: {error}");
        }
        return result.StatusCode;
    }

    /// <summary>
    /// The container's output as lines, streamed: memory stays bounded whatever the log's length
    /// (<see cref="ContainerLogOptions.MaxLineBytes"/> per stream). With <see cref="ContainerLogOptions.Follow"/>
    /// it ends when the container stops or the token is cancelled.
    /// </summary>
    public async IAsyncEnumerable<ContainerLogLine> ReadContainerLogsAsync(string idOrName, ContainerLogOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = new EngineQuery($"containers/{EngineQuery.Segment(idOrName)}/logs")
            .Add("stdout", options.StandardOutput)
            .Add("stderr", options.StandardError)
            .Add("follow", options.Follow)
            .Add("timestamps", options.Timestamps)
            .Add("since", options.Since is { } since ? DockerTime.ToUnixQuery(since) : null)
            .Add("until", options.Until is { } until ? DockerTime.ToUnixQuery(until) : null)
            .Add("tail", options.Tail is { } tail ? tail.ToString(System.Globalization.CultureInfo.InvariantCulture) : "all")
            .ToString();
        using var response = await SendStreamingAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        var multiplexed = await IsMultiplexedAsync(response, idOrName, cancellationToken).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var reader = new MultiplexedStreamReader(body, multiplexed);
        await foreach (var line in ContainerLogReader.ReadLinesAsync(reader, options.Timestamps, options.MaxLineBytes, cancellationToken).ConfigureAwait(false))
        {
            yield return line;
        }
    }

    /// <summary>
    /// One stats sample. Without <paramref name="oneShot"/> the engine waits for a second reading (about a second)
    /// so <see cref="ContainerStats.PrecpuStats"/> is filled and <see cref="ContainerStats.CpuPercent"/> is meaningful;
    /// with it the answer is immediate and the previous reading may be empty (a CPU percentage of 0).
    /// </summary>
    public Task<ContainerStats> GetContainerStatsAsync(string idOrName, bool oneShot, CancellationToken cancellationToken) =>
        GetJsonAsync(
            new EngineQuery($"containers/{EngineQuery.Segment(idOrName)}/stats?stream=0").AddIf(oneShot, "one-shot", "1").ToString(),
            StatsJsonContext.Default.ContainerStats,
            cancellationToken);

    /// <summary>Stats samples as the engine produces them (about one a second), until the container stops or the token is cancelled.</summary>
    public async IAsyncEnumerable<ContainerStats> StreamContainerStatsAsync(string idOrName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await SendStreamingAsync(HttpMethod.Get, $"containers/{EngineQuery.Segment(idOrName)}/stats?stream=1", null, cancellationToken).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var sample in JsonLinesReader.ReadAsync(body, StatsJsonContext.Default.ContainerStats, MaxJsonLineBytes, cancellationToken).ConfigureAwait(false))
        {
            yield return sample;
        }
    }

    /// <summary>Describes a path in the container (<c>HEAD …/archive</c>): size, mode, mtime, link target. NotFound when absent.</summary>
    public async Task<ContainerPathStat> StatContainerPathAsync(string idOrName, string path, CancellationToken cancellationToken)
    {
        var requestPath = new EngineQuery($"containers/{EngineQuery.Segment(idOrName)}/archive").Add("path", path).ToString();
        using var response = await SendAsync(HttpMethod.Head, requestPath, null, cancellationToken).ConfigureAwait(false);
        return ParsePathStat(response, path);
    }

    /// <summary>
    /// A file or directory of the container as a tar stream, with its stat. The archive is streamed: dispose it to
    /// free the connection. NotFound when the path is absent.
    /// </summary>
    public async Task<ContainerArchive> GetContainerArchiveAsync(string idOrName, string path, CancellationToken cancellationToken)
    {
        var requestPath = new EngineQuery($"containers/{EngineQuery.Segment(idOrName)}/archive").Add("path", path).ToString();
        var response = await SendStreamingAsync(HttpMethod.Get, requestPath, null, cancellationToken).ConfigureAwait(false);
        ContainerPathStat stat;
        try
        {
            stat = ParsePathStat(response, path);
        }
        catch
        {
            response.Dispose();
            throw;
        }
        return new ContainerArchive(stat, await ResponseStream.OpenAsync(response, cancellationToken).ConfigureAwait(false));
    }

    private const string MultiplexedStreamMediaType = "application/vnd.docker.multiplexed-stream";
    private const string RawStreamMediaType = "application/vnd.docker.raw-stream";

    /// <summary>Stats lines are a few kilobytes; events far less.</summary>
    private const int MaxJsonLineBytes = 4 * 1024 * 1024;

    private static string? Seconds(TimeSpan? duration) =>
        duration is { } value ? ((long)Math.Ceiling(value.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>A stop may take its whole grace period (10 s unless set) before the engine answers.</summary>
    private static TimeSpan RequestTimeoutAfter(TimeSpan? gracePeriod) =>
        (gracePeriod ?? TimeSpan.FromSeconds(10)) + DefaultRequestTimeout;

    /// <summary>
    /// Whether container output is framed. From API 1.42 the media type says so; before, every stream is labelled
    /// "raw" and the container's TTY setting decides (as the docker CLI does).
    /// </summary>
    private async Task<bool> IsMultiplexedAsync(HttpResponseMessage response, string idOrName, CancellationToken cancellationToken)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType == MultiplexedStreamMediaType)
        {
            return true;
        }
        if (mediaType == RawStreamMediaType && ApiVersion >= new ApiVersion(1, 42))
        {
            return false;
        }
        var details = await InspectContainerAsync(idOrName, cancellationToken).ConfigureAwait(false);
        return details.Config?.Tty != true;
    }

    /// <summary>POSTs a state change; false when the engine says it was already in that state (304).</summary>
    private async Task<bool> PostStateChangeAsync(string path, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, path, null, cancellationToken, timeout).ConfigureAwait(false);
        return response.StatusCode != HttpStatusCode.NotModified;
    }

    private static ContainerPathStat ParsePathStat(HttpResponseMessage response, string path)
    {
        if (!response.Headers.TryGetValues("X-Docker-Container-Path-Stat", out var values) || values.FirstOrDefault() is not { Length: > 0 } encoded)
        {
            throw new EngineException(EngineErrorKind.ApiError, $"The engine sent no X-Docker-Container-Path-Stat header for {path}.");
        }
        try
        {
            return JsonSerializer.Deserialize(Convert.FromBase64String(encoded), EngineJsonContext.Default.ContainerPathStat)
                ?? throw new EngineException(EngineErrorKind.ApiError, $"The engine sent an empty path stat for {path}.");
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            throw new EngineException(EngineErrorKind.ApiError, $"The engine's path stat for {path} is not base64 JSON: {ex.Message}", null, 0, ex);
        }
    }
}

/// <summary>A tar stream of a path in a container and that path's stat. Dispose it to free the connection.</summary>
public sealed class ContainerArchive(ContainerPathStat stat, Stream tar) : IDisposable, IAsyncDisposable
{
    public ContainerPathStat Stat { get; } = stat;

    /// <summary>The tar archive (read it with <see cref="System.Formats.Tar.TarReader"/>); read once, forward only.</summary>
    public Stream Tar { get; } = tar;

    public void Dispose() => Tar.Dispose();

    public ValueTask DisposeAsync() => Tar.DisposeAsync();
}

/// <summary>What <see cref="DockerClient.WaitContainerAsync"/> waits for.</summary>
public enum ContainerWaitCondition
{
    /// <summary>Returns at once for a container that is not running (created or exited).</summary>
    NotRunning,

    /// <summary>The next exit, even of a container that is not running now.</summary>
    NextExit,

    /// <summary>The container's removal.</summary>
    Removed,
}
