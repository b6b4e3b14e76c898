using Drydock.Engine;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Engine;

[Trait("Category", EngineFixture.Category)]
public sealed class DockerClientTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task Ping_reports_the_engine_api_version_and_negotiation_settles_on_a_supported_one()
    {
        var ping = await engine.Client.PingAsync(CancellationToken.None);
        ping.EngineApiVersion.ShouldBeGreaterThanOrEqualTo(ApiVersion.ClientMinimum);
        var negotiated = await engine.Client.NegotiateAsync(CancellationToken.None);
        negotiated.ShouldBe(ApiVersion.Negotiate(ping.EngineApiVersion));
        ping.OsType.ShouldBe("linux");
    }

    [Fact]
    public async Task Version_and_info_describe_the_engine()
    {
        var version = await engine.Client.GetVersionAsync(CancellationToken.None);
        version.Version.ShouldNotBeNullOrWhiteSpace();
        ApiVersion.TryParse(version.ApiVersion, out _).ShouldBeTrue();
        var info = await engine.Client.GetSystemInfoAsync(CancellationToken.None);
        info.Driver.ShouldNotBeNullOrWhiteSpace();
        info.CgroupVersion.ShouldBeOneOf("1", "2");
        info.NCPU.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_pinned_version_is_used_as_is()
    {
        using var client = new DockerClient(engine.Client.Endpoint, ApiVersion.ClientMinimum);
        (await client.NegotiateAsync(CancellationToken.None)).ShouldBe(ApiVersion.ClientMinimum);
        (await client.GetVersionAsync(CancellationToken.None)).Version.ShouldNotBeNull();
    }

    [Fact]
    public async Task Engine_errors_carry_the_status_and_the_engine_message()
    {
        var error = await Should.ThrowAsync<EngineException>(() =>
            engine.Client.InspectContainerAsync("drydock-test-no-such-container", CancellationToken.None));
        error.IsNotFound.ShouldBeTrue();
        error.Message.ShouldContain("No such container");
    }

    [Fact]
    public async Task Label_filters_select_nothing_for_an_unused_label()
    {
        var label = $"{EngineFixture.RunLabel}=never-{Guid.NewGuid():N}";
        (await engine.Client.ListContainersAsync([label], CancellationToken.None)).ShouldBeEmpty();
        (await engine.Client.ListNetworksAsync([label], CancellationToken.None)).ShouldBeEmpty();
        (await engine.Client.ListVolumesAsync([label], CancellationToken.None)).ShouldBeEmpty();
    }
}
