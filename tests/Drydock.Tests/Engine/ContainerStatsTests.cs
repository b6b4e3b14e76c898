using Drydock.Engine;
using Drydock.Tests.Engine.Support;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Engine;

[Trait("Category", EngineFixture.Category)]
public sealed class ContainerStatsTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private const long MemoryLimit = 64 * 1024 * 1024;

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token;

    [Fact]
    public async Task A_sample_carries_the_docker_stats_inputs_and_its_values_are_sane()
    {
        // Half a CPU of busy loop, 64 MiB limit, 8 MiB held in a tmpfs file (counted as the container's memory).
        await using var container = await TestContainer.RunAsync(engine.Client, ["sh", "-c", "head -c 8388608 /dev/zero > /dev/shm/held; echo looping; while :; do :; done"], request => request with
        {
            HostConfig = new HostConfig { Memory = MemoryLimit, NanoCpus = 500_000_000 },
        });
        // Sampled once the memory is held and the loop runs (its log line says so), not after a guessed delay.
        await foreach (var line in engine.Client.ReadContainerLogsAsync(container.Id, new ContainerLogOptions { Follow = true }, Timeout))
        {
            if (line.Text == "looping")
            {
                break;
            }
        }
        var info = await engine.Client.GetSystemInfoAsync(Timeout);

        var sample = await engine.Client.GetContainerStatsAsync(container.Id, oneShot: false, Timeout);

        sample.Id.ShouldBe(container.Id);
        sample.Name.ShouldBe("/" + container.Name);
        sample.Read.ShouldNotBeNull().ShouldBeGreaterThan(sample.Preread.ShouldNotBeNull());
        var cpu = sample.CpuStats.ShouldNotBeNull();
        var previous = sample.PrecpuStats.ShouldNotBeNull();
        cpu.SystemCpuUsage.ShouldNotBeNull().ShouldBeGreaterThan(previous.SystemCpuUsage.ShouldNotBeNull());
        cpu.CpuUsage!.TotalUsage.ShouldBeGreaterThan(previous.CpuUsage!.TotalUsage);
        cpu.OnlineCpus.ShouldBe((uint)info.NCPU);
        // docker stats shows 100% per full CPU; the limit is half of one. The floor is low because this machine
        // is shared: a busy loop may get far less than its limit, but never more.
        sample.CpuPercent().ShouldBeInRange(1, 55);

        var memory = sample.MemoryStats.ShouldNotBeNull();
        memory.Limit.ShouldBe((ulong)MemoryLimit);
        memory.Stats.ShouldNotBeNull();
        if (info.CgroupVersion == "1")
        {
            memory.Stats.ShouldContainKey("total_inactive_file");
            memory.Stats.ShouldContainKey("cache");
        }
        else
        {
            memory.Stats.ShouldContainKey("inactive_file");
            memory.Stats.ShouldContainKey("anon");
        }
        var used = sample.MemoryUsedBytes();
        used.ShouldBeLessThanOrEqualTo(memory.Usage);
        used.ShouldBeInRange(8UL * 1024 * 1024, (ulong)MemoryLimit);
        sample.MemoryPercent().ShouldBe((double)used / MemoryLimit * 100, 0.0001);
        sample.PidsStats.ShouldNotBeNull().Current.ShouldBeGreaterThanOrEqualTo(1UL);
        sample.Networks.ShouldNotBeNull().ShouldContainKey("eth0");
    }

    [Fact]
    public async Task One_shot_answers_at_once_and_streaming_yields_a_sample_a_second()
    {
        await using var container = await TestContainer.IdleAsync(engine.Client);

        var oneShot = await engine.Client.GetContainerStatsAsync(container.Id, oneShot: true, Timeout);
        oneShot.MemoryStats.ShouldNotBeNull().Usage.ShouldBeGreaterThan(0UL);
        oneShot.CpuStats.ShouldNotBeNull().SystemCpuUsage.ShouldNotBeNull().ShouldBeGreaterThan(0UL);

        var samples = new List<ContainerStats>();
        await foreach (var sample in engine.Client.StreamContainerStatsAsync(container.Id, Timeout))
        {
            samples.Add(sample);
            if (samples.Count == 3)
            {
                break;
            }
        }
        var gaps = samples.Zip(samples.Skip(1), (a, b) => b.Read!.Value - a.Read!.Value).ToList();
        gaps.ShouldAllBe(gap => gap > TimeSpan.FromSeconds(0.5) && gap < TimeSpan.FromSeconds(6));
        samples.Skip(1).ShouldAllBe(s => s.CpuPercent() >= 0 && s.CpuPercent() < 50, "an idle sleep uses next to no CPU");
        samples.ShouldAllBe(s => s.MemoryUsedBytes() > 0);
    }
}
