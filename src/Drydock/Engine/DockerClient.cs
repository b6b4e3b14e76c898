using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Drydock.Engine;

/// <summary>
/// A small Docker Engine API client: HTTP/1.1 over the unix socket (or TCP). The only code that speaks to the
/// engine. The API version is negotiated on first use (<c>/_ping</c>), or pinned with DOCKER_API_VERSION.
/// </summary>
public sealed class DockerClient : IDisposable
{
    private static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http;
    private readonly SemaphoreSlim _negotiation = new(1, 1);
    private ApiVersion? _version;

    public DockerClient(DockerEndpoint endpoint, ApiVersion? pinnedVersion = null)
    {
        Endpoint = endpoint;
        _version = pinnedVersion;
        var handler = new SocketsHttpHandler
        {
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
        };
        Uri baseAddress;
        if (endpoint.Kind == EndpointKind.Unix)
        {
            var socketPath = endpoint.Address;
            handler.ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
            // The host name is ignored by the engine on a unix socket, but HTTP needs one.
            baseAddress = new Uri("http://docker/");
        }
        else
        {
            baseAddress = new Uri($"http://{endpoint.Address}/");
        }
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("drydock", Reports.Rendering.ToolInfo.Version));
    }

    public DockerEndpoint Endpoint { get; }

    /// <summary>The version in use once negotiated (or pinned).</summary>
    public ApiVersion? ApiVersion => _version;

    public static DockerClient FromEnvironment(Func<string, string?>? getEnvironmentVariable = null)
    {
        getEnvironmentVariable ??= Environment.GetEnvironmentVariable;
        var endpoint = DockerEndpoint.Resolve(getEnvironmentVariable);
        ApiVersion? pinned = null;
        if (getEnvironmentVariable("DOCKER_API_VERSION") is { Length: > 0 } text)
        {
            pinned = Engine.ApiVersion.TryParse(text, out var version)
                ? version
                : throw new DrydockException($"DOCKER_API_VERSION={text} is not a version like 1.41.", null, "Unset it to let Drydock negotiate.");
        }
        return new DockerClient(endpoint, pinned);
    }

    public async Task<EnginePing> PingAsync(CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(HttpMethod.Get, "_ping", null, HttpCompletionOption.ResponseContentRead, DefaultRequestTimeout, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "_ping", cancellationToken).ConfigureAwait(false);
        var headers = response.Headers;
        var apiHeader = headers.TryGetValues("API-Version", out var values) ? values.FirstOrDefault() : null;
        if (!Engine.ApiVersion.TryParse(apiHeader, out var engineVersion))
        {
            // Engines before 1.25 send no header; anything that old is below our minimum anyway.
            engineVersion = Engine.ApiVersion.ClientMinimum;
        }
        return new EnginePing(
            engineVersion,
            headers.TryGetValues("OSType", out var os) ? os.FirstOrDefault() : null,
            headers.TryGetValues("Builder-Version", out var builder) ? builder.FirstOrDefault() : null,
            headers.TryGetValues("Docker-Experimental", out var experimental) && string.Equals(experimental.FirstOrDefault(), "true", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Pings the engine and settles the API version to speak.</summary>
    public async Task<ApiVersion> NegotiateAsync(CancellationToken cancellationToken)
    {
        if (_version is { } known)
        {
            return known;
        }
        await _negotiation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_version is { } settled)
            {
                return settled;
            }
            var ping = await PingAsync(cancellationToken).ConfigureAwait(false);
            if (ping.EngineApiVersion < Engine.ApiVersion.ClientMinimum)
            {
                throw new EngineException(
                    EngineErrorKind.ApiVersionUnsupported,
                    $"The engine at {Endpoint.Uri} speaks API {ping.EngineApiVersion}; Drydock needs at least {Engine.ApiVersion.ClientMinimum}.",
                    "Upgrade the Docker engine to 20.10 or newer.");
            }
            _version = Engine.ApiVersion.Negotiate(ping.EngineApiVersion);
            return _version.Value;
        }
        finally
        {
            _negotiation.Release();
        }
    }

    public Task<EngineVersion> GetVersionAsync(CancellationToken cancellationToken) =>
        GetJsonAsync("version", EngineJsonContext.Default.EngineVersion, cancellationToken);

    public Task<EngineSystemInfo> GetSystemInfoAsync(CancellationToken cancellationToken) =>
        GetJsonAsync("info", EngineJsonContext.Default.EngineSystemInfo, cancellationToken);

    /// <summary>Containers (all states) carrying every given label (<c>key</c> or <c>key=value</c>).</summary>
    public Task<ContainerSummary[]> ListContainersAsync(IEnumerable<string> labels, CancellationToken cancellationToken) =>
        GetJsonAsync($"containers/json?all=1&filters={LabelFilter(labels)}", ResourceJsonContext.Default.ContainerSummaryArray, cancellationToken);

    public Task<ContainerDetails> InspectContainerAsync(string idOrName, CancellationToken cancellationToken) =>
        GetJsonAsync($"containers/{Uri.EscapeDataString(idOrName)}/json", ResourceJsonContext.Default.ContainerDetails, cancellationToken);

    public Task<NetworkSummary[]> ListNetworksAsync(IEnumerable<string> labels, CancellationToken cancellationToken) =>
        GetJsonAsync($"networks?filters={LabelFilter(labels)}", ResourceJsonContext.Default.NetworkSummaryArray, cancellationToken);

    public async Task<VolumeSummary[]> ListVolumesAsync(IEnumerable<string> labels, CancellationToken cancellationToken) =>
        (await GetJsonAsync($"volumes?filters={LabelFilter(labels)}", ResourceJsonContext.Default.VolumeList, cancellationToken).ConfigureAwait(false)).Volumes ?? [];

    /// <summary>The engine's filter syntax: <c>{"label":["a=b","c"]}</c>, URL-encoded.</summary>
    public static string LabelFilter(IEnumerable<string> labels)
    {
        var quoted = labels.Select(label => System.Text.Json.JsonSerializer.Serialize(label, EngineJsonContext.Default.String));
        return Uri.EscapeDataString($"{{\"label\":[{string.Join(',', quoted)}]}}");
    }

    /// <summary>GET a versioned path (e.g. <c>containers/json?all=1</c>) and deserialize it with source-generated metadata.</summary>
    public async Task<T> GetJsonAsync<T>(string path, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await JsonSerializer.DeserializeAsync(body, typeInfo, cancellationToken).ConfigureAwait(false)
            ?? throw new EngineException(EngineErrorKind.ApiError, $"The engine returned an empty body for {path}.");
    }

    /// <summary>
    /// Sends a request to a versioned path and throws <see cref="EngineException"/> on an error status.
    /// The whole body is buffered: for streams use <see cref="SendStreamingAsync"/>.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var version = await NegotiateAsync(cancellationToken).ConfigureAwait(false);
        var response = await SendRawAsync(method, $"v{version}/{path}", content, HttpCompletionOption.ResponseContentRead, timeout ?? DefaultRequestTimeout, cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureSuccessAsync(response, path, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Sends a request and returns as soon as headers arrive; the caller reads (and disposes) the body stream.</summary>
    public async Task<HttpResponseMessage> SendStreamingAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        var version = await NegotiateAsync(cancellationToken).ConfigureAwait(false);
        var response = await SendRawAsync(method, $"v{version}/{path}", content, HttpCompletionOption.ResponseHeadersRead, Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureSuccessAsync(response, path, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string relativePath, HttpContent? content, HttpCompletionOption completion, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, relativePath) { Content = content };
        using var timeoutSource = timeout == Timeout.InfiniteTimeSpan ? new CancellationTokenSource() : new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            return await _http.SendAsync(request, completion, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new EngineException(EngineErrorKind.Timeout, $"The engine at {Endpoint.Uri} did not answer {method} /{relativePath} within {timeout.TotalSeconds:0} s.", "Check that dockerd is not hung: `docker info` should answer at once.");
        }
        catch (HttpRequestException ex)
        {
            throw TranslateConnectionError(ex);
        }
    }

    private EngineException TranslateConnectionError(HttpRequestException ex)
    {
        var socketError = (ex.InnerException as SocketException)?.SocketErrorCode;
        const string startFix = "Start it with `sudo scripts/setup-engine.sh` (or `sudo dockerd &`), or point DOCKER_HOST at a running engine.";
        if (Endpoint.Kind == EndpointKind.Unix && !File.Exists(Endpoint.Address) && !Directory.Exists(Endpoint.Address))
        {
            return new EngineException(EngineErrorKind.Unreachable, $"No Docker engine is running: the socket {Endpoint.Address} ({Endpoint.Source}) does not exist.", startFix, 0, ex);
        }
        return socketError switch
        {
            SocketError.AccessDenied => new EngineException(EngineErrorKind.PermissionDenied, $"Permission denied on the Docker socket {Endpoint.Address}.", "Run as root, or add your user to the 'docker' group (`sudo usermod -aG docker $USER`, then log in again).", 0, ex),
            SocketError.ConnectionRefused => new EngineException(EngineErrorKind.Unreachable, $"No Docker engine is listening on {Endpoint.Uri} ({Endpoint.Source}): connection refused.", startFix, 0, ex),
            SocketError.AddressNotAvailable or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TimedOut
                => new EngineException(EngineErrorKind.Unreachable, $"The Docker engine at {Endpoint.Uri} ({Endpoint.Source}) cannot be reached: {ex.InnerException?.Message ?? ex.Message}.", startFix, 0, ex),
            _ => new EngineException(EngineErrorKind.Unreachable, $"The Docker engine at {Endpoint.Uri} ({Endpoint.Source}) did not answer: {ex.InnerException?.Message ?? ex.Message}.", startFix, 0, ex),
        };
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string path, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string message = text.Trim();
        try
        {
            if (JsonSerializer.Deserialize(text, EngineJsonContext.Default.EngineErrorBody)?.Message is { Length: > 0 } parsed)
            {
                message = parsed;
            }
        }
        catch (JsonException)
        {
            // Not JSON: keep the raw text.
        }
        var status = (int)response.StatusCode;
        if (status == 400 && message.Contains("too old", StringComparison.OrdinalIgnoreCase))
        {
            throw new EngineException(EngineErrorKind.ApiVersionUnsupported, $"The engine at {Endpoint.Uri} refused API {_version}: {message}", "Unset DOCKER_API_VERSION so Drydock negotiates the version.", status);
        }
        throw new EngineException(EngineErrorKind.ApiError, $"Engine error on /{path} ({status}): {message}", null, status);
    }

    public void Dispose()
    {
        _http.Dispose();
        _negotiation.Dispose();
    }
}
