using System.Net;
using System.Net.Sockets;
using Drydock.Engine;
using Drydock.Processes;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Engine;

/// <summary>Each way of not reaching the engine is a typed error with the fix in one sentence.</summary>
[Trait("Category", EngineFixture.Category)]
public sealed class EngineErrorTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    [Fact]
    public async Task A_missing_socket_means_the_daemon_is_down()
    {
        var path = Path.Combine(Path.GetTempPath(), $"drydock-no-engine-{Guid.NewGuid():N}.sock");
        using var client = new DockerClient(new DockerEndpoint(EndpointKind.Unix, path, "DOCKER_HOST"));
        var error = await Should.ThrowAsync<EngineException>(() => client.PingAsync(Timeout));
        error.Kind.ShouldBe(EngineErrorKind.Unreachable);
        error.Message.ShouldBe($"No Docker engine is running: the socket {path} (DOCKER_HOST) does not exist.");
        error.Fix!.ShouldContain("setup-engine.sh");
    }

    [Fact]
    public async Task A_stale_socket_with_nothing_listening_is_refused()
    {
        var path = Path.Combine(Path.GetTempPath(), $"drydock-stale-{Guid.NewGuid():N}.sock");
        // Bound but not listening: what a daemon that died without removing its socket leaves behind.
        using var stale = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        stale.Bind(new UnixDomainSocketEndPoint(path));
        using var client = new DockerClient(new DockerEndpoint(EndpointKind.Unix, path, "DOCKER_HOST"));
        var error = await Should.ThrowAsync<EngineException>(() => client.GetVersionAsync(Timeout));
        error.Kind.ShouldBe(EngineErrorKind.Unreachable);
        error.Message.ShouldBe($"No Docker engine is listening on unix://{path} (DOCKER_HOST): connection refused.");
    }

    [Fact]
    public async Task A_closed_tcp_port_is_refused()
    {
        var port = ComposeTestStack.FreeTcpPort();
        using var client = DockerClient.FromEnvironment(name => name == "DOCKER_HOST" ? $"tcp://127.0.0.1:{port}" : null);
        var error = await Should.ThrowAsync<EngineException>(() => client.PingAsync(Timeout));
        error.Kind.ShouldBe(EngineErrorKind.Unreachable);
        error.Message.ShouldBe($"No Docker engine is listening on tcp://127.0.0.1:{port} (DOCKER_HOST): connection refused.");
    }

    [Fact]
    public async Task A_socket_this_user_may_not_open_is_permission_denied()
    {
        if (System.Environment.IsPrivilegedProcess || OperatingSystem.IsWindows())
        {
            // Root opens any socket; run the CLI as 'nobody' against the engine's real socket (root:docker 0660).
            var dotnet = ProcessRunner.FindOnPath("dotnet").ShouldNotBeNull();
            var cli = typeof(Drydock.Cli.CliApp).Assembly.Location;
            var result = await ProcessRunner.RunAsync("runuser", ["-u", "nobody", "--", dotnet, cli, "engine", "--format", "json"], new ProcessRunOptions
            {
                Environment = new Dictionary<string, string?> { ["HOME"] = "/tmp", ["DOCKER_HOST"] = engine.Client.Endpoint.Uri, ["DOCKER_CONFIG"] = null, ["DOCKER_CONTEXT"] = null },
                Timeout = TimeSpan.FromSeconds(60),
            });
            result.ExitCode.ShouldBe(2, result.StandardError);
            result.StandardError.ShouldContain($"drydock: error: Permission denied on the Docker socket {engine.Client.Endpoint.Address}");
            result.StandardError.ShouldContain("drydock: hint: Run as root, or add your user to the 'docker' group");
            return;
        }
        var path = Path.Combine(Path.GetTempPath(), $"drydock-denied-{Guid.NewGuid():N}.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen();
        File.SetUnixFileMode(path, UnixFileMode.None);
        try
        {
            using var client = new DockerClient(new DockerEndpoint(EndpointKind.Unix, path, "DOCKER_HOST"));
            (await Should.ThrowAsync<EngineException>(() => client.PingAsync(Timeout))).Kind.ShouldBe(EngineErrorKind.PermissionDenied);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task An_api_version_the_engine_refuses_is_api_too_old_or_too_new_with_the_fix()
    {
        // The engine's own refusal: every engine has a minimum, and 1.11 is below all of them.
        using var tooOld = new DockerClient(engine.Client.Endpoint, new ApiVersion(1, 11));
        var old = await Should.ThrowAsync<EngineException>(() => tooOld.GetVersionAsync(Timeout));
        old.Kind.ShouldBe(EngineErrorKind.ApiVersionUnsupported);
        old.StatusCode.ShouldBe(400);
        old.Message.ShouldContain("too old");
        old.Fix.ShouldBe("Unset DOCKER_API_VERSION so Drydock negotiates a version the engine accepts.");

        using var tooNew = new DockerClient(engine.Client.Endpoint, new ApiVersion(1, 999));
        var newer = await Should.ThrowAsync<EngineException>(() => tooNew.GetVersionAsync(Timeout));
        newer.Kind.ShouldBe(EngineErrorKind.ApiVersionUnsupported);
        newer.Message.ShouldContain("too new");
    }

    [Fact]
    public async Task An_engine_that_accepts_but_never_answers_times_out()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        using var client = new DockerClient(DockerEndpoint.Parse($"tcp://127.0.0.1:{port}", "DOCKER_HOST"), ApiVersion.ClientMinimum);
        var error = await Should.ThrowAsync<EngineException>(() => client.SendAsync(HttpMethod.Get, "version", null, Timeout, TimeSpan.FromMilliseconds(500)));
        error.Kind.ShouldBe(EngineErrorKind.Timeout);
        error.Message.ShouldContain("did not answer GET /v1.41/version within");
    }

    [Fact]
    public async Task A_cancelled_token_cancels_rather_than_failing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => engine.Client.GetVersionAsync(cancelled.Token));
        await Should.ThrowAsync<OperationCanceledException>(() => engine.Client.InspectImageAsync("drydock-base/busybox:1.35", cancelled.Token));
    }
}
