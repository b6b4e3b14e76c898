using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Drydock.Images.Sources;

/// <summary>
/// A small client of the distribution v2 API for pulling one repository: manifests and blobs, with anonymous access,
/// HTTP basic authentication, and bearer tokens from the realm a <c>401</c> challenge names (the Docker token flow).
/// </summary>
public sealed class RegistryClient : IDisposable
{
    private static readonly string[] ManifestTypes =
    [
        MediaTypes.OciIndex, MediaTypes.DockerManifestList, MediaTypes.OciManifest, MediaTypes.DockerManifest,
        MediaTypes.DockerManifestV1Signed, MediaTypes.DockerManifestV1,
    ];

    private readonly HttpClient _http;
    private readonly ImageReference _reference;
    private readonly RegistryCredential? _credential;
    private AuthenticationHeaderValue? _authorization;

    public RegistryClient(ImageReference reference, RegistryCredential? credential, HttpMessageHandler? handler = null)
    {
        _reference = reference;
        _credential = credential;
        handler ??= new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(15),
            AutomaticDecompression = DecompressionMethods.None,
            // Blob downloads redirect to storage; .NET drops the Authorization header on redirects, as it should.
            AllowAutoRedirect = true,
        };
        var scheme = reference.IsLoopback ? "http" : "https";
        _http = new HttpClient(handler) { BaseAddress = new Uri($"{scheme}://{reference.ApiHost}/v2/"), Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("drydock", ProjectInfo.Version));
    }

    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>The manifest (or index) for a tag or digest, with its digest and media type.</summary>
    public async Task<(ManifestDocument Manifest, string Digest, string MediaType)> GetManifestAsync(string reference, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"{_reference.Repository}/manifests/{reference}");
            foreach (var type in ManifestTypes)
            {
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
            }
            return request;
        }, $"{_reference.Repository}:{reference}", HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body));
        if (reference.StartsWith("sha256:", StringComparison.Ordinal) && reference != digest)
        {
            throw new DrydockException($"The registry {_reference.Registry} sent a manifest whose digest {digest} is not the {reference} asked for.");
        }
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
        if (mediaType is MediaTypes.DockerManifestV1 or MediaTypes.DockerManifestV1Signed)
        {
            throw new DrydockException($"{_reference} uses the deprecated schema 1 manifest; Drydock reads schema 2 and OCI images.", null, "Re-push the image with a current Docker or buildx.");
        }
        var manifest = ImageLayoutResolver.Parse(body, ImageJsonContext.Default.ManifestDocument, _reference.ToString(), "the manifest")!;
        return (manifest, digest, manifest.MediaType ?? mediaType);
    }

    /// <summary>A small blob (a config), read whole and checked against its digest.</summary>
    public async Task<byte[]> GetSmallBlobAsync(string digest, long limit, CancellationToken cancellationToken)
    {
        using var response = await GetBlobAsync(digest, cancellationToken).ConfigureAwait(false);
        if (response.Content.Headers.ContentLength > limit)
        {
            throw new DrydockException($"The blob {digest} of {_reference} is {response.Content.Headers.ContentLength} bytes, too large for an image configuration.");
        }
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        VerifyDigest(digest, SHA256.HashData(body));
        return body;
    }

    /// <summary>A blob as a stream (headers read, body not yet): the caller streams and disposes it.</summary>
    public Task<HttpResponseMessage> GetBlobAsync(string digest, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"{_reference.Repository}/blobs/{digest}"), $"blob {digest}", HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    public void VerifyDigest(string expected, byte[] sha256)
    {
        var actual = "sha256:" + Convert.ToHexStringLower(sha256);
        if (expected.StartsWith("sha256:", StringComparison.Ordinal) && !string.Equals(expected, actual, StringComparison.Ordinal))
        {
            throw new DrydockException($"The blob {expected} from {_reference.Registry} has the digest {actual}: the download is corrupt.", null, "Try again; if it persists, the registry's storage is damaged.");
        }
    }

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, string what, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        var response = await SendOnceAsync(create, completion, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized && _authorization is null)
        {
            var challenge = response.Headers.WwwAuthenticate.FirstOrDefault();
            response.Dispose();
            _authorization = await AuthenticateAsync(challenge, cancellationToken).ConfigureAwait(false);
            response = await SendOnceAsync(create, completion, cancellationToken).ConfigureAwait(false);
        }
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            var detail = await ErrorDetailAsync(response, cancellationToken).ConfigureAwait(false);
            throw response.StatusCode switch
            {
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new DrydockException(
                    _credential is null
                        ? $"The registry {_reference.Registry} requires credentials to read {_reference.Repository}{detail}."
                        : $"The registry {_reference.Registry} refused the credentials of '{_credential.Username}' for {_reference.Repository}{detail}.",
                    null,
                    $"Run `docker login {_reference.Registry}`, or set DRYDOCK_REGISTRY_USERNAME and DRYDOCK_REGISTRY_PASSWORD."),
                HttpStatusCode.NotFound => new DrydockException($"{what} is not in the registry {_reference.Registry}{detail}.", null, "Check the repository name and the tag (`docker push` it first)."),
                _ => new DrydockException($"The registry {_reference.Registry} answered {(int)response.StatusCode} {response.ReasonPhrase} for {what}{detail}."),
            };
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(Func<HttpRequestMessage> create, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        using var request = create();
        request.Headers.Authorization = _authorization;
        try
        {
            return await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw Unreachable(_http.BaseAddress!, ex);
        }
    }

    private DrydockException Unreachable(Uri address, HttpRequestException ex)
    {
        var reason = (ex.InnerException as SocketException)?.SocketErrorCode == SocketError.ConnectionRefused ? "connection refused" : ex.InnerException?.Message ?? ex.Message;
        return new DrydockException(
            $"The registry at {address.GetLeftPart(UriPartial.Authority)} cannot be reached: {reason}.",
            null,
            _reference.IsLoopback ? "Start the registry, or check the port." : "Check the host name and the network; Drydock speaks HTTPS to registries outside localhost.",
            ex);
    }

    private async Task<AuthenticationHeaderValue?> AuthenticateAsync(AuthenticationHeaderValue? challenge, CancellationToken cancellationToken)
    {
        if (challenge is null)
        {
            return null;
        }
        if (string.Equals(challenge.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
        {
            return _credential is null ? null : BasicHeader(_credential);
        }
        if (!string.Equals(challenge.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            throw new DrydockException($"The registry {_reference.Registry} asks for '{challenge.Scheme}' authentication, which Drydock does not speak (Basic and Bearer only).");
        }
        var parameters = ParseChallenge(challenge.Parameter ?? string.Empty);
        if (!parameters.TryGetValue("realm", out var realm) || !Uri.TryCreate(realm, UriKind.Absolute, out var realmUri))
        {
            throw new DrydockException($"The registry {_reference.Registry} asks for a bearer token but names no valid realm.");
        }
        var query = new StringBuilder();
        if (parameters.TryGetValue("service", out var service))
        {
            query.Append("service=").Append(Uri.EscapeDataString(service));
        }
        var scope = parameters.TryGetValue("scope", out var requested) ? requested : $"repository:{_reference.Repository}:pull";
        query.Append(query.Length > 0 ? "&" : string.Empty).Append("scope=").Append(Uri.EscapeDataString(scope));
        var builder = new UriBuilder(realmUri) { Query = string.IsNullOrEmpty(realmUri.Query) ? query.ToString() : realmUri.Query.TrimStart('?') + "&" + query };
        using var request = new HttpRequestMessage(HttpMethod.Get, builder.Uri);
        if (_credential is not null)
        {
            request.Headers.Authorization = BasicHeader(_credential);
        }
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw Unreachable(realmUri, ex);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new DrydockException(
                    $"The token service {realmUri.GetLeftPart(UriPartial.Path)} of {_reference.Registry} refused a token ({(int)response.StatusCode}){await ErrorDetailAsync(response, cancellationToken).ConfigureAwait(false)}.",
                    null,
                    $"Run `docker login {_reference.Registry}`, or set DRYDOCK_REGISTRY_USERNAME and DRYDOCK_REGISTRY_PASSWORD.");
            }
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var token = ImageLayoutResolver.Parse(body, ImageJsonContext.Default.RegistryTokenResponse, realmUri.ToString(), "the token response");
            var value = token?.Token ?? token?.AccessToken;
            return string.IsNullOrEmpty(value)
                ? throw new DrydockException($"The token service {realmUri.GetLeftPart(UriPartial.Path)} answered without a token.")
                : new AuthenticationHeaderValue("Bearer", value);
        }
    }

    private static AuthenticationHeaderValue BasicHeader(RegistryCredential credential) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}")));

    /// <summary>Parses <c>realm="https://auth",service="registry",scope="repository:a/b:pull"</c> (quoted or bare values).</summary>
    public static Dictionary<string, string> ParseChallenge(string parameter)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < parameter.Length)
        {
            while (i < parameter.Length && (parameter[i] == ',' || char.IsWhiteSpace(parameter[i])))
            {
                i++;
            }
            var equals = parameter.IndexOf('=', i);
            if (equals < 0)
            {
                break;
            }
            var key = parameter[i..equals].Trim();
            i = equals + 1;
            var value = new StringBuilder();
            if (i < parameter.Length && parameter[i] == '"')
            {
                i++;
                while (i < parameter.Length && parameter[i] != '"')
                {
                    if (parameter[i] == '\\' && i + 1 < parameter.Length)
                    {
                        i++;
                    }
                    value.Append(parameter[i++]);
                }
                i++;
            }
            else
            {
                while (i < parameter.Length && parameter[i] != ',')
                {
                    value.Append(parameter[i++]);
                }
            }
            result[key] = value.ToString().Trim();
        }
        return result;
    }

    private static async Task<string> ErrorDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0
                && errors[0].TryGetProperty("message", out var message))
            {
                return $" ({message.GetString()})";
            }
        }
        catch (Exception ex) when (ex is JsonException or HttpRequestException or InvalidOperationException)
        {
            // No structured error: the status says enough.
        }
        return string.Empty;
    }

    public void Dispose() => _http.Dispose();
}
