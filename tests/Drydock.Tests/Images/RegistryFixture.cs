using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Drydock.Processes;

namespace Drydock.Tests.Images;

/// <summary>
/// Three real registries (Debian's docker-registry, distribution 2.8) on free 127.0.0.1 ports, each with its own
/// config and temporary storage: anonymous, htpasswd basic auth, and bearer tokens from a small token server written
/// here (RS256 JWTs signed with a self-signed certificate made by openssl, which the registry trusts as its
/// rootcertbundle). The fixture images are pushed to each with the docker CLI; everything is stopped and removed after.
/// </summary>
public sealed class RegistryFixture : IAsyncLifetime
{
    public const string User = "alice";
    public const string Password = "wonderland-42";
    public const string Repository = "drydock/waste";
    public const string Tag = "test";
    private const string Service = "drydock-test-registry";
    private const string Issuer = "drydock-test-issuer";

    private readonly List<Process> _registries = [];
    private readonly List<string> _pushedTags = [];
    private HttpListener? _tokenServer;
    private Task? _tokenLoop;
    private RSA? _signingKey;
    private string _certificateDer = string.Empty;

    public string Work { get; } = Directory.CreateTempSubdirectory("drydock-registry-tests-").FullName;

    public string Anonymous { get; private set; } = null!;

    public string Basic { get; private set; } = null!;

    public string Token { get; private set; } = null!;

    /// <summary>A Docker config directory logged in to the basic and token registries (DOCKER_CONFIG).</summary>
    public string DockerConfig => Path.Combine(Work, "docker-config");

    /// <summary>Token requests seen by the token server: (authorization user or null, scope).</summary>
    public List<(string? User, string Scope)> TokenRequests { get; } = [];

    public string Reference(string registry) => $"{registry}/{Repository}:{Tag}";

    public async Task InitializeAsync()
    {
        var fixtures = new ImageFixtures();
        await fixtures.InitializeAsync();
        var registry = ProcessRunner.FindOnPath("docker-registry")
            ?? throw new InvalidOperationException("docker-registry is not installed: run `bash scripts/setup-engine.sh` (Debian package docker-registry).");

        var htpasswd = await ProcessRunner.RunAsync("htpasswd", ["-Bbn", User, Password]);
        if (!htpasswd.Succeeded)
        {
            throw new InvalidOperationException($"htpasswd failed (apache2-utils): {htpasswd.StandardError}");
        }
        await File.WriteAllTextAsync(Path.Combine(Work, "htpasswd"), htpasswd.StandardOutput.Trim() + "\n");
        var openssl = await ProcessRunner.RunAsync("openssl",
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", Path.Combine(Work, "token.key"), "-out", Path.Combine(Work, "token.crt"), "-days", "2", "-subj", "/CN=drydock-test-token"]);
        if (!openssl.Succeeded)
        {
            throw new InvalidOperationException($"openssl failed: {openssl.StandardError}");
        }
        _signingKey = RSA.Create();
        _signingKey.ImportFromPem(await File.ReadAllTextAsync(Path.Combine(Work, "token.key")));
        using (var certificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(Work, "token.crt"))))
        {
            _certificateDer = Convert.ToBase64String(certificate.RawData);
        }
        var tokenPort = FreePort();
        StartTokenServer(tokenPort);

        Anonymous = await StartRegistryAsync(registry, "anonymous", string.Empty);
        Basic = await StartRegistryAsync(registry, "basic", $"""
            auth:
              htpasswd:
                realm: drydock-test
                path: {Path.Combine(Work, "htpasswd")}
            """);
        Token = await StartRegistryAsync(registry, "token", $"""
            auth:
              token:
                realm: http://127.0.0.1:{tokenPort}/token
                service: {Service}
                issuer: {Issuer}
                rootcertbundle: {Path.Combine(Work, "token.crt")}
            """);

