using Drydock.Compose.Loading;
using Drydock.Engine;
using Drydock.Tests.Engine.Support;
using Drydock.Tests.TestSupport;
using Drydock.Verification.Stack;

namespace Drydock.Tests.Verification.Stack;

/// <summary>
/// Issue 21: the legacy builder's intermediate containers carry no label, so the run ties them to itself by the ids its
/// own build output names. A user's unlabelled container created while the run is going on is never touched.
/// </summary>
[Trait("Category", EngineFixture.Category)]
public sealed class StackRunSweepTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token;

    [Fact]
    public async Task Teardown_removes_the_containers_its_build_output_named_and_not_a_users_container_made_meanwhile()
    {
        var directory = Path.Combine(RepoPaths.Root, "tests", "verify-stacks", "build-fails");
        var project = ComposeProjectLoader.Load(new ComposeLoadOptions { ProjectDirectory = directory, WorkingDirectory = directory }).GetProjectOrThrow();
        var tool = await ComposeToolLocator.LocateAsync(Environment.GetEnvironmentVariable, Timeout);
        var run = StackRun.Create(engine.Client, tool, project, new StackRunOptions());
        // Both unlabelled and created during the run; only the first is named by the build's output.
        await using var intermediate = await TestContainer.RunAsync(engine.Client, ["true"], request => request with { Labels = null }, start: false);
        await using var users = await TestContainer.RunAsync(engine.Client, ["true"], request => request with { Labels = null }, start: false);
        run.NoteBuildOutput("Step 2/3 : RUN make");
        run.NoteBuildOutput($" ---> Running in {intermediate.Id[..12]}");
        run.NoteBuildOutput($"Successfully built {users.Id[..12]}");

        (await run.TearDownAsync(TimeSpan.FromMinutes(2))).ShouldBeEmpty();

        var removed = await Should.ThrowAsync<EngineException>(() => engine.Client.InspectContainerAsync(intermediate.Id, Timeout));
        removed.IsNotFound.ShouldBeTrue();
        (await engine.Client.InspectContainerAsync(users.Id, Timeout)).Id.ShouldBe(users.Id);
    }
}
