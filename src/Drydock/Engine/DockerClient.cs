using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Drydock.Engine;

/// <summary>
/// A small Docker Engine API client: HTTP/1.1 over the unix socket or TCP (with TLS), the only code that speaks
/// to the engine. The endpoint is resolved as the docker CLI resolves it (<see cref="DockerEndpoint.Resolve"/>);
/// the API version is negotiated on first use (<c>/_ping</c>), or pinned with DOCKER_API_VERSION.
/// Operations live in the partial files next to this one: containers, logs/stats/archive, exec, images,
/// networks, events. Every call takes a <see cref="CancellationToken"/>; every failure is an <see cref="EngineException"/>
/// (or, for configuration, a <see cref="DrydockException"/>) with the fix in one sentence.
/// </summary>
public sealed partial class DockerClient : IDisposable
{
    private static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http;
    private readonly Lazy<HttpClient> _hijackHttp;
    private readonly SemaphoreSlim _negotiation = new(1, 1);
    private readonly bool _pinned;
    private ApiVersion? _version;

    /// <param name="endpoint">Where the engine is (see <see cref="DockerEndpoint.Resolve"/>).</param>
    /// <param name="pinnedVersion">Speak this version without negotiating (DOCKER_API_VERSION).</param>
    public DockerClient(DockerEndpoint endpoint, ApiVersion? pinnedVersion = null)
    {
        Endpoint = endpoint;
        _version = pinnedVersion;
        _pinned = pinnedVersion is not null;
        _http = CreateHttpClient(endpoint, pooled: true);
        // Hijacked streams (exec) take a fresh connection each, so the socket under them is known.
        _hijackHttp = new Lazy<HttpClient>(() => CreateHttpClient(endpoint, pooled: false));
    }

    public DockerEndpoint Endpoint { get; }

    /// <summary>The version in use once negotiated (or pinned).</summary>
    public ApiVersion? ApiVersion => _version;

