using System.Text.Json;
using Drydock.Engine;

namespace Drydock.Tests.Engine;

/// <summary>The engine's JSON and time formats, and the <c>docker stats</c> formulas, on hand-made samples.</summary>
public sealed class EngineModelTests
{
    private const string CgroupV1Sample = """
        {
          "read": "2024-05-07T21:09:37.5Z", "preread": "2024-05-07T21:09:36.5Z",
          "id": "abc", "name": "/web",
          "pids_stats": { "current": 7, "limit": 100 },
          "cpu_stats": {
            "cpu_usage": { "total_usage": 2000000000, "percpu_usage": [1200000000, 800000000], "usage_in_kernelmode": 300000000, "usage_in_usermode": 1700000000 },
            "system_cpu_usage": 40000000000, "online_cpus": 2,
            "throttling_data": { "periods": 10, "throttled_periods": 3, "throttled_time": 5000 }
          },
          "precpu_stats": { "cpu_usage": { "total_usage": 1500000000 }, "system_cpu_usage": 38000000000, "online_cpus": 2 },
          "memory_stats": {
            "usage": 104857600, "max_usage": 157286400, "limit": 209715200, "failcnt": 0,
            "stats": { "cache": 31457280, "rss": 73400320, "total_inactive_file": 20971520, "inactive_file": 5242880 }
          },
          "blkio_stats": { "io_service_bytes_recursive": [ { "major": 8, "minor": 0, "op": "Read", "value": 4096 } ] },
          "networks": { "eth0": { "rx_bytes": 1000, "rx_packets": 10, "tx_bytes": 2000, "tx_packets": 20 } }
        }
        """;

    private const string CgroupV2Sample = """
        {
          "cpu_stats": { "cpu_usage": { "total_usage": 3000000000 }, "system_cpu_usage": 100000000000, "online_cpus": 4 },
          "precpu_stats": { "cpu_usage": { "total_usage": 2000000000 }, "system_cpu_usage": 96000000000, "online_cpus": 4 },
          "memory_stats": { "usage": 104857600, "limit": 1073741824, "stats": { "anon": 62914560, "file": 41943040, "inactive_file": 31457280 } }
        }
        """;

    [Fact]
    public void Cgroup_v1_cpu_percent_uses_the_previous_reading_and_the_online_cpus()
    {
        var sample = Parse(CgroupV1Sample);
        // (2.0e9 - 1.5e9) / (40e9 - 38e9) * 2 CPUs * 100 = 50 %.
        sample.CpuPercent().ShouldBe(50.0, 1e-9);
        sample.CpuStats!.ThrottlingData!.ThrottledPeriods.ShouldBe(3UL);
        sample.PidsStats!.Current.ShouldBe(7UL);
        sample.BlkioStats!.IoServiceBytesRecursive![0].Value.ShouldBe(4096UL);
        sample.Networks!["eth0"].TxBytes.ShouldBe(2000UL);
        sample.Read.ShouldBe(new DateTimeOffset(2024, 5, 7, 21, 9, 37, 500, TimeSpan.Zero));
    }

    [Fact]
    public void Cgroup_v1_memory_excludes_total_inactive_file()
    {
        var sample = Parse(CgroupV1Sample);
        // 100 MiB usage - 20 MiB total_inactive_file (not the cgroup-local inactive_file) = 80 MiB, of a 200 MiB limit.
        sample.MemoryUsedBytes().ShouldBe(80UL * 1024 * 1024);
        sample.MemoryPercent().ShouldBe(40.0, 1e-9);
        sample.MemoryStats!.MaxUsage.ShouldBe(150UL * 1024 * 1024);
    }

    [Fact]
    public void Cgroup_v2_memory_excludes_inactive_file_and_cpu_uses_the_online_cpus()
    {
        var sample = Parse(CgroupV2Sample);
        sample.MemoryUsedBytes().ShouldBe(70UL * 1024 * 1024);
        sample.MemoryPercent().ShouldBe(70.0 / 1024 * 100, 1e-9);
        // (3e9 - 2e9) / (100e9 - 96e9) * 4 * 100 = 100 %: one full CPU.
        sample.CpuPercent().ShouldBe(100.0, 1e-9);
    }

    [Fact]
    public void Edge_cases_follow_the_docker_cli()
    {
        // No online_cpus: the number of per-CPU counters stands in.
        Parse("""{"cpu_stats":{"cpu_usage":{"total_usage":300,"percpu_usage":[1,2,3]},"system_cpu_usage":1000},"precpu_stats":{"cpu_usage":{"total_usage":0},"system_cpu_usage":0}}""")
            .CpuPercent().ShouldBe(300.0 / 1000 * 3 * 100, 1e-9);
        // Without the host's CPU counter (or any CPU stats) there is no percentage: 0, as the CLI shows.
        Parse("""{"cpu_stats":{"cpu_usage":{"total_usage":100}},"precpu_stats":{}}""").CpuPercent().ShouldBe(0);
        Parse("{}").CpuPercent().ShouldBe(0);
        // Inactive file above usage (it happens on v1): usage minus the cgroup-local inactive_file, as the CLI does.
        Parse("""{"memory_stats":{"usage":100,"stats":{"total_inactive_file":500,"inactive_file":30}}}""").MemoryUsedBytes().ShouldBe(70UL);
        Parse("""{"memory_stats":{"usage":100,"stats":{"inactive_file":500}}}""").MemoryUsedBytes().ShouldBe(100UL);
        Parse("""{"memory_stats":{"usage":100}}""").MemoryUsedBytes().ShouldBe(100UL);
        Parse("""{"memory_stats":{"usage":100}}""").MemoryPercent().ShouldBe(0);
    }

