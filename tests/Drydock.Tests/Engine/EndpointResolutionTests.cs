using Drydock.Engine;

namespace Drydock.Tests.Engine;

/// <summary>
/// Which engine, with which TLS material, as the docker CLI (28.x) decides: DOCKER_HOST, then DOCKER_CONTEXT,
/// then config.json's currentContext, then the default. Contexts are written here in the CLI's on-disk layout.
/// </summary>
public sealed class EndpointResolutionTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("drydock-resolve-").FullName;

    private string ConfigDirectory => Path.Combine(_home, ".docker");

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public void Nothing_set_is_the_default_socket()
    {
        var endpoint = Resolve();
        (endpoint.Kind, endpoint.Address, endpoint.Source, endpoint.Tls, endpoint.ContextName).ShouldBe((EndpointKind.Unix, "/var/run/docker.sock", "default", (EndpointTls?)null, (string?)null));
    }

    [Fact]
    public void Docker_host_wins_over_docker_context_and_the_current_context()
    {
        WriteContext("remote", "tcp://10.0.0.5:2375");
        WriteConfig("""{"currentContext": "remote"}""");
        var endpoint = Resolve(("DOCKER_HOST", "unix:///run/other.sock"), ("DOCKER_CONTEXT", "remote"));
        (endpoint.Address, endpoint.Source, endpoint.ContextName).ShouldBe(("/run/other.sock", "DOCKER_HOST", (string?)null));
    }

    [Fact]
    public void Docker_context_wins_over_the_current_context()
    {
        WriteContext("first", "tcp://10.0.0.1:2375");
        WriteContext("second", "tcp://10.0.0.2:2375");
        WriteConfig("""{"auths": {}, "currentContext": "first"}""");
        var endpoint = Resolve(("DOCKER_CONTEXT", "second"));
        (endpoint.Address, endpoint.ContextName, endpoint.Source).ShouldBe(("10.0.0.2:2375", "second", "context 'second' from DOCKER_CONTEXT"));

        var current = Resolve();
        (current.Address, current.ContextName).ShouldBe(("10.0.0.1:2375", "first"));
        current.Source.ShouldBe($"context 'first' from currentContext in {Path.Combine(ConfigDirectory, "config.json")}");
    }

    [Fact]
    public void The_context_named_default_is_the_environment()
    {
        WriteConfig("""{"currentContext": "default"}""");
        Resolve().Address.ShouldBe("/var/run/docker.sock");
        Resolve(("DOCKER_CONTEXT", "default")).Source.ShouldBe("default");
    }

    [Fact]
    public void Docker_config_replaces_home_dot_docker()
    {
        var elsewhere = Path.Combine(_home, "elsewhere");
        WriteContext("moved", "unix:///run/moved.sock", configDirectory: elsewhere);
        File.WriteAllText(Path.Combine(elsewhere, "config.json"), """{"currentContext":"moved"}""");
        Resolve(("DOCKER_CONFIG", elsewhere)).Address.ShouldBe("/run/moved.sock");
    }

    [Fact]
    public void Contexts_are_stored_under_the_sha256_of_their_name()
    {
        // What `docker context create ctx2` wrote on this machine.
        EndpointResolver.ContextDirectoryName("ctx2").ShouldBe("511c96ceb7174affc0b103d8fbbb33384196d849f1eeb3c2e9da6145053ae9d3");
    }

    [Fact]
    public void A_context_carries_its_tls_material_and_its_skip_verify_setting()
    {
        WriteContext("secure", "tcp://engine.example:2376", tlsFiles: ["ca.pem", "cert.pem", "key.pem"]);
        var tls = Resolve(("DOCKER_CONTEXT", "secure")).Tls.ShouldNotBeNull();
        var directory = Path.Combine(ConfigDirectory, "contexts", "tls", EndpointResolver.ContextDirectoryName("secure"), "docker");
        (tls.CaFile, tls.CertificateFile, tls.KeyFile, tls.VerifyServer).ShouldBe((Path.Combine(directory, "ca.pem"), Path.Combine(directory, "cert.pem"), Path.Combine(directory, "key.pem"), true));

        WriteContext("lax", "tcp://engine.example:2376", skipTlsVerify: true);
        var lax = Resolve(("DOCKER_CONTEXT", "lax")).Tls.ShouldNotBeNull();
        (lax.CaFile, lax.CertificateFile, lax.VerifyServer).ShouldBe(((string?)null, (string?)null, false));

        WriteContext("plain", "tcp://engine.example:2375");
        Resolve(("DOCKER_CONTEXT", "plain")).Tls.ShouldBeNull();
    }

    [Fact]
    public void Tls_from_the_environment_applies_to_the_default_context_only()
    {
        WriteCertificates(ConfigDirectory);
        var endpoint = Resolve(("DOCKER_HOST", "tcp://engine.example:2376"), ("DOCKER_TLS_VERIFY", "1"));
        var tls = endpoint.Tls.ShouldNotBeNull();
        (tls.CaFile, tls.CertificateFile, tls.KeyFile, tls.VerifyServer).ShouldBe((Path.Combine(ConfigDirectory, "ca.pem"), Path.Combine(ConfigDirectory, "cert.pem"), Path.Combine(ConfigDirectory, "key.pem"), true));

        WriteContext("plain", "tcp://10.0.0.9:2375");
        Resolve(("DOCKER_CONTEXT", "plain"), ("DOCKER_TLS_VERIFY", "1")).Tls.ShouldBeNull();
        Resolve(("DOCKER_HOST", "unix:///run/x.sock"), ("DOCKER_TLS_VERIFY", "1")).Tls.ShouldBeNull();
    }

    [Fact]
    public void Tls_verify_without_a_host_means_localhost_2376_and_any_value_turns_it_on()
    {
        var certificates = Path.Combine(_home, "certs");
        WriteCertificates(certificates);
        var endpoint = Resolve(("DOCKER_TLS_VERIFY", "0"), ("DOCKER_CERT_PATH", certificates));
        (endpoint.Kind, endpoint.Address).ShouldBe((EndpointKind.Tcp, "localhost:2376"));
        endpoint.Tls!.VerifyServer.ShouldBeTrue();
        endpoint.Tls.Origin.ShouldBe($"DOCKER_CERT_PATH={certificates}");

        var unverified = Resolve(("DOCKER_TLS", "1"), ("DOCKER_CERT_PATH", certificates), ("DOCKER_HOST", "tcp://engine.example"));
        unverified.Address.ShouldBe("engine.example:2375");
        unverified.Tls!.VerifyServer.ShouldBeFalse();
    }

    [Fact]
    public void A_cert_path_without_tls_switched_on_is_plain_http()
    {
        WriteCertificates(ConfigDirectory);
        Resolve(("DOCKER_HOST", "tcp://engine.example:2375"), ("DOCKER_CERT_PATH", ConfigDirectory)).Tls.ShouldBeNull();
    }

    [Fact]
    public void Tls_without_ca_pem_or_with_half_a_client_pair_is_refused_with_a_fix()
    {
        var empty = Path.Combine(_home, "empty");
        Directory.CreateDirectory(empty);
        var noCa = Should.Throw<DrydockException>(() => Resolve(("DOCKER_HOST", "tcp://e:2376"), ("DOCKER_TLS_VERIFY", "1"), ("DOCKER_CERT_PATH", empty)));
        noCa.Message.ShouldBe($"DOCKER_TLS_VERIFY is set but {Path.Combine(empty, "ca.pem")} does not exist.");
        noCa.Fix!.ShouldContain("DOCKER_CERT_PATH");

        var half = Path.Combine(_home, "half");
        Directory.CreateDirectory(half);
        File.WriteAllText(Path.Combine(half, "ca.pem"), "x");
        File.WriteAllText(Path.Combine(half, "cert.pem"), "x");
        Should.Throw<DrydockException>(() => Resolve(("DOCKER_HOST", "tcp://e:2376"), ("DOCKER_TLS_VERIFY", "1"), ("DOCKER_CERT_PATH", half)))
            .Message.ShouldContain("has cert.pem but no key.pem");

        // The CA alone is fine: the engine may not ask for a client certificate.
        File.Delete(Path.Combine(half, "cert.pem"));
        Resolve(("DOCKER_HOST", "tcp://e:2376"), ("DOCKER_TLS_VERIFY", "1"), ("DOCKER_CERT_PATH", half)).Tls!.CertificateFile.ShouldBeNull();
    }

    [Fact]
    public void A_missing_context_is_explained_with_the_file_looked_for()
    {
        var error = Should.Throw<DrydockException>(() => Resolve(("DOCKER_CONTEXT", "nope")));
        error.Message.ShouldContain("The docker context 'nope' (DOCKER_CONTEXT) does not exist");
        error.Message.ShouldContain(Path.Combine("contexts", "meta", "ca3704aa0b06f5954c79ee837faa152d84d6b2d42838f0637a15eda8337dbdce", "meta.json"));
        error.Fix!.ShouldContain("docker context ls");

        WriteConfig("""{"currentContext": "gone"}""");
        Should.Throw<DrydockException>(() => Resolve()).Message.ShouldContain($"'gone' (currentContext in {Path.Combine(ConfigDirectory, "config.json")})");
    }

    [Fact]
    public void An_ssh_context_is_refused_with_a_way_around()
    {
        WriteContext("over-ssh", "ssh://me@build-host");
        var error = Should.Throw<DrydockException>(() => Resolve(("DOCKER_CONTEXT", "over-ssh")));
        error.Message.ShouldContain("does not tunnel over ssh");
        error.Fix!.ShouldContain("DOCKER_HOST=unix://");
    }

    [Fact]
    public void A_broken_config_json_is_reported_at_its_line_and_column()
    {
        WriteConfig("{\n  \"auths\": {},\n  \"currentContext\": oops\n}");
        var error = Should.Throw<DrydockException>(() => Resolve());
        error.Span.ShouldNotBeNull();
        error.Span!.Value.File.ShouldBe(Path.Combine(ConfigDirectory, "config.json"));
        (error.Span.Value.Line, error.Span.Value.Column).ShouldBe((3, 21));
        error.Fix.ShouldNotBeNull();
    }

    [Fact]
    public void A_context_without_a_docker_endpoint_is_explained()
    {
        var directory = Path.Combine(ConfigDirectory, "contexts", "meta", EndpointResolver.ContextDirectoryName("k8s-only"));
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "meta.json"), """{"Name":"k8s-only","Metadata":{},"Endpoints":{"kubernetes":{"Host":"https://k"}}}""");
        Should.Throw<DrydockException>(() => Resolve(("DOCKER_CONTEXT", "k8s-only"))).Message.ShouldContain("has no docker endpoint");
    }

    [Fact]
    public void Without_home_or_docker_config_only_the_environment_counts()
    {
        var endpoint = DockerEndpoint.Resolve(_ => null);
        endpoint.Address.ShouldBe("/var/run/docker.sock");
        Should.Throw<DrydockException>(() => DockerEndpoint.Resolve(name => name == "DOCKER_CONTEXT" ? "x" : null)).Message.ShouldContain("neither DOCKER_CONFIG nor HOME");
    }

    private DockerEndpoint Resolve(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        map.TryAdd("HOME", _home);
        return DockerEndpoint.Resolve(name => map.GetValueOrDefault(name));
    }

    private void WriteConfig(string json)
    {
        Directory.CreateDirectory(ConfigDirectory);
        File.WriteAllText(Path.Combine(ConfigDirectory, "config.json"), json);
    }

    private void WriteContext(string name, string host, bool skipTlsVerify = false, string[]? tlsFiles = null, string? configDirectory = null)
    {
        configDirectory ??= ConfigDirectory;
        var hash = EndpointResolver.ContextDirectoryName(name);
        var meta = Path.Combine(configDirectory, "contexts", "meta", hash);
        Directory.CreateDirectory(meta);
        var skip = skipTlsVerify ? "true" : "false";
        File.WriteAllText(Path.Combine(meta, "meta.json"), "{\"Name\":\"" + name + "\",\"Metadata\":{},\"Endpoints\":{\"docker\":{\"Host\":\"" + host + "\",\"SkipTLSVerify\":" + skip + "}}}");
        if (tlsFiles is not null)
        {
            var tls = Path.Combine(configDirectory, "contexts", "tls", hash, "docker");
            Directory.CreateDirectory(tls);
            foreach (var file in tlsFiles)
            {
                File.WriteAllText(Path.Combine(tls, file), "pem");
            }
        }
    }

    private static void WriteCertificates(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var file in new[] { "ca.pem", "cert.pem", "key.pem" })
        {
            File.WriteAllText(Path.Combine(directory, file), "pem");
        }
    }
}
