using Drydock.Engine;

namespace Drydock.Tests.Engine;

public sealed class EndpointAndVersionTests
{
    [Theory]
    [InlineData(null, EndpointKind.Unix, "/var/run/docker.sock", "default")]
    [InlineData("", EndpointKind.Unix, "/var/run/docker.sock", "default")]
    [InlineData("unix:///run/user/1000/docker.sock", EndpointKind.Unix, "/run/user/1000/docker.sock", "DOCKER_HOST")]
    [InlineData("tcp://127.0.0.1:2376", EndpointKind.Tcp, "127.0.0.1:2376", "DOCKER_HOST")]
    [InlineData("tcp://127.0.0.1", EndpointKind.Tcp, "127.0.0.1:2375", "DOCKER_HOST")]
    [InlineData("tcp://[::1]", EndpointKind.Tcp, "[::1]:2375", "DOCKER_HOST")]
    public void Docker_host_is_resolved(string? dockerHost, EndpointKind kind, string address, string source)
    {
        var endpoint = DockerEndpoint.Resolve(name => name == "DOCKER_HOST" ? dockerHost : null);
        endpoint.Kind.ShouldBe(kind);
        endpoint.Address.ShouldBe(address);
        endpoint.Source.ShouldBe(source);
    }

    [Theory]
    [InlineData("ssh://me@host", "unsupported scheme 'ssh'")]
    [InlineData("npipe:////./pipe/docker_engine", "unsupported scheme 'npipe'")]
    [InlineData("unix://", "names no socket path")]
    [InlineData("tcp://", "names no host")]
    public void Bad_docker_host_values_are_explained(string dockerHost, string expected)
    {
        var error = Should.Throw<DrydockException>(() => DockerEndpoint.Resolve(_ => dockerHost));
        error.Message.ShouldContain(expected);
        error.Fix.ShouldNotBeNullOrEmpty();
    }

    [Theory]
    [InlineData("1.41", 1, 41)]
    [InlineData("v1.44", 1, 44)]
    [InlineData(" 1.9 ", 1, 9)]
    public void Api_versions_parse(string text, int major, int minor) =>
        ApiVersion.Parse(text).ShouldBe(new ApiVersion(major, minor));

    [Theory]
    [InlineData("1")]
    [InlineData("1.x")]
    [InlineData("1.2.3")]
    [InlineData("")]
    public void Malformed_api_versions_are_rejected(string text) => ApiVersion.TryParse(text, out _).ShouldBeFalse();

    [Fact]
    public void Api_versions_order_numerically_not_textually()
    {
        (new ApiVersion(1, 9) < new ApiVersion(1, 41)).ShouldBeTrue();
        (new ApiVersion(2, 0) > new ApiVersion(1, 52)).ShouldBeTrue();
    }

    [Fact]
    public void Negotiation_speaks_the_older_of_the_two_versions()
    {
        ApiVersion.Negotiate(new ApiVersion(1, 41)).ShouldBe(new ApiVersion(1, 41));
        ApiVersion.Negotiate(new ApiVersion(1, 47)).ShouldBe(new ApiVersion(1, 47));
        ApiVersion.Negotiate(new ApiVersion(1, 99)).ShouldBe(ApiVersion.ClientMaximum);
    }

    [Fact]
    public void Engines_whose_minimum_is_1_44_are_spoken_to_in_a_version_they_accept()
    {
        // Docker 29 speaks 1.52 and refuses anything below 1.44; Docker 25-28 speak 1.44-1.51.
        ApiVersion.Negotiate(new ApiVersion(1, 52)).ShouldBe(new ApiVersion(1, 52));
        ApiVersion.Negotiate(new ApiVersion(1, 53)).ShouldBe(ApiVersion.ClientMaximum);
        ApiVersion.ClientMaximum.ShouldBeGreaterThanOrEqualTo(new ApiVersion(1, 44));
    }

    [Fact]
    public void A_pinned_api_version_must_be_valid_and_supported()
    {
        Should.Throw<DrydockException>(() => DockerClient.FromEnvironment(name => name == "DOCKER_API_VERSION" ? "1.30" : null))
            .Message.ShouldBe("DOCKER_API_VERSION=1.30 is older than Drydock supports (1.41).");
    }

    [Fact]
    public void A_pinned_api_version_must_be_valid()
    {
        var error = Should.Throw<DrydockException>(() => DockerClient.FromEnvironment(name => name == "DOCKER_API_VERSION" ? "latest" : null));
        error.Message.ShouldContain("DOCKER_API_VERSION=latest");
    }

    [Fact]
    public void Label_filters_are_url_encoded_json()
    {
        var filter = Uri.UnescapeDataString(DockerClient.LabelFilter(["io.drydock.run=abc", "x"]));
        filter.ShouldBe("{\"label\":[\"io.drydock.run=abc\",\"x\"]}");
    }
}
