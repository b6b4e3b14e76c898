using Drydock.Catalog;
using Drydock.Engine;
using Drydock.Findings;
using Drydock.Text;
using Drydock.Verification.Posture;
using Drydock.Verification.Posture.Rules;

namespace Drydock.Tests.Verification.Posture;

/// <summary>Each RT rule on hand-built inspect output: a hardened container passes, one setting changed makes it fire.</summary>
public sealed class RuntimePostureRuleTests
{
    private static readonly SourceSpan ServiceSpan = SourceSpan.Lines("compose.yaml", 4, 12);

    /// <summary>Passes every RT rule (with a non-root user); the engine tests run a container with it.</summary>
    internal static readonly HostConfig HardenedHost = new()
    {
        ReadonlyRootfs = true,
        CapDrop = ["ALL"],
        CapAdd = ["NET_BIND_SERVICE"],
        SecurityOpt = ["no-new-privileges:true"],
        Memory = 64 * 1024 * 1024,
        NanoCpus = 500_000_000,
        PidsLimit = 100,
        RestartPolicy = new RestartPolicy { Name = "unless-stopped" },
        PortBindings = new() { ["8080/tcp"] = [new PortBinding { HostIp = "127.0.0.1", HostPort = "8080" }] },
    };

    private static RuntimePostureModel Model(Func<HostConfig, HostConfig>? change = null, int? uid = 1000, NetworkSettings? network = null) =>
        new("web", ServiceSpan, new ContainerDetails
        {
            Id = "c0ffee",
            Config = new ContainerConfig { User = "1000" },
            HostConfig = change?.Invoke(HardenedHost) ?? HardenedHost,
            NetworkSettings = network,
        }, uid);

    private static List<Finding> Run(IRule<RuntimePostureModel> rule, RuntimePostureModel model) => rule.Check(model).ToList();

