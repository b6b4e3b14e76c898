using System.Text.RegularExpressions;

namespace Drydock.Engine;

/// <summary>Images: inspect, history, export as a tar stream, list, tag and (explicit) removal.</summary>
public sealed partial class DockerClient
{
    /// <summary>An image's id, tags, configuration (user, env, ports, health check…), size and layer diff ids.</summary>
    public Task<ImageDetails> InspectImageAsync(string reference, CancellationToken cancellationToken) =>
        GetJsonAsync($"images/{EngineQuery.ImageReference(reference)}/json", EngineJsonContext.Default.ImageDetails, cancellationToken);

    /// <summary>The build steps, newest first, with the command that made each and the bytes its layer adds.</summary>
    public Task<ImageHistoryItem[]> GetImageHistoryAsync(string reference, CancellationToken cancellationToken) =>
        GetJsonAsync($"images/{EngineQuery.ImageReference(reference)}/history", EngineJsonContext.Default.ImageHistoryItemArray, cancellationToken);

    /// <summary>Local images carrying every given label (<c>key</c> or <c>key=value</c>).</summary>
    public Task<ImageSummary[]> ListImagesAsync(IEnumerable<string> labels, CancellationToken cancellationToken) =>
        GetJsonAsync(
            new EngineQuery("images/json").Add("filters", EngineQuery.Filters(("label", labels))).ToString(),
            EngineJsonContext.Default.ImageSummaryArray,
            cancellationToken);

    /// <summary>
    /// The image as <c>docker save</c> writes it (<c>GET /images/{name}/get</c>), streamed as the engine produces
    /// it: nothing is buffered or written to disk. Dispose the stream to free the connection.
    /// </summary>
    public async Task<Stream> ExportImageAsync(string reference, CancellationToken cancellationToken)
    {
        var response = await SendStreamingAsync(HttpMethod.Get, $"images/{EngineQuery.ImageReference(reference)}/get", null, cancellationToken).ConfigureAwait(false);
        return await ResponseStream.OpenAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gives an image another name (<c>repository:tag</c>); the tag is moved if it named another image.</summary>
    public async Task TagImageAsync(string reference, string repository, string tag, CancellationToken cancellationToken)
    {
        var path = new EngineQuery($"images/{EngineQuery.ImageReference(reference)}/tag").Add("repo", repository).Add("tag", tag).ToString();
        using var response = await SendAsync(HttpMethod.Post, path, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Removes one image by its id (<c>sha256:…</c> or a hex prefix of 12+) or an explicit <c>name:tag</c> /
    /// <c>name@digest</c>: never a bare name, which would silently mean <c>:latest</c>. Without
    /// <paramref name="force"/>, an image used by a container is a conflict.
    /// </summary>
    public async Task<ImageDeleteItem[]> RemoveImageAsync(string idOrTag, bool force, CancellationToken cancellationToken)
    {
        if (!IsExplicitImageReference(idOrTag))
        {
            throw new ArgumentException($"'{idOrTag}' is not an image id or an explicit name:tag; Drydock removes only exactly named images.", nameof(idOrTag));
        }
        var path = new EngineQuery($"images/{EngineQuery.ImageReference(idOrTag)}").Add("force", force).ToString();
        using var response = await SendAsync(HttpMethod.Delete, path, null, cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync(response, path, EngineJsonContext.Default.ImageDeleteItemArray, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An image id, or a reference whose last component has a tag or that has a digest.</summary>
    public static bool IsExplicitImageReference(string reference)
    {
        if (string.IsNullOrWhiteSpace(reference) || reference.AsSpan().IndexOfAny("*? \t") >= 0)
        {
            return false;
        }
        if (ImageIdPattern().IsMatch(reference) || reference.Contains('@', StringComparison.Ordinal))
        {
            return true;
        }
        var lastComponent = reference[(reference.LastIndexOf('/') + 1)..];
        var colon = lastComponent.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon < lastComponent.Length - 1;
    }

    [GeneratedRegex("^(sha256:[0-9a-f]{64}|[0-9a-f]{12,64})$")]
    private static partial Regex ImageIdPattern();
}
