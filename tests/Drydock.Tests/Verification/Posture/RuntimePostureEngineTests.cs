using Drydock.Engine;
using Drydock.Tests.Engine.Support;
using Drydock.Tests.TestSupport;
using Drydock.Text;
using Drydock.Verification.Posture;

namespace Drydock.Tests.Verification.Posture;

[Trait("Category", EngineFixture.Category)]
public sealed class RuntimePostureEngineTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private static readonly SourceSpan ServiceSpan = SourceSpan.Lines("compose.yaml", 3, 9);

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token;

    [Fact]
    public async Task A_hardened_container_has_no_findings_and_runs_as_its_user()
    {
        await using var container = await TestContainer.IdleAsync(engine.Client, request => request with
        {
            User = "1000",
            ExposedPorts = new() { ["8080/tcp"] = new EmptyObject() },
            // The engine picks a free host port, on loopback only.
            HostConfig = RuntimePostureRuleTests.HardenedHost with { PortBindings = new() { ["8080/tcp"] = [new PortBinding { HostIp = "127.0.0.1", HostPort = "" }] } },
        });

        var model = await RuntimePostureReader.ReadAsync(engine.Client, container.Id, "web", ServiceSpan, Timeout);

        (model.EffectiveUid, model.UidSource).ShouldBe((1000, "main process 'sleep'"));
        RuntimePostureRules.Check(model).ShouldBeEmpty();
        var facts = PostureFacts.From(model);
        (facts.ReadOnlyRootfs, facts.NoNewPrivileges, facts.MemoryLimitBytes, facts.CpuLimit, facts.PidsLimit, facts.RestartPolicy)
            .ShouldBe((true, true, 64L * 1024 * 1024, 0.5, 100L, "unless-stopped"));
        (facts.CapAdd.Single(), facts.CapDrop.Single()).ShouldBe(("NET_BIND_SERVICE", "ALL"));
        facts.PublishedPorts.ShouldHaveSingleItem().ShouldMatch(@"^127\.0\.0\.1:[1-9][0-9]*->8080/tcp$");
    }

    [Fact]
    public async Task A_default_container_runs_as_root_with_the_engines_defaults()
    {
        await using var container = await TestContainer.IdleAsync(engine.Client);

        var model = await RuntimePostureReader.ReadAsync(engine.Client, container.Id, "db", ServiceSpan, Timeout);

        model.EffectiveUid.ShouldBe(0);
        var findings = RuntimePostureRules.Check(model);
        findings.Select(finding => finding.Rule.Id).ShouldBe(["RT001", "RT002", "RT005", "RT006", "RT008", "RT009", "RT010", "RT011"]);
        findings.ShouldAllBe(finding => finding.Span == ServiceSpan);
        findings[0].Message.ShouldBe("service 'db' runs as root (uid 0, main process 'sleep')");
    }

    [Fact]
    public async Task The_uid_of_a_container_that_is_not_running_falls_back_to_its_configured_user_and_says_so()
    {
        await using var container = await TestContainer.IdleAsync(engine.Client, request => request with { User = "999:999" });
        await engine.Client.StopContainerAsync(container.Id, TimeSpan.Zero, Timeout);

        var error = await Should.ThrowAsync<EngineException>(() => engine.Client.TopContainerAsync(container.Id, RuntimePostureReader.ProcessColumns, Timeout));
        error.IsConflict.ShouldBeTrue();

        var model = await RuntimePostureReader.ReadAsync(engine.Client, container.Id, "cache", ServiceSpan, Timeout);
        model.EffectiveUid.ShouldBe(999);
        model.UidSource.ShouldStartWith("configured user '999:999'; listing its processes failed:");
        model.UidSource.ShouldContain("is not running");
    }

    [Fact]
    public async Task Top_lists_the_processes_with_the_requested_columns()
    {
        await using var container = await TestContainer.IdleAsync(engine.Client, request => request with { User = "1000" });

        var top = await engine.Client.TopContainerAsync(container.Id, RuntimePostureReader.ProcessColumns, Timeout);
        var details = await engine.Client.InspectContainerAsync(container.Id, Timeout);

        top.Titles.ShouldBe(["PID", "UID", "COMMAND"]);
        top.Processes.ShouldHaveSingleItem().ShouldBe([details.State!.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "1000", "sleep"]);
        RuntimePostureReader.MainProcess(top, details.State.Pid).ShouldBe((details.State.Pid, 1000, "sleep"));
    }
}
