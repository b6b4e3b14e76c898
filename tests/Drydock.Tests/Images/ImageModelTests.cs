using Drydock.Images;
using Drydock.Images.Analysis;
using Drydock.Images.Sources;

namespace Drydock.Tests.Images;

public sealed class GlobPatternTests
{
    [Theory]
    [InlineData("/app/**/*.py", "/app/main.py", true)]
    [InlineData("/app/**/*.py", "/app/pkg/sub/mod.py", true)]
    [InlineData("/app/**/*.py", "/app/main.pyc", false)]
    [InlineData("/app/**/*.py", "/opt/app/main.py", false)]
    [InlineData("app/*.py", "/app/main.py", true)]
    [InlineData("/app/*.py", "/app/pkg/mod.py", false)]
    [InlineData("*.pyc", "/usr/lib/python3/site-packages/pkg/__pycache__/m.cpython-311.pyc", true)]
    [InlineData("*.pem", "/etc/ssl/private/server.pem", true)]
    [InlineData("id_[rd]sa", "/root/.ssh/id_rsa", true)]
    [InlineData("id_[!r]sa", "/root/.ssh/id_rsa", false)]
    [InlineData("/usr/bin/?cc", "/usr/bin/gcc", true)]
    [InlineData("/usr/**", "/usr", true)]
    [InlineData("/**", "/anything/at/all", true)]
    [InlineData("/a/**/b/**/c", "/a/x/b/y/z/c", true)]
    [InlineData("/a/**/b/**/c", "/a/c", false)]
    [InlineData(@"/data/\*.txt", "/data/*.txt", true)]
    [InlineData(@"/data/\*.txt", "/data/a.txt", false)]
    [InlineData("/etc/passwd", "/etc/passwd", true)]
    [InlineData("/etc/passwd", "/etc/passwd-", false)]
    public void Globs_match_image_paths(string pattern, string path, bool expected) =>
        new GlobPattern(pattern).IsMatch(path).ShouldBe(expected);

    [Fact]
    public void Bad_globs_are_clear_errors()
    {
        Should.Throw<DrydockException>(() => new GlobPattern("/app/[a")).Message.ShouldContain("unclosed '['");
        Should.Throw<DrydockException>(() => new GlobPattern(" ")).Message.ShouldContain("empty glob");
    }
}

public sealed class ImageReferenceTests
{
    [Theory]
    [InlineData("redis", "docker.io", "library/redis", "latest", null)]
    [InlineData("team/app:1.0", "docker.io", "team/app", "1.0", null)]
    [InlineData("127.0.0.1:5000/drydock/app:v2", "127.0.0.1:5000", "drydock/app", "v2", null)]
    [InlineData("localhost/app", "localhost", "app", "latest", null)]
    [InlineData("ghcr.io/org/app@sha256:0123456789abcdef", "ghcr.io", "org/app", null, "sha256:0123456789abcdef")]
    [InlineData("registry.example.com:443/a/b/c:tag@sha256:00ff", "registry.example.com:443", "a/b/c", "tag", "sha256:00ff")]
    [InlineData("index.docker.io/library/busybox:1.35", "docker.io", "library/busybox", "1.35", null)]
    public void References_normalize_like_the_docker_cli(string text, string registry, string repository, string? tag, string? digest)
    {
        var reference = ImageReference.Parse(text);
        reference.ShouldBe(new ImageReference(registry, repository, tag, digest));
    }

    [Theory]
    [InlineData("Upper/Case")]
    [InlineData("app:")]
    [InlineData("app:-bad")]
    [InlineData("app@sha256:XYZ")]
    [InlineData("a b")]
    [InlineData("app//x")]
    public void Invalid_references_are_errors_with_the_reason(string text) =>
        Should.Throw<DrydockException>(() => ImageReference.Parse(text)).Message.ShouldStartWith($"'{text}' is not an image reference:");

    [Theory]
    [InlineData("127.0.0.1:5000/a", true)]
    [InlineData("localhost:5000/a", true)]
    [InlineData("[::1]:5000/a", true)]
    [InlineData("registry.example.com/a", false)]
    public void Loopback_registries_are_spoken_to_over_http(string text, bool loopback) =>
        ImageReference.Parse(text).IsLoopback.ShouldBe(loopback);
}

public sealed class UserResolutionTests
{
    private const string Passwd = "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\nnobody:x:65534:65534::/:/bin/false\n";
    private const string Group = "root:x:0:\napp:x:1001:\nstaff:x:50:app\n";

    [Theory]
    [InlineData("", "root", 0, 0, true)]
    [InlineData("root", "root", 0, 0, true)]
    [InlineData("0:0", "root", 0, 0, true)]
    [InlineData("app", "app", 1000, 1001, false)]
    [InlineData("1000", "app", 1000, 1001, false)]
    [InlineData("app:staff", "app", 1000, 50, false)]
    [InlineData("1000:1000", "app", 1000, 1000, false)]
    [InlineData("4242", "4242", 4242, 0, false)]
    public void Users_resolve_through_the_image_passwd_and_group(string configured, string name, int uid, int gid, bool root)
    {
        var user = ImageAnalyzer.ResolveUser(configured, Passwd, Group);
        (user.Name, user.Uid, user.Gid, user.IsRoot).ShouldBe((name, uid, gid, root));
    }

    [Fact]
    public void An_unknown_name_has_no_uid_and_is_not_taken_for_root()
    {
        var user = ImageAnalyzer.ResolveUser("ghost", Passwd, Group);
        user.Uid.ShouldBeNull();
        user.IsRoot.ShouldBeFalse();
        user.ToString().ShouldBe("ghost (not in /etc/passwd)");
        ImageAnalyzer.ResolveUser("", (string?)null, null).IsRoot.ShouldBeTrue();
    }
}

