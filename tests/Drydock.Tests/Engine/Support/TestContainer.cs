using Drydock.Engine;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Engine.Support;

/// <summary>
/// A container a test runs from a local base image, labelled <c>io.drydock.run=&lt;unique&gt;</c> and force-removed
/// (with its anonymous volumes) on disposal, whatever happened.
/// </summary>
internal sealed class TestContainer : IAsyncDisposable
{
    public const string Busybox = "drydock-base/busybox:1.35";

    private readonly DockerClient _client;

    private TestContainer(DockerClient client, string id, string name, string runId)
    {
        _client = client;
        Id = id;
        Name = name;
        RunId = runId;
    }

    public string Id { get; }

    public string Name { get; }

    public string RunId { get; }

    public static string NewRunId() => $"engine-{Guid.NewGuid():N}"[..19];

    /// <summary>Creates and (unless told not to) starts a busybox container running <paramref name="command"/>.</summary>
    public static async Task<TestContainer> RunAsync(
        DockerClient client,
        string[] command,
        Func<ContainerCreateRequest, ContainerCreateRequest>? configure = null,
        bool start = true,
        string? runId = null)
    {
        runId ??= NewRunId();
        var name = $"drydock-test-{runId}-{Guid.NewGuid():N}"[..40];
        var request = new ContainerCreateRequest
        {
            Image = Busybox,
            Cmd = command,
            Labels = new Dictionary<string, string> { [EngineFixture.RunLabel] = runId },
        };
        request = configure?.Invoke(request) ?? request;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var id = await client.CreateContainerAsync(request, name, timeout.Token);
        var container = new TestContainer(client, id, name, runId);
        try
        {
            if (start)
            {
                await client.StartContainerAsync(id, timeout.Token);
            }
        }
        catch
        {
            await container.DisposeAsync();
            throw;
        }
        return container;
    }

    /// <summary>A container that idles until removed.</summary>
    public static Task<TestContainer> IdleAsync(DockerClient client, Func<ContainerCreateRequest, ContainerCreateRequest>? configure = null, string? runId = null) =>
        RunAsync(client, ["sleep", "600"], configure, runId: runId);

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            // A paused container cannot be killed; thaw it first.
            await _client.UnpauseContainerAsync(Id, timeout.Token);
        }
        catch (EngineException)
        {
        }
        try
        {
            await _client.RemoveContainerAsync(Id, force: true, removeVolumes: true, timeout.Token);
        }
        catch (EngineException ex) when (ex.IsNotFound)
        {
        }
    }
}