    /// <summary>The client the docker CLI's environment describes: DOCKER_HOST, TLS, contexts, DOCKER_API_VERSION.</summary>
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
            if (version < Engine.ApiVersion.ClientMinimum)
            {
                throw new DrydockException($"DOCKER_API_VERSION={text} is older than Drydock supports ({Engine.ApiVersion.ClientMinimum}).", null, "Unset it to let Drydock negotiate.");
            }
        }
        return new DockerClient(endpoint, pinned);
    }

    public async Task<EnginePing> PingAsync(CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(HttpMethod.Get, "_ping", null, HttpCompletionOption.ResponseContentRead, DefaultRequestTimeout, upgrade: false, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "_ping", upgrade: false, cancellationToken).ConfigureAwait(false);
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
            headers.TryGetValues("Docker-Experimental", out var experimental) && string.Equals(experimental.FirstOrDefault(), "true", StringComparison.OrdinalIgnoreCase),
            headers.TryGetValues("Libpod-Api-Version", out var libpod) ? libpod.FirstOrDefault() : null);
    }

    /// <summary>
    /// Pings the engine and settles the API version to speak: the engine's own when it is not newer than ours,
    /// else ours (<see cref="Engine.ApiVersion.ClientMaximum"/>), which engines whose minimum is 1.44 accept.
    /// </summary>
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

    /// <summary>The engine's filter syntax: <c>{"label":["a=b","c"]}</c>, URL-encoded.</summary>
    public static string LabelFilter(IEnumerable<string> labels) =>
        Uri.EscapeDataString(EngineQuery.Filters(("label", labels)) ?? "{}");

    /// <summary>GET a versioned path (e.g. <c>containers/json?all=1</c>) and deserialize it with source-generated metadata.</summary>
    public async Task<T> GetJsonAsync<T>(string path, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync(response, path, typeInfo, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends a request to a versioned path and throws <see cref="EngineException"/> on an error status
    /// (304 Not Modified, the engine's "already in that state", is not an error).
    /// The whole body is buffered: for streams use <see cref="SendStreamingAsync"/>.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var version = await NegotiateAsync(cancellationToken).ConfigureAwait(false);
        var response = await SendRawAsync(method, $"v{version}/{path}", content, HttpCompletionOption.ResponseContentRead, timeout ?? DefaultRequestTimeout, upgrade: false, cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureSuccessAsync(response, path, upgrade: false, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sends a request and returns as soon as headers arrive; the caller reads (and disposes) the body stream.
    /// With <paramref name="upgrade"/>, asks the engine to hijack the connection (<c>Upgrade: tcp</c>): the
    /// answer is 101 and the body stream is the raw connection, readable and writable.
    /// </summary>
    public async Task<HttpResponseMessage> SendStreamingAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken, bool upgrade = false)
    {
        var version = await NegotiateAsync(cancellationToken).ConfigureAwait(false);
        var response = await SendRawAsync(method, $"v{version}/{path}", content, HttpCompletionOption.ResponseHeadersRead, Timeout.InfiniteTimeSpan, upgrade, cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureSuccessAsync(response, path, upgrade, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        if (_hijackHttp.IsValueCreated)
        {
            _hijackHttp.Value.Dispose();
        }
        _negotiation.Dispose();
    }

    private static HttpClient CreateHttpClient(DockerEndpoint endpoint, bool pooled)
    {
        var http = new HttpClient(EngineTransport.CreateHandler(endpoint, pooled))
        {
            BaseAddress = EngineTransport.BaseAddress(endpoint),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("drydock", ProjectInfo.Version));
        return http;
    }

    private static ByteArrayContent JsonBody<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, string path, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await JsonSerializer.DeserializeAsync(body, typeInfo, cancellationToken).ConfigureAwait(false)
                ?? throw new EngineException(EngineErrorKind.ApiError, $"The engine returned an empty body for /{path}.");
        }
        catch (JsonException ex)
        {
            throw new EngineException(EngineErrorKind.ApiError, $"The engine's answer to /{path} is not the expected JSON: {ex.Message}", null, (int)response.StatusCode, ex);
        }
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string relativePath, HttpContent? content, HttpCompletionOption completion, TimeSpan timeout, bool upgrade, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, relativePath) { Content = content };
        if (upgrade)
        {
            request.Headers.Connection.Add("Upgrade");
            request.Headers.Upgrade.Add(new ProductHeaderValue("tcp"));
        }
        using var timeoutSource = timeout == Timeout.InfiniteTimeSpan ? new CancellationTokenSource() : new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            return await (upgrade ? _hijackHttp.Value : _http).SendAsync(request, completion, linked.Token).ConfigureAwait(false);
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
        var socketError = FindInner<SocketException>(ex)?.SocketErrorCode;
        var detail = ex.InnerException?.Message ?? ex.Message;
        var where = $"{Endpoint.Uri} ({Endpoint.Source})";
        const string startFix = "Start it with `sudo scripts/setup-engine.sh` (or `sudo dockerd &`), or point DOCKER_HOST at a running engine.";
        if (Endpoint.Kind == EndpointKind.Unix && socketError is not SocketError.AccessDenied && !File.Exists(Endpoint.Address) && !Directory.Exists(Endpoint.Address))
        {
            return new EngineException(EngineErrorKind.Unreachable, $"No Docker engine is running: the socket {Endpoint.Address} ({Endpoint.Source}) does not exist.", startFix, 0, ex);
        }
        if (socketError is null && Endpoint.Tls is { } tls
            && (ex.HttpRequestError is HttpRequestError.SecureConnectionError or HttpRequestError.ResponseEnded || FindInner<System.Security.Authentication.AuthenticationException>(ex) is not null))
        {
            return TranslateTlsError(ex, tls, where);
        }
        return socketError switch
        {
            SocketError.AccessDenied => new EngineException(EngineErrorKind.PermissionDenied, $"Permission denied on the Docker socket {Endpoint.Address} ({Endpoint.Source}).", "Run as root, or add your user to the 'docker' group (`sudo usermod -aG docker $USER`, then log in again).", 0, ex),
            SocketError.ConnectionRefused => new EngineException(EngineErrorKind.Unreachable, $"No Docker engine is listening on {where}: connection refused.", startFix, 0, ex),
            _ => new EngineException(EngineErrorKind.Unreachable, $"The Docker engine at {where} cannot be reached: {detail}", startFix, 0, ex),
        };
    }

    private static EngineException TranslateTlsError(HttpRequestException ex, EndpointTls tls, string where)
    {
        const string prefix = "The TLS connection to the Docker engine at";
        var certificatesFix = $"Check {tls.Origin}: ca.pem must be the CA that signed the engine's certificate (issued for the host you connect to), and cert.pem/key.pem a client certificate the engine trusts.";
        var authentication = FindInner<System.Security.Authentication.AuthenticationException>(ex);
        if (authentication is null && ex.HttpRequestError == HttpRequestError.ResponseEnded)
        {
            // With TLS 1.3 the engine checks the client certificate after our side of the handshake is done, and
            // refusing it shows up as the connection closing.
            var why = tls.CertificateFile is null
                ? $"it closed the connection after the handshake: it wants a client certificate and {tls.Origin} has no cert.pem/key.pem."
                : "it closed the connection after the handshake: it does not trust the client certificate (cert.pem).";
            return new EngineException(EngineErrorKind.Tls, $"{prefix} {where} failed: {why}", certificatesFix, 0, ex);
        }
        if (authentication?.Message.Contains("frame", StringComparison.OrdinalIgnoreCase) == true)
        {
            return new EngineException(
                EngineErrorKind.Tls,
                $"{prefix} {where} failed: the engine does not answer in TLS on this port.",
                "Unset DOCKER_TLS_VERIFY and DOCKER_TLS for a plain-HTTP engine, or use the engine's TLS port (2376 by convention).",
                0,
                ex);
        }
        return new EngineException(EngineErrorKind.Tls, $"{prefix} {where} failed: {authentication?.Message ?? ex.Message}", certificatesFix, 0, ex);
    }

    private static T? FindInner<T>(Exception exception)
        where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }
        return null;
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string path, bool upgrade, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode || status == (int)HttpStatusCode.NotModified || (upgrade && status == (int)HttpStatusCode.SwitchingProtocols))
        {
            return;
        }
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var message = text.Trim();
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
        if (message.Length == 0)
        {
            // HEAD answers carry no body.
            message = $"{status} {response.ReasonPhrase}";
        }
        var resource = path.Split('/', '?')[0];
        throw status switch
        {
            404 => new EngineException(EngineErrorKind.NotFound, $"Engine: {message} (/{Trim(path)}).", NotFoundFix(message.Contains("No such image", StringComparison.OrdinalIgnoreCase) ? "images" : resource), status),
            409 => new EngineException(EngineErrorKind.Conflict, $"Engine: {message} (/{Trim(path)}).", ConflictFix(message), status),
            400 when message.Contains("too old", StringComparison.OrdinalIgnoreCase) || message.Contains("too new", StringComparison.OrdinalIgnoreCase) =>
                new EngineException(
                    EngineErrorKind.ApiVersionUnsupported,
                    $"The engine at {Endpoint.Uri} refused API {_version}: {message}",
                    _pinned ? "Unset DOCKER_API_VERSION so Drydock negotiates a version the engine accepts." : "Upgrade Drydock: this engine no longer accepts the API versions it speaks.",
                    status),
            _ => new EngineException(EngineErrorKind.ApiError, $"Engine error on /{Trim(path)} ({status}): {message}", null, status),
        };
    }

    private static string Trim(string path) => path.Length > 120 ? path[..120] + "…" : path;

    private static string NotFoundFix(string resource) => resource switch
    {
        "containers" => "Check the container's name or id: `docker ps -a` lists the containers that exist.",
        "images" => "Check the image reference: `docker images` lists the local images; build or pull it first.",
        "networks" => "Check the network's name: `docker network ls` lists the networks that exist.",
        "exec" => "The exec instance is gone (its container stopped or was removed); run the command again.",
        "volumes" => "Check the volume's name: `docker volume ls` lists the volumes that exist.",
        _ => "Check the name or id of what was asked for.",
    };

    private static string ConflictFix(string message)
    {
        if (message.Contains("already in use", StringComparison.OrdinalIgnoreCase))
        {
            return "Remove the existing one or choose another name.";
        }
        if (message.Contains("image", StringComparison.OrdinalIgnoreCase) && message.Contains("being used", StringComparison.OrdinalIgnoreCase))
        {
            return "Remove the containers that use the image first.";
        }
        return "The object is not in a state that allows this; check it with `docker inspect` and retry when it is.";
    }
}
