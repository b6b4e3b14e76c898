using Drydock.Engine;
using Drydock.Tests.Engine.Support;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Engine;

[Trait("Category", EngineFixture.Category)]
public sealed class NetworkTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token;

    [Fact]
    public async Task Connect_and_disconnect_attach_and_detach_a_running_container()
    {
        var runId = TestContainer.NewRunId();
        var name = $"drydock-test-{runId}";
        var networkId = await engine.Client.CreateNetworkAsync(new NetworkCreateRequest { Name = name, Labels = new() { [EngineFixture.RunLabel] = runId } }, Timeout);
        try
        {
            (await engine.Client.ListNetworksAsync([$"{EngineFixture.RunLabel}={runId}"], Timeout)).ShouldHaveSingleItem().Id.ShouldBe(networkId);
            await using var server = await TestContainer.IdleAsync(engine.Client, runId: runId);
            await using var client = await TestContainer.IdleAsync(engine.Client, runId: runId);

            await engine.Client.ConnectNetworkAsync(name, server.Id, ["backend"], Timeout);
            await engine.Client.ConnectNetworkAsync(networkId, client.Id, null, Timeout);
            var endpoint = (await engine.Client.InspectContainerAsync(server.Id, Timeout)).NetworkSettings!.Networks![name];
            endpoint.NetworkID.ShouldBe(networkId);
            endpoint.Aliases.ShouldNotBeNull().ShouldContain("backend");
            endpoint.IPAddress.ShouldNotBeNullOrEmpty();

            // The alias resolves and answers on the new network (the engine's DNS, container to container only).
            (await PingAsync(client, "backend")).ShouldBe(0);

            await engine.Client.DisconnectNetworkAsync(name, server.Id, force: false, Timeout);
            (await engine.Client.InspectContainerAsync(server.Id, Timeout)).NetworkSettings!.Networks!.ShouldNotContainKey(name);
            (await PingAsync(client, "backend")).ShouldNotBe(0);

            var again = await Should.ThrowAsync<EngineException>(() => engine.Client.DisconnectNetworkAsync(name, server.Id, force: false, Timeout));
            again.Message.ShouldContain("is not connected");
        }
        finally
        {
            await engine.Client.RemoveNetworkAsync(networkId, Timeout);
        }
        (await engine.Client.ListNetworksAsync([$"{EngineFixture.RunLabel}={runId}"], Timeout)).ShouldBeEmpty();
        (await Should.ThrowAsync<EngineException>(() => engine.Client.RemoveNetworkAsync(networkId, Timeout))).Kind.ShouldBe(EngineErrorKind.NotFound);
    }

    private async Task<int?> PingAsync(TestContainer from, string host) =>
        (await engine.Client.ExecAsync(from.Id, new ExecOptions { Command = ["ping", "-c", "1", "-W", "1", host], Timeout = TimeSpan.FromSeconds(10) }, Timeout)).ExitCode;
}
