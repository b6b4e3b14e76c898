using Drydock.Engine;
using Drydock.Tests.Engine.Support;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Engine;

[Trait("Category", EngineFixture.Category)]
public sealed class ContainerTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token;

    [Fact]
    public async Task Inspect_reads_back_the_security_resources_ports_mounts_and_health_check_a_container_was_created_with()
    {
        var port = ComposeTestStack.FreeTcpPort();
        await using var container = await TestContainer.IdleAsync(engine.Client, request => request with
        {
            User = "1000:1000",
            Env = ["GREETING=hello"],
            ExposedPorts = new() { ["8080/tcp"] = new EmptyObject() },
            Healthcheck = new HealthConfig
            {
                Test = ["CMD-SHELL", "echo probe-output; exit 0"],
                Interval = TimeSpan.FromMilliseconds(500),
                Timeout = TimeSpan.FromSeconds(2),
                Retries = 3,
            },
            HostConfig = new HostConfig
            {
                ReadonlyRootfs = true,
                CapDrop = ["ALL"],
                CapAdd = ["NET_BIND_SERVICE"],
                SecurityOpt = ["no-new-privileges"],
                Memory = 64 * 1024 * 1024,
                NanoCpus = 500_000_000,
                PidsLimit = 50,
                RestartPolicy = new RestartPolicy { Name = "on-failure", MaximumRetryCount = 2 },
                Tmpfs = new() { ["/scratch"] = "rw,size=8m" },
                Binds = ["/etc/hostname:/host-hostname:ro"],
                PortBindings = new() { ["8080/tcp"] = [new PortBinding { HostIp = "127.0.0.1", HostPort = port.ToString(System.Globalization.CultureInfo.InvariantCulture) }] },
            },
        });

        var details = await WaitForHealthAsync(container.Id, "healthy");

        details.Id.ShouldBe(container.Id);
        details.Name.ShouldBe("/" + container.Name);
        details.Created.ShouldNotBeNull();
        details.RestartCount.ShouldBe(0);
        details.State!.Running.ShouldBeTrue();
        details.State.Status.ShouldBe("running");
        details.State.StartedAt.ShouldNotBeNull().ShouldBeGreaterThan(details.Created!.Value.AddSeconds(-1));
        details.State.FinishedAt.ShouldBeNull();
        details.State.Pid.ShouldBeGreaterThan(0);

        var health = details.State.Health!;
        health.Status.ShouldBe("healthy");
        health.Log.ShouldNotBeNull().ShouldNotBeEmpty();
        health.Log![^1].ExitCode.ShouldBe(0);
        health.Log[^1].Output.ShouldNotBeNull().ShouldContain("probe-output");
        health.Log[^1].End.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(health.Log[^1].Start!.Value);

        var config = details.Config!;
        config.User.ShouldBe("1000:1000");
        config.Env.ShouldNotBeNull().ShouldContain("GREETING=hello");
        config.Labels![EngineFixture.RunLabel].ShouldBe(container.RunId);
        config.ExposedPorts!.Keys.ShouldContain("8080/tcp");
        config.Healthcheck!.Test.ShouldBe(["CMD-SHELL", "echo probe-output; exit 0"]);
        config.Healthcheck.Interval.ShouldBe(TimeSpan.FromMilliseconds(500));
        config.Healthcheck.Timeout.ShouldBe(TimeSpan.FromSeconds(2));
        config.Healthcheck.Retries.ShouldBe(3);
        config.Image.ShouldBe(TestContainer.Busybox);

        var host = details.HostConfig!;
        host.ReadonlyRootfs.ShouldBeTrue();
        host.Privileged.ShouldBeFalse();
        host.CapDrop.ShouldBe(["ALL"]);
        host.CapAdd.ShouldBe(["NET_BIND_SERVICE"]);
        host.SecurityOpt.ShouldBe(["no-new-privileges"]);
        host.Memory.ShouldBe(64 * 1024 * 1024);
        host.NanoCpus.ShouldBe(500_000_000);
        host.PidsLimit.ShouldBe(50);
        host.RestartPolicy.ShouldBe(new RestartPolicy { Name = "on-failure", MaximumRetryCount = 2 });
        host.Tmpfs!["/scratch"].ShouldBe("rw,size=8m");
        host.Binds.ShouldBe(["/etc/hostname:/host-hostname:ro"]);
        host.PortBindings!["8080/tcp"]!.Single().ShouldBe(new PortBinding { HostIp = "127.0.0.1", HostPort = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        var published = details.NetworkSettings!.Ports!["8080/tcp"]!.Single();
        published.HostIp.ShouldBe("127.0.0.1");
        published.HostPort.ShouldBe(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var bridge = details.NetworkSettings.Networks!["bridge"];
        bridge.IPAddress.ShouldNotBeNullOrEmpty();
        bridge.NetworkID.ShouldNotBeNullOrEmpty();

        var bind = details.Mounts!.Single(m => m.Destination == "/host-hostname");
        bind.Type.ShouldBe("bind");
        bind.Source.ShouldBe("/etc/hostname");
        bind.ReadWrite.ShouldBeFalse();
    }

    [Fact]
    public async Task Cpu_quota_and_period_and_long_syntax_mounts_are_read_back()
    {
        await using var container = await TestContainer.RunAsync(engine.Client, ["true"], request => request with
        {
            HostConfig = new HostConfig
            {
                CpuQuota = 25_000,
                CpuPeriod = 100_000,
                Privileged = true,
                Mounts = [new MountSpec { Type = "tmpfs", Target = "/cache", TmpfsOptions = new TmpfsOptions { SizeBytes = 1024 * 1024 } }],
            },
        }, start: false);
        var details = await engine.Client.InspectContainerAsync(container.Id, Timeout);
        details.HostConfig!.CpuQuota.ShouldBe(25_000);
        details.HostConfig.CpuPeriod.ShouldBe(100_000);
        details.HostConfig.Privileged.ShouldBeTrue();
        var mount = details.HostConfig.Mounts!.Single();
        (mount.Type, mount.Target, mount.TmpfsOptions!.SizeBytes).ShouldBe(("tmpfs", "/cache", 1024L * 1024));
        details.State!.Status.ShouldBe("created");
        details.State.StartedAt.ShouldBeNull();
        details.Config!.Healthcheck.ShouldBeNull();
    }

    [Fact]
    public async Task Pause_unpause_kill_restart_and_stop_change_the_state_and_say_when_nothing_changed()
    {
        await using var container = await TestContainer.IdleAsync(engine.Client);
        var client = engine.Client;

        await client.PauseContainerAsync(container.Id, Timeout);
        var paused = (await client.InspectContainerAsync(container.Id, Timeout)).State!;
        (paused.Status, paused.Paused).ShouldBe(("paused", true));
        var twice = await Should.ThrowAsync<EngineException>(() => client.PauseContainerAsync(container.Id, Timeout));
        twice.Kind.ShouldBe(EngineErrorKind.Conflict);
        twice.StatusCode.ShouldBe(409);
        twice.Fix.ShouldNotBeNullOrEmpty();

        await client.UnpauseContainerAsync(container.Id, Timeout);
        (await client.InspectContainerAsync(container.Id, Timeout)).State!.Status.ShouldBe("running");

        var startedBefore = (await client.InspectContainerAsync(container.Id, Timeout)).State!.StartedAt!.Value;
        await client.RestartContainerAsync(container.Id, TimeSpan.FromSeconds(1), Timeout);
        var restarted = (await client.InspectContainerAsync(container.Id, Timeout)).State!;
        restarted.Running.ShouldBeTrue();
        restarted.StartedAt!.Value.ShouldBeGreaterThan(startedBefore);

        (await client.StartContainerAsync(container.Id, Timeout)).ShouldBeFalse("already running: 304");

        await client.KillContainerAsync(container.Id, "SIGTERM", Timeout);
        // sleep as PID 1 ignores SIGTERM (no handler, PID 1); SIGKILL ends it.
        await client.KillContainerAsync(container.Id, null, Timeout);
        (await client.WaitContainerAsync(container.Id, ContainerWaitCondition.NotRunning, Timeout)).ShouldBe(137);
        var killed = (await client.InspectContainerAsync(container.Id, Timeout)).State!;
        (killed.Status, killed.ExitCode).ShouldBe(("exited", 137));
        killed.FinishedAt.ShouldNotBeNull();

        (await client.StopContainerAsync(container.Id, TimeSpan.FromSeconds(1), Timeout)).ShouldBeFalse("already stopped: 304");
        (await Should.ThrowAsync<EngineException>(() => client.KillContainerAsync(container.Id, null, Timeout))).Kind.ShouldBe(EngineErrorKind.Conflict);

        (await client.StartContainerAsync(container.Id, Timeout)).ShouldBeTrue();
        (await client.StopContainerAsync(container.Id, TimeSpan.FromSeconds(1), Timeout)).ShouldBeTrue();
        (await client.InspectContainerAsync(container.Id, Timeout)).State!.Running.ShouldBeFalse();
    }

    [Fact]
    public async Task Wait_returns_the_exit_code_and_the_restart_count_grows_under_a_restart_policy()
    {
        await using var container = await TestContainer.RunAsync(engine.Client, ["sh", "-c", "exit 3"], request => request with
        {
            HostConfig = new HostConfig { RestartPolicy = new RestartPolicy { Name = "on-failure", MaximumRetryCount = 2 } },
        });
        var deadline = DateTime.UtcNow.AddSeconds(30);
        ContainerDetails details;
        do
        {
            await Task.Delay(200);
            details = await engine.Client.InspectContainerAsync(container.Id, Timeout);
        }
        while ((details.RestartCount < 2 || details.State!.Running || details.State.Restarting) && DateTime.UtcNow < deadline);
        details.RestartCount.ShouldBe(2);
        details.State!.ExitCode.ShouldBe(3);
        (await engine.Client.WaitContainerAsync(container.Id, ContainerWaitCondition.NotRunning, Timeout)).ShouldBe(3);
    }

    [Fact]
    public async Task Listing_by_label_finds_exactly_the_containers_of_a_run()
    {
        var runId = TestContainer.NewRunId();
        await using var first = await TestContainer.IdleAsync(engine.Client, runId: runId);
        await using var second = await TestContainer.RunAsync(engine.Client, ["true"], start: false, runId: runId);
        var listed = await engine.Client.ListContainersAsync([$"{EngineFixture.RunLabel}={runId}"], Timeout);
        listed.Select(c => c.Id).Order().ShouldBe(new[] { first.Id, second.Id }.Order());
        listed.Single(c => c.Id == second.Id).State.ShouldBe("created");
    }

    [Fact]
    public async Task A_name_in_use_is_a_conflict_and_a_missing_container_is_not_found()
    {
        await using var container = await TestContainer.RunAsync(engine.Client, ["true"], start: false);
        var duplicate = await Should.ThrowAsync<EngineException>(() => engine.Client.CreateContainerAsync(
            new ContainerCreateRequest { Image = TestContainer.Busybox, Labels = new() { [EngineFixture.RunLabel] = container.RunId } }, container.Name, Timeout));
        duplicate.Kind.ShouldBe(EngineErrorKind.Conflict);
        duplicate.Fix.ShouldBe("Remove the existing one or choose another name.");

        var missing = await Should.ThrowAsync<EngineException>(() => engine.Client.StopContainerAsync("drydock-test-no-such-container", null, Timeout));
        missing.Kind.ShouldBe(EngineErrorKind.NotFound);
        missing.IsNotFound.ShouldBeTrue();
        missing.Message.ShouldContain("No such container");
        missing.Fix!.ShouldContain("docker ps -a");
    }

    [Fact]
    public async Task A_missing_image_is_not_found_with_a_fix()
    {
        var error = await Should.ThrowAsync<EngineException>(() => engine.Client.CreateContainerAsync(
            new ContainerCreateRequest { Image = "drydock-test/does-not-exist:1", Labels = new() { [EngineFixture.RunLabel] = TestContainer.NewRunId() } }, null, Timeout));
        error.Kind.ShouldBe(EngineErrorKind.NotFound);
        error.Fix!.ShouldContain("docker images");
    }

    private async Task<ContainerDetails> WaitForHealthAsync(string id, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var details = await engine.Client.InspectContainerAsync(id, Timeout);
            if (details.State?.Health?.Status == status || DateTime.UtcNow > deadline)
            {
                return details;
            }
            await Task.Delay(200);
        }
    }
}
