using System.Text;
using Drydock.Engine;
using Drydock.Processes;
using Drydock.Tests.Engine.Support;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Engine;

/// <summary>Certificates made once for the TLS tests.</summary>
public sealed class TlsFixture : IAsyncLifetime
{
    public TestCertificates Certificates { get; private set; } = null!;

    public async Task InitializeAsync() => Certificates = await TestCertificates.CreateAsync();

    public Task DisposeAsync()
    {
        Certificates.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>
/// tcp://, TLS and docker contexts against the real engine, reached through <see cref="EngineProxy"/> on
/// 127.0.0.1 (a TLS listener with client-certificate authentication that forwards to the engine's socket).
/// </summary>
[Trait("Category", EngineFixture.Category)]
public sealed class TlsAndContextTests(EngineFixture engine, TlsFixture tls) : IClassFixture<EngineFixture>, IClassFixture<TlsFixture>, IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("drydock-home-").FullName;

    private TestCertificates Certificates => tls.Certificates;

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task Docker_tls_verify_reaches_the_engine_over_verified_tls_with_a_client_certificate(string host)
    {
        await using var proxy = EngineProxy.StartTls(engine.Client.Endpoint, Certificates.ServerCertificate, Certificates.ServerKey, Certificates.CaFile);
        using var client = DockerClient.FromEnvironment(Environment(("DOCKER_HOST", $"tcp://{host}:{proxy.Port}"), ("DOCKER_TLS_VERIFY", "1"), ("DOCKER_CERT_PATH", Certificates.ClientDirectory)));
        client.Endpoint.Tls.ShouldNotBeNull().VerifyServer.ShouldBeTrue();

        var version = await client.GetVersionAsync(Timeout);
        version.Version.ShouldBe((await engine.Client.GetVersionAsync(Timeout)).Version);
        proxy.AuthenticatedConnections.ShouldBeGreaterThan(0);

        // Streams and the hijacked exec connection work through TLS too.
        await using var container = await TestContainer.IdleAsync(client);
        var exec = await client.ExecAsync(container.Id, new ExecOptions { Command = ["sh", "-c", "cat; echo err >&2; exit 2"], StandardInput = "over tls\n"u8.ToArray() }, Timeout);
        (exec.ExitCode, exec.StandardOutput, exec.StandardError).ShouldBe((2, "over tls\n", "err\n"));
        var stats = await client.GetContainerStatsAsync(container.Id, oneShot: true, Timeout);
        stats.Id.ShouldBe(container.Id);
    }

    [Fact]
    public async Task An_engine_certificate_from_another_ca_is_refused_with_a_tls_error()
    {
        await using var proxy = EngineProxy.StartTls(engine.Client.Endpoint, Certificates.ServerCertificate, Certificates.ServerKey, Certificates.CaFile);
        using var client = DockerClient.FromEnvironment(Environment(("DOCKER_HOST", $"tcp://127.0.0.1:{proxy.Port}"), ("DOCKER_TLS_VERIFY", "1"), ("DOCKER_CERT_PATH", Certificates.UntrustingClientDirectory)));
        var error = await Should.ThrowAsync<EngineException>(() => client.PingAsync(Timeout));
        error.Kind.ShouldBe(EngineErrorKind.Tls);
        error.Message.ShouldContain("TLS");
        error.Fix!.ShouldContain($"DOCKER_CERT_PATH={Certificates.UntrustingClientDirectory}");
    }

    [Fact]
    public async Task An_engine_certificate_for_another_host_name_is_refused_with_a_tls_error()
    {
        await using var proxy = EngineProxy.StartTls(engine.Client.Endpoint, Certificates.WrongHostCertificate, Certificates.WrongHostKey, Certificates.CaFile);
        using var client = DockerClient.FromEnvironment(Environment(("DOCKER_HOST", $"tcp://127.0.0.1:{proxy.Port}"), ("DOCKER_TLS_VERIFY", "1"), ("DOCKER_CERT_PATH", Certificates.ClientDirectory)));
        var error = await Should.ThrowAsync<EngineException>(() => client.PingAsync(Timeout));
        error.Kind.ShouldBe(EngineErrorKind.Tls);
        error.Message.ShouldContain("NameMismatch");
    }

    [Fact]
    public async Task Without_a_client_certificate_the_engine_refuses_and_the_error_is_a_tls_error()
    {
        await using var proxy = EngineProxy.StartTls(engine.Client.Endpoint, Certificates.ServerCertificate, Certificates.ServerKey, Certificates.CaFile);
        using var client = DockerClient.FromEnvironment(Environment(("DOCKER_HOST", $"tcp://127.0.0.1:{proxy.Port}"), ("DOCKER_TLS_VERIFY", "1"), ("DOCKER_CERT_PATH", Certificates.CaOnlyDirectory)));
        client.Endpoint.Tls!.CertificateFile.ShouldBeNull();
        var error = await Should.ThrowAsync<EngineException>(() => client.PingAsync(Timeout));
        error.Kind.ShouldBe(EngineErrorKind.Tls);
        error.Message.ShouldContain("wants a client certificate");
        proxy.AuthenticatedConnections.ShouldBe(0);
    }

    [Fact]
    public async Task Docker_tls_without_verify_accepts_an_untrusted_engine_certificate()
    {
        await using var proxy = EngineProxy.StartTls(engine.Client.Endpoint, Certificates.WrongHostCertificate, Certificates.WrongHostKey, Certificates.CaFile);
        using var client = DockerClient.FromEnvironment(Environment(("DOCKER_HOST", $"tcp://127.0.0.1:{proxy.Port}"), ("DOCKER_TLS", "1"), ("DOCKER_CERT_PATH", Certificates.UntrustingClientDirectory)));
        client.Endpoint.Tls!.VerifyServer.ShouldBeFalse();
        (await client.PingAsync(Timeout)).OsType.ShouldBe("linux");
        proxy.AuthenticatedConnections.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Plain_tcp_works_and_tls_against_a_plain_listener_is_a_tls_error()
    {
        await using var proxy = EngineProxy.StartPlain(engine.Client.Endpoint);
        using var plain = DockerClient.FromEnvironment(Environment(("DOCKER_HOST", $"tcp://127.0.0.1:{proxy.Port}")));
        plain.Endpoint.Tls.ShouldBeNull();
        (await plain.GetVersionAsync(Timeout)).ApiVersion.ShouldNotBeNull();
        await using var container = await TestContainer.RunAsync(plain, ["sh", "-c", "echo over tcp"]);
        await plain.WaitContainerAsync(container.Id, ContainerWaitCondition.NotRunning, Timeout);
        var lines = new List<string>();
        await foreach (var line in plain.ReadContainerLogsAsync(container.Id, new ContainerLogOptions(), Timeout))
        {
            lines.Add(line.Text);
        }
        lines.ShouldBe(["over tcp"]);

        using var mismatched = DockerClient.FromEnvironment(Environment(("DOCKER_HOST", $"tcp://127.0.0.1:{proxy.Port}"), ("DOCKER_TLS_VERIFY", "1"), ("DOCKER_CERT_PATH", Certificates.ClientDirectory)));
        var error = await Should.ThrowAsync<EngineException>(() => mismatched.PingAsync(Timeout));
        error.Kind.ShouldBe(EngineErrorKind.Tls);
        error.Message.ShouldContain("does not answer in TLS");
        error.Fix!.ShouldContain("Unset DOCKER_TLS_VERIFY");
    }

    [Fact]
    public async Task A_context_created_by_the_docker_cli_is_used_with_its_tls_material_and_docker_host_still_wins()
    {
        await using var tlsProxy = EngineProxy.StartTls(engine.Client.Endpoint, Certificates.ServerCertificate, Certificates.ServerKey, Certificates.CaFile);
        await using var plainProxy = EngineProxy.StartPlain(engine.Client.Endpoint);
        var config = Path.Combine(_home, ".docker");
        var cliEnvironment = new Dictionary<string, string?> { ["DOCKER_CONFIG"] = config, ["DOCKER_HOST"] = null, ["DOCKER_CONTEXT"] = null };
        var client = Certificates.ClientDirectory;
        await DockerCliAsync(cliEnvironment, "context", "create", "drydock-tls", "--docker",
            $"host=tcp://127.0.0.1:{tlsProxy.Port},ca={client}/ca.pem,cert={client}/cert.pem,key={client}/key.pem");

        // The docker CLI itself talks to the engine through the proxy: it is a faithful stand-in for a TLS dockerd.
        var cliVersion = await DockerCliAsync(cliEnvironment, "--context", "drydock-tls", "version", "--format", "{{.Server.Version}}");
        var expected = (await engine.Client.GetVersionAsync(Timeout)).Version;
        cliVersion.Trim().ShouldBe(expected);

        using (var byName = DockerClient.FromEnvironment(Environment(("DOCKER_CONTEXT", "drydock-tls"))))
        {
            byName.Endpoint.ContextName.ShouldBe("drydock-tls");
            byName.Endpoint.Source.ShouldBe("context 'drydock-tls' from DOCKER_CONTEXT");
            (await byName.GetVersionAsync(Timeout)).Version.ShouldBe(expected);
        }

        await DockerCliAsync(cliEnvironment, "context", "use", "drydock-tls");
        var before = tlsProxy.AuthenticatedConnections;
        using (var current = DockerClient.FromEnvironment(Environment()))
        {
            current.Endpoint.ContextName.ShouldBe("drydock-tls");
            (await current.PingAsync(Timeout)).OsType.ShouldBe("linux");
        }
        tlsProxy.AuthenticatedConnections.ShouldBeGreaterThan(before);

        using (var overridden = DockerClient.FromEnvironment(Environment(("DOCKER_HOST", $"tcp://127.0.0.1:{plainProxy.Port}"))))
        {
            overridden.Endpoint.ContextName.ShouldBeNull();
            await overridden.PingAsync(Timeout);
        }
        plainProxy.AuthenticatedConnections.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_context_that_skips_verification_accepts_a_certificate_for_another_host()
    {
        await using var proxy = EngineProxy.StartTls(engine.Client.Endpoint, Certificates.WrongHostCertificate, Certificates.WrongHostKey, Certificates.CaFile);
        var config = Path.Combine(_home, ".docker");
        var client = Certificates.ClientDirectory;
        await DockerCliAsync(new Dictionary<string, string?> { ["DOCKER_CONFIG"] = config, ["DOCKER_HOST"] = null, ["DOCKER_CONTEXT"] = null }, "context", "create", "drydock-skip", "--docker",
            $"host=tcp://127.0.0.1:{proxy.Port},ca={client}/ca.pem,cert={client}/cert.pem,key={client}/key.pem,skip-tls-verify=true");
        using var skipping = DockerClient.FromEnvironment(Environment(("DOCKER_CONTEXT", "drydock-skip")));
        skipping.Endpoint.Tls!.VerifyServer.ShouldBeFalse();
        (await skipping.PingAsync(Timeout)).OsType.ShouldBe("linux");
    }

    /// <summary>An environment with only HOME (a fresh one) and the given variables: nothing leaks in from the machine's.</summary>
    private Func<string, string?> Environment(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        map["HOME"] = _home;
        return name => map.GetValueOrDefault(name);
    }

    private static async Task<string> DockerCliAsync(IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("docker", arguments, new ProcessRunOptions { Environment = environment, Timeout = TimeSpan.FromSeconds(60) });
        result.Succeeded.ShouldBeTrue($"docker {string.Join(' ', arguments)}: {result.StandardError}");
        return result.StandardOutput;
    }
}