    [Theory]
    [InlineData("2024-05-07T21:09:36.123456789Z", 2024, 5, 7, 21, 9, 36, 1234567, 0)]
    [InlineData("2024-05-07T21:09:36Z", 2024, 5, 7, 21, 9, 36, 0, 0)]
    [InlineData("2024-05-07T21:09:36.5Z", 2024, 5, 7, 21, 9, 36, 5000000, 0)]
    [InlineData("2024-05-07T23:09:36.25+02:00", 2024, 5, 7, 23, 9, 36, 2500000, 120)]
    [InlineData("2024-05-07T18:09:36-03:00", 2024, 5, 7, 18, 9, 36, 0, -180)]
    public void Rfc3339_times_with_up_to_nine_fraction_digits_parse(string text, int year, int month, int day, int hour, int minute, int second, long ticks, int offsetMinutes)
    {
        DockerTime.TryParse(text, out var value).ShouldBeTrue();
        value.ShouldBe(new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.FromMinutes(offsetMinutes)).AddTicks(ticks));
    }

    [Theory]
    [InlineData("2024-05-07 21:09:36Z")]
    [InlineData("2024-05-07T21:09:36")]
    [InlineData("2024-05-07T21:09:36.Z")]
    [InlineData("2024-13-07T21:09:36Z")]
    [InlineData("2024-05-07T21:09:36+2:00")]
    [InlineData("yesterday")]
    public void Other_text_is_not_a_time(string text) => DockerTime.TryParse(text, out _).ShouldBeFalse();

    [Fact]
    public void Query_times_are_unix_seconds_with_nanoseconds_and_gos_zero_time_means_never()
    {
        DockerTime.ToUnixQuery(DateTimeOffset.FromUnixTimeSeconds(1700000000).AddTicks(1234567)).ShouldBe("1700000000.123456700");
        DockerTime.ToUnixQuery(DateTimeOffset.FromUnixTimeSeconds(-1).AddTicks(2500000)).ShouldBe("-1.250000000");
        var state = JsonSerializer.Deserialize("""{"Status":"created","StartedAt":"0001-01-01T00:00:00Z","FinishedAt":""}""", EngineJsonContext.Default.ContainerState)!;
        state.StartedAt.ShouldBeNull();
        state.FinishedAt.ShouldBeNull();
    }

    [Fact]
    public void Health_check_durations_are_nanoseconds_both_ways()
    {
        var request = new ContainerCreateRequest { Image = "x", Healthcheck = new HealthConfig { Test = ["CMD", "true"], Interval = TimeSpan.FromMilliseconds(1500), StartPeriod = TimeSpan.FromSeconds(30) } };
        var json = JsonSerializer.Serialize(request, EngineJsonContext.Default.ContainerCreateRequest);
        json.ShouldContain("\"Interval\":1500000000");
        json.ShouldContain("\"StartPeriod\":30000000000");
        json.ShouldNotContain("\"Timeout\"");
        json.ShouldNotContain("\"HostConfig\"");
        var back = JsonSerializer.Deserialize(json, EngineJsonContext.Default.ContainerCreateRequest)!;
        back.Healthcheck!.Interval.ShouldBe(TimeSpan.FromMilliseconds(1500));
    }

    [Theory]
    // Go's os.FileMode: 0o755 regular; dir bit 1<<31; symlink 1<<27; setuid 1<<23, setgid 1<<22, sticky 1<<20.
    [InlineData(0x1EDu, false, false, true, 0x1ED)]
    [InlineData(0x800001EDu, true, false, false, 0x1ED)]
    [InlineData(0x080001FFu, false, true, false, 0x1FF)]
    [InlineData(0x008001EDu, false, false, true, 0x9ED)]
    [InlineData(0x004001EDu, false, false, true, 0x5ED)]
    [InlineData(0x801001FFu, true, false, false, 0x3FF)]
    public void Go_file_modes_become_unix_permissions(uint mode, bool directory, bool link, bool regular, int permissions)
    {
        var stat = new ContainerPathStat { Mode = mode };
        (stat.IsDirectory, stat.IsSymbolicLink, stat.IsRegularFile, stat.UnixPermissions).ShouldBe((directory, link, regular, permissions));
    }

    private static ContainerStats Parse(string json) => JsonSerializer.Deserialize(json, StatsJsonContext.Default.ContainerStats)!;
}