    [Fact]
    public void Every_rule_is_in_the_catalog_with_help_a_cis_alias_and_a_unique_id()
    {
        RuntimePostureRules.Descriptors.Select(rule => rule.Id).ShouldBe(Enumerable.Range(1, 11).Select(i => $"RT{i:000}"));
        foreach (var rule in RuntimePostureRules.Descriptors)
        {
            RuleCatalog.Find(rule.Id).ShouldBe(rule);
            rule.Help.Length.ShouldBeGreaterThan(60);
            rule.Aliases.ShouldContain(alias => alias.StartsWith("CIS-", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_hardened_container_has_no_findings()
    {
        RuntimePostureRules.Check(Model()).ShouldBeEmpty();
    }

    [Fact]
    public void Findings_point_at_the_service_in_the_compose_file()
    {
        var finding = RuntimePostureRules.Check(Model(uid: 0)).Single();
        finding.Span.ShouldBe(ServiceSpan);
        finding.Rule.Id.ShouldBe("RT001");
    }

    [Fact]
    public void RT001_root_main_process_and_where_the_uid_came_from()
    {
        Run(new RootProcessRule(), Model(uid: 0)).Single().Message.ShouldBe("service 'web' runs as root (uid 0, main process)");
        var fallback = Model(uid: 0) with { UidSource = "configured user ''; listing its processes failed: gone" };
        Run(new RootProcessRule(), fallback).Single().Message.ShouldContain("configured user ''");
        Run(new RootProcessRule(), Model(uid: 1000)).ShouldBeEmpty();
        Run(new RootProcessRule(), Model(uid: null)).ShouldBeEmpty();
    }

    [Fact]
    public void RT002_writable_root_filesystem()
    {
        var finding = Run(new WritableRootFilesystemRule(), Model(host => host with { ReadonlyRootfs = false })).Single();
        (finding.Severity, finding.FixHint).ShouldBe((Severity.Info, "read_only: true"));
        Run(new WritableRootFilesystemRule(), Model()).ShouldBeEmpty();
    }

    [Fact]
    public void RT003_privileged()
    {
        Run(new PrivilegedRule(), Model(host => host with { Privileged = true })).Single().Severity.ShouldBe(Severity.Error);
        Run(new PrivilegedRule(), Model()).ShouldBeEmpty();
    }

    [Fact]
    public void RT004_dangerous_capabilities_by_severity_in_either_spelling()
    {
        var findings = Run(new DangerousCapabilityRule(), Model(host => host with { CapAdd = ["CAP_SYS_ADMIN", "net_admin", "CHOWN", "ALL"] }));
        findings.Select(finding => (finding.Severity, finding.Message.Split(':')[0])).ShouldBe(
        [
            (Severity.Error, "service 'web' runs with SYS_ADMIN added"),
            (Severity.Warning, "service 'web' runs with NET_ADMIN added"),
            (Severity.Error, "service 'web' runs with ALL added"),
        ]);
        Run(new DangerousCapabilityRule(), Model()).ShouldBeEmpty();
    }

    [Fact]
    public void RT005_capabilities_not_dropped_unless_privileged()
    {
        Run(new CapabilitiesNotDroppedRule(), Model(host => host with { CapDrop = null })).Single().Message
            .ShouldBe("service 'web' keeps the engine's default capabilities (CapDrop: none)");
        Run(new CapabilitiesNotDroppedRule(), Model(host => host with { CapDrop = ["NET_RAW", "CAP_MKNOD"] })).Single().Message.ShouldContain("(CapDrop: NET_RAW, MKNOD)");
        Run(new CapabilitiesNotDroppedRule(), Model(host => host with { CapDrop = ["CAP_ALL"] })).ShouldBeEmpty();
        Run(new CapabilitiesNotDroppedRule(), Model(host => host with { CapDrop = null, Privileged = true })).ShouldBeEmpty();
    }

    [Fact]
    public void RT005_takes_podmans_spelling_of_cap_drop_all_every_default_by_name()
    {
        // What Podman 4.3's inspect reports for `cap_drop: [ALL]` (examples/notes on Podman).
        string[] podmanDropAll = ["CAP_AUDIT_WRITE", "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_MKNOD",
            "CAP_NET_BIND_SERVICE", "CAP_NET_RAW", "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID", "CAP_SYS_CHROOT"];
        Run(new CapabilitiesNotDroppedRule(), Model(host => host with { CapDrop = podmanDropAll })).ShouldBeEmpty();
        // One default kept is not "all dropped".
        Run(new CapabilitiesNotDroppedRule(), Model(host => host with { CapDrop = podmanDropAll.Where(cap => cap != "CAP_NET_RAW").ToArray() }))
            .Single().Message.ShouldContain("CapDrop: AUDIT_WRITE, CHOWN");
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("seccomp=unconfined", true)]
    [InlineData("no-new-privileges:false", true)]
    [InlineData("no-new-privileges", false)]
    [InlineData("no-new-privileges:true", false)]
    [InlineData("no-new-privileges=true", false)]
    public void RT006_no_new_privileges(string? option, bool fires)
    {
        var findings = Run(new NoNewPrivilegesRule(), Model(host => host with { SecurityOpt = option is null ? null : [option] }));
        findings.Count.ShouldBe(fires ? 1 : 0);
        if (fires)
        {
            findings[0].Message.ShouldContain($"(SecurityOpt: {option ?? "none"})");
        }
    }

    [Fact]
    public void RT007_a_port_on_every_interface_is_reported_once_for_its_ipv4_and_ipv6_bindings()
    {
        var network = new NetworkSettings
        {
            Ports = new()
            {
                ["8080/tcp"] = [new PortBinding { HostIp = "0.0.0.0", HostPort = "8080" }, new PortBinding { HostIp = "::", HostPort = "8080" }],
                ["9090/tcp"] = [new PortBinding { HostIp = "127.0.0.1", HostPort = "9090" }],
                ["53/udp"] = [new PortBinding { HostIp = "", HostPort = "5353" }],
                ["6379/tcp"] = null,
            },
        };
        var findings = Run(new PortOnAllInterfacesRule(), Model(network: network));
        findings.Select(finding => (finding.Message, finding.FixHint)).ShouldBe(
        [
            ("service 'web' publishes 0.0.0.0:5353->53/udp on every interface of the host", "\"127.0.0.1:5353:53\""),
            ("service 'web' publishes 0.0.0.0:8080->8080/tcp on every interface of the host", "\"127.0.0.1:8080:8080\""),
        ]);
        Run(new PortOnAllInterfacesRule(), Model()).ShouldBeEmpty();
    }

    [Fact]
    public void RT008_no_memory_limit()
    {
        Run(new NoMemoryLimitRule(), Model(host => host with { Memory = 0 })).Single().Message.ShouldContain("(Memory is 0)");
        Run(new NoMemoryLimitRule(), Model()).ShouldBeEmpty();
    }

    [Fact]
    public void RT009_no_cpu_limit_and_a_quota_counts_as_one()
    {
        Run(new NoCpuLimitRule(), Model(host => host with { NanoCpus = 0 })).Single().Rule.Id.ShouldBe("RT009");
        Run(new NoCpuLimitRule(), Model(host => host with { NanoCpus = 0, CpuQuota = 50_000 })).ShouldBeEmpty();
        Run(new NoCpuLimitRule(), Model()).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(null, "unset")]
    [InlineData(0L, "0")]
    [InlineData(-1L, "-1")]
    public void RT010_no_pids_limit_in_each_of_the_engines_spellings(long? limit, string shown)
    {
        Run(new NoPidsLimitRule(), Model(host => host with { PidsLimit = limit })).Single().Message.ShouldContain($"(PidsLimit is {shown})");
        Run(new NoPidsLimitRule(), Model()).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("no", true)]
    [InlineData("always", false)]
    [InlineData("on-failure", false)]
    public void RT011_no_restart_policy(string? name, bool fires)
    {
        var findings = Run(new NoRestartPolicyRule(), Model(host => host with { RestartPolicy = name is null ? null : new RestartPolicy { Name = name } }));
        findings.Count.ShouldBe(fires ? 1 : 0);
        if (fires)
        {
            findings[0].Message.ShouldBe("service 'web' runs with restart policy 'no': it stays down after a crash or a host reboot");
        }
    }

    [Fact]
    public void Facts_describe_the_settings_whether_or_not_a_rule_objects()
    {
        var facts = PostureFacts.From(Model(host => host with
        {
            CpuQuota = 150_000,
            CpuPeriod = 100_000,
            NanoCpus = 0,
            CapAdd = ["CAP_NET_BIND_SERVICE"],
            RestartPolicy = new RestartPolicy { Name = "on-failure", MaximumRetryCount = 5 },
            PortBindings = new() { ["8080/tcp"] = [new PortBinding { HostIp = "::", HostPort = "18080" }], ["9090/tcp"] = [new PortBinding { HostIp = "127.0.0.1", HostPort = "9090" }] },
        }));
        (facts.EffectiveUid, facts.ReadOnlyRootfs, facts.Privileged, facts.NoNewPrivileges, facts.MemoryLimitBytes, facts.CpuLimit, facts.PidsLimit, facts.RestartPolicy)
            .ShouldBe((1000, true, false, true, 64L * 1024 * 1024, 1.5, 100L, "on-failure:5"));
        facts.CapAdd.ShouldBe(["NET_BIND_SERVICE"]);
        facts.CapDrop.ShouldBe(["ALL"]);
        facts.PublishedPorts.ShouldBe(["[::]:18080->8080/tcp", "127.0.0.1:9090->9090/tcp"]);

        var bare = PostureFacts.From(new RuntimePostureModel("db", ServiceSpan, new ContainerDetails(), 0));
        (bare.EffectiveUid, bare.ReadOnlyRootfs, bare.Privileged, bare.NoNewPrivileges, bare.MemoryLimitBytes, bare.CpuLimit, bare.PidsLimit, bare.RestartPolicy)
            .ShouldBe((0, false, false, false, (long?)null, (double?)null, (long?)null, "no"));
        (bare.CapAdd.Count, bare.CapDrop.Count, bare.PublishedPorts.Count).ShouldBe((0, 0, 0));
    }

    [Theory]
    [InlineData(null, 0)]
    [InlineData("", 0)]
    [InlineData("root", 0)]
    [InlineData("0:0", 0)]
    [InlineData("1000", 1000)]
    [InlineData("999:999", 999)]
    [InlineData("app", null)]
    public void A_configured_user_gives_a_uid_only_when_it_can_be_told_without_the_image(string? user, int? uid)
    {
        RuntimePostureReader.UidOfConfiguredUser(user).ShouldBe(uid);
    }

    [Fact]
    public void The_main_process_is_the_containers_pid_else_the_lowest()
    {
        var top = new ContainerTop
        {
            Titles = ["PID", "UID", "COMMAND"],
            Processes = [["4321", "1000", "worker"], ["1234", "0", "init"], ["5555", "x", "odd"]],
        };
        RuntimePostureReader.MainProcess(top, 4321).ShouldBe((4321, 1000, "worker"));
        RuntimePostureReader.MainProcess(top, 9999).ShouldBe((1234, 0, "init"));
        RuntimePostureReader.MainProcess(top with { Titles = ["PID", "COMMAND"] }, 1234).ShouldBeNull();
        RuntimePostureReader.MainProcess(new ContainerTop { Titles = ["PID", "UID"] }, null).ShouldBeNull();
    }
}