        Directory.CreateDirectory(DockerConfig);
        foreach (var target in new[] { Basic, Token })
        {
            await DockerAsync(["login", "--username", User, "--password-stdin", target], Password);
        }
        foreach (var target in new[] { Anonymous, Basic, Token })
        {
            var reference = Reference(target);
            await DockerAsync(["tag", fixtures.WasteImage, reference]);
            _pushedTags.Add(reference);
            await DockerAsync(["push", "--quiet", reference]);
        }
        TokenRequests.Clear();
    }

    public async Task DisposeAsync()
    {
        foreach (var tag in _pushedTags)
        {
            // Only the tag this fixture added: the image itself stays (it is the cached fixture).
            await ProcessRunner.RunAsync("docker", ["rmi", tag]);
        }
        foreach (var process in _registries)
        {
            try
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            }
            catch (InvalidOperationException)
            {
                // Already exited.
            }
            process.Dispose();
        }
        _tokenServer?.Close();
        if (_tokenLoop is not null)
        {
            await _tokenLoop.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        _signingKey?.Dispose();
        Directory.Delete(Work, recursive: true);
    }

    private async Task DockerAsync(string[] arguments, string? input = null)
    {
        var result = await ProcessRunner.RunAsync("docker", ["--config", DockerConfig, .. arguments], new ProcessRunOptions
        {
            StandardInput = input,
            Timeout = TimeSpan.FromMinutes(2),
        });
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"docker {string.Join(' ', arguments)} failed: {result.StandardError}{result.StandardOutput}");
        }
    }

    private async Task<string> StartRegistryAsync(string program, string name, string auth)
    {
        var port = FreePort();
        var storage = Path.Combine(Work, "storage-" + name);
        Directory.CreateDirectory(storage);
        var config = Path.Combine(Work, $"registry-{name}.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: warn
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: {storage}
            http:
              addr: 127.0.0.1:{port}
              secret: drydock-test-{Guid.NewGuid():N}
            {auth}
            """);
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(config);
        var process = Process.Start(start) ?? throw new InvalidOperationException("docker-registry did not start.");
        _registries.Add(process);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"docker-registry ({name}) exited with {process.ExitCode}; config {config}.");
            }
            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{port}/v2/");
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                {
                    return $"127.0.0.1:{port}";
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"docker-registry ({name}) did not answer on 127.0.0.1:{port} within 20 s.");
    }

    private void StartTokenServer(int port)
    {
        _tokenServer = new HttpListener();
        _tokenServer.Prefixes.Add($"http://127.0.0.1:{port}/");
        _tokenServer.Start();
        _tokenLoop = Task.Run(async () =>
        {
            while (_tokenServer.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _tokenServer.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
                HandleToken(context);
            }
        });
    }

    /// <summary>Grants what is asked to alice with the right password; anyone else gets 401.</summary>
    private void HandleToken(HttpListenerContext context)
    {
        using var response = context.Response;
        var user = BasicUser(context.Request.Headers["Authorization"], out var password);
        var scopes = context.Request.QueryString.GetValues("scope") ?? [];
        lock (TokenRequests)
        {
            TokenRequests.Add((user, string.Join(' ', scopes)));
        }
        if (user != User || password != Password)
        {
            response.StatusCode = 401;
            var error = "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad credentials\"}]}"u8.ToArray();
            response.OutputStream.Write(error);
            return;
        }
        var access = new JsonArray();
        foreach (var scope in scopes.SelectMany(scope => scope.Split(' ')))
        {
            var parts = scope.Split(':');
            if (parts.Length == 3)
            {
                access.Add((JsonNode)new JsonObject
                {
                    ["type"] = parts[0],
                    ["name"] = parts[1],
                    ["actions"] = new JsonArray([.. parts[2].Split(',').Select(action => (JsonNode)action)]),
                });
            }
        }
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new JsonObject { ["typ"] = "JWT", ["alg"] = "RS256", ["x5c"] = new JsonArray((JsonNode)_certificateDer) };
        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = user,
            ["aud"] = Service,
            ["exp"] = now + 300,
            ["nbf"] = now - 10,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = access,
        };
        var signingInput = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = _signingKey!.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var token = signingInput + "." + Base64Url(signature);
        response.ContentType = "application/json";
        response.OutputStream.Write(Encoding.UTF8.GetBytes(new JsonObject { ["token"] = token, ["access_token"] = token, ["expires_in"] = 300 }.ToJsonString()));
    }

    private static string? BasicUser(string? header, out string? password)
    {
        password = null;
        if (header is null || !header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return null;
        }
        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..]));
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        password = decoded[(colon + 1)..];
        return decoded[..colon];
    }

    private static string Base64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
