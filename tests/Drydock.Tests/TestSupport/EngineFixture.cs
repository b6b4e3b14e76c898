using Drydock.Engine;

namespace Drydock.Tests.TestSupport;

/// <summary>
/// One engine connection for the whole test run, shared by every engine test class (as a class fixture, so the
/// classes still run in parallel). An unreachable engine or missing base images fail the test with the fix;
/// tests never skip silently (in CI, a missing engine is a failure).
/// </summary>
public sealed class EngineFixture : IAsyncLifetime
{
    public const string Category = "Engine";

    /// <summary>Every container, network and volume a test creates carries this label, so leaks can be found.</summary>
    public const string RunLabel = "io.drydock.run";

    private static readonly Lazy<Task<DockerClient>> Shared = new(ConnectAsync);

    public static readonly string[] BaseImages =
    [
        "drydock-base/busybox:1.35",
        "drydock-base/redis:7.0",
        "drydock-base/aspnet:10.0",
        "drydock-base/dotnet-sdk:10.0",
    ];

    public DockerClient Client { get; private set; } = null!;

    public async Task InitializeAsync() => Client = await Shared.Value;

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<DockerClient> ConnectAsync()
    {
        var client = DockerClient.FromEnvironment();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await client.NegotiateAsync(timeout.Token);
        }
        catch (DrydockException ex)
        {
            throw new InvalidOperationException($"Engine tests need a running Docker engine: {ex.Message} Run `bash scripts/setup-engine.sh` (scripts/test.sh does).", ex);
        }
        foreach (var image in BaseImages)
        {
            try
            {
                using var response = await client.SendAsync(HttpMethod.Get, $"images/{image}/json", null, timeout.Token);
            }
            catch (EngineException ex) when (ex.IsNotFound)
            {
                throw new InvalidOperationException($"Base image {image} is missing. Run `bash scripts/build-base-images.sh` (scripts/test.sh does).", ex);
            }
        }
        return client;
    }
}