public sealed class SecretDetectionTests
{
    [Theory]
    [InlineData("API_TOKEN", "abc", true)]
    [InlineData("DB_PASSWORD", "hunter2", true)]
    [InlineData("aws_secret_access_key", "x", true)]
    [InlineData("DB_PASSWORD_FILE", "/run/secrets/db", false)]
    [InlineData("DB_PASSWORD", "", false)]
    [InlineData("PATH", "/usr/bin", false)]
    [InlineData("GREETING", "ghp_0123456789abcdefghijklmnop", true)]
    [InlineData("AWS_KEY_ID", "AKIAIOSFODNN7EXAMPLE", true)]
    [InlineData("TOKEN_ENDPOINT_PATH", "/oauth", false)]
    public void Secret_variables_are_recognized_by_name_or_by_value(string name, string value, bool secret)
    {
        SecretDetection.IsSecret(name, value).ShouldBe(secret);
        SecretDetection.Redact(name, value).ShouldBe(secret ? $"<redacted, {value.Length} characters>" : value);
    }

    [Theory]
    [InlineData("/app/.env", "a .env file")]
    [InlineData("/app/.env.production", "a .env file")]
    [InlineData("/app/.env.example", null)]
    [InlineData("/root/.aws/credentials", "AWS credentials")]
    [InlineData("/root/.docker/config.json", "Docker registry credentials")]
    [InlineData("/home/app/.git-credentials", "a Git credential store")]
    [InlineData("/app/environment.py", null)]
    public void Credential_files_are_recognized_by_path(string path, string? kind) =>
        SecretDetection.CredentialFileKind(path).ShouldBe(kind);
}

public sealed class RegistryProtocolTests
{
    [Fact]
    public void Bearer_challenges_parse_quoted_and_bare_values()
    {
        var parameters = RegistryClient.ParseChallenge("realm=\"https://auth.example.com/token\",service=\"registry.example.com\",scope=\"repository:a/b:pull,push\", error=insufficient_scope");
        parameters["realm"].ShouldBe("https://auth.example.com/token");
        parameters["service"].ShouldBe("registry.example.com");
        parameters["scope"].ShouldBe("repository:a/b:pull,push");
        parameters["error"].ShouldBe("insufficient_scope");
    }

    [Fact]
    public async Task Credentials_come_from_the_environment_first_then_docker_config_auths()
    {
        var directory = Directory.CreateTempSubdirectory("drydock-creds-");
        try
        {
            var auth = Convert.ToBase64String("alice:s3cret:with:colons"u8.ToArray());
            var hub = Convert.ToBase64String("hub:pw"u8.ToArray());
            var config = "{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\"" + auth + "\"},\"https://index.docker.io/v1/\":{\"auth\":\"" + hub + "\"}}}";
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "config.json"), config);
            var environment = new Dictionary<string, string?> { ["DOCKER_CONFIG"] = directory.FullName };
            var store = new RegistryCredentialStore(name => environment.GetValueOrDefault(name));
            (await store.FindAsync("127.0.0.1:5000", CancellationToken.None)).ShouldBe(new RegistryCredential("alice", "s3cret:with:colons"));
            (await store.FindAsync(ImageReference.DockerHub, CancellationToken.None)).ShouldBe(new RegistryCredential("hub", "pw"));
            (await store.FindAsync("127.0.0.1:6000", CancellationToken.None)).ShouldBeNull();
            environment["DRYDOCK_REGISTRY_USERNAME"] = "bob";
            environment["DRYDOCK_REGISTRY_PASSWORD"] = "pw2";
            (await store.FindAsync("127.0.0.1:5000", CancellationToken.None)).ShouldBe(new RegistryCredential("bob", "pw2"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("1234", 1234)]
    [InlineData("500kB", 500_000)]
    [InlineData("20MB", 20_000_000)]
    [InlineData("1.5 GB", 1_500_000_000)]
    [InlineData("64MiB", 64 * 1024 * 1024)]
    public void Sizes_parse_with_decimal_and_binary_units(string text, long bytes)
    {
        Drydock.Text.SizeText.TryParseBytes(text, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("MB")]
    [InlineData("12 parsecs")]
    public void Bad_sizes_are_rejected(string text) =>
        Drydock.Text.SizeText.TryParseBytes(text, out _).ShouldBeFalse();
}

public sealed class PlatformSelectorTests
{
    private static Descriptor Manifest(string os, string architecture, string digest, bool attestation = false) => new()
    {
        Digest = digest,
        MediaType = MediaTypes.OciManifest,
        Platform = new PlatformSpec { Os = os, Architecture = architecture },
        Annotations = attestation ? new Dictionary<string, string> { ["vnd.docker.reference.type"] = "attestation-manifest" } : null,
    };

    [Fact]
    public void The_host_platform_is_chosen_and_attestations_are_skipped()
    {
        var host = PlatformSelector.HostArchitecture;
        var other = host == "arm64" ? "amd64" : "arm64";
        PlatformSelector.Choose(
            [Manifest("linux", other, "sha256:01"), Manifest("linux", host, "sha256:02"), Manifest("unknown", "unknown", "sha256:03", attestation: true)],
            "index").Digest.ShouldBe("sha256:02");
        PlatformSelector.Choose([Manifest("linux", other, "sha256:01"), Manifest("unknown", "unknown", "sha256:03", attestation: true)], "index")
            .Digest.ShouldBe("sha256:01");
        Should.Throw<DrydockException>(() => PlatformSelector.Choose([Manifest("linux", other, "sha256:01"), Manifest("windows", other, "sha256:02")], "index"))
            .Message.ShouldBe($"index has no image for linux/{host}; it has linux/{other}, windows/{other}.");
    }
}
