using Drydock.Tests.TestSupport;
using Drydock.Verification.Stack;

namespace Drydock.Tests.Engine;

public sealed class ComposeToolTests
{
    private static readonly ComposeCandidate[] OnlyV1 =
    [
        new(ComposeFlavor.DockerComposeV2, null, "docker: 'compose' is not a docker command."),
        new(ComposeFlavor.DockerComposeV1, "1.29.2", null),
        new(ComposeFlavor.PodmanCompose, null, "'podman-compose' is not on PATH"),
    ];

    [Fact]
    public void The_first_available_in_preference_order_is_chosen()
    {
        var (tool, problem) = ComposeToolLocator.Select(OnlyV1, _ => null);
        problem.ShouldBeNull();
        tool!.Flavor.ShouldBe(ComposeFlavor.DockerComposeV1);
        tool.Program.ShouldBe("docker-compose");
        tool.PrefixArguments.ShouldBeEmpty();
        tool.Version.ShouldBe("1.29.2");
    }

    [Fact]
    public void V2_is_preferred_and_invoked_as_a_docker_subcommand()
    {
        ComposeCandidate[] both = [new(ComposeFlavor.DockerComposeV2, "2.29.1", null), new(ComposeFlavor.DockerComposeV1, "1.29.2", null), new(ComposeFlavor.PodmanCompose, null, "x")];
        var (tool, _) = ComposeToolLocator.Select(both, _ => null);
        tool!.DisplayName.ShouldBe("docker compose");
        tool.Program.ShouldBe("docker");
        tool.PrefixArguments.ShouldBe(["compose"]);
    }

    [Fact]
    public void An_override_picks_an_implementation_or_explains_why_it_cannot()
    {
        ComposeToolLocator.Select(OnlyV1, name => name == "DRYDOCK_COMPOSE" ? "docker-compose" : null).Tool!.Flavor.ShouldBe(ComposeFlavor.DockerComposeV1);
        var (tool, problem) = ComposeToolLocator.Select(OnlyV1, name => name == "DRYDOCK_COMPOSE" ? "docker compose" : null);
        tool.ShouldBeNull();
        problem.ShouldBe("DRYDOCK_COMPOSE asks for docker compose, which is not usable: docker: 'compose' is not a docker command.");
    }

    [Fact]
    public void None_available_is_explained()
    {
        var none = OnlyV1.Select(c => c with { Version = null, Problem = "missing" }).ToArray();
        var (tool, problem) = ComposeToolLocator.Select(none, _ => null);
        tool.ShouldBeNull();
        problem!.ShouldContain("No Compose implementation was found");
    }

    [Fact]
    public void An_installed_implementation_that_did_not_answer_is_named_with_its_reason()
    {
        ComposeCandidate[] candidates =
        [
            new(ComposeFlavor.DockerComposeV2, null, "'docker' is not on PATH"),
            new(ComposeFlavor.DockerComposeV1, null, "'docker-compose version --short' did not finish within 120 s and was stopped."),
            new(ComposeFlavor.PodmanCompose, null, "'podman-compose' is not on PATH"),
        ];
        var (_, problem) = ComposeToolLocator.Select(candidates, _ => null);
        problem.ShouldBe("No Compose implementation was found (tried docker compose, docker-compose, podman-compose). docker-compose: 'docker-compose version --short' did not finish within 120 s and was stopped.");
    }

    [Fact]
    [Trait("Category", EngineFixture.Category)] // needs an installed Compose implementation, as the engine tests do
    public async Task A_second_probe_in_one_process_reuses_the_answered_version()
    {
        var first = await ComposeToolLocator.ProbeAllAsync(CancellationToken.None);
        var second = await ComposeToolLocator.ProbeAllAsync(CancellationToken.None);
        second.Where(c => c.Available).ShouldBe(first.Where(c => c.Available));
        first.ShouldContain(c => c.Available, "the engine tests need a Compose implementation");
        // The same instance: the answer was kept, not asked for again.
        first.Where(c => c.Available).Zip(second.Where(c => c.Available)).ShouldAllBe(pair => ReferenceEquals(pair.First, pair.Second));
    }

    [Fact]
    public async Task Probing_reports_every_implementation()
    {
        var candidates = await ComposeToolLocator.ProbeAllAsync(CancellationToken.None);
        candidates.Select(c => c.Flavor).ShouldBe([ComposeFlavor.DockerComposeV2, ComposeFlavor.DockerComposeV1, ComposeFlavor.PodmanCompose]);
        candidates.ShouldAllBe(c => c.Available || c.Problem != null);
    }
}
