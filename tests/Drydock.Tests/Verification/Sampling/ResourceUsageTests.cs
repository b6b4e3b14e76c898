using Drydock.Engine;
using Drydock.Verification.Sampling;

namespace Drydock.Tests.Verification.Sampling;

/// <summary>Aggregation of one-shot readings (whose own previous sample is empty) into CPU and memory figures, and the reading schedule.</summary>
public sealed class ResourceUsageTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A one-shot reading as the engine sends it on a 2-CPU host: cumulative counters, an empty previous sample.</summary>
    private static ContainerStats Reading(double seconds, ulong containerNanos, ulong memory, ulong inactiveFile = 0) => new()
    {
        Read = Start.AddSeconds(seconds),
        CpuStats = new CpuStats { CpuUsage = new CpuUsage { TotalUsage = containerNanos }, SystemCpuUsage = 1_000_000_000_000UL + (ulong)(seconds * 2e9), OnlineCpus = 2 },
        PrecpuStats = new CpuStats { CpuUsage = new CpuUsage() },
        MemoryStats = new MemoryStats { Usage = memory, Stats = new() { ["total_inactive_file"] = inactiveFile } },
    };

    /// <summary>What the engine answers for a container that has stopped: no time, no counters.</summary>
    private static readonly ContainerStats Stopped = new() { CpuStats = new CpuStats { CpuUsage = new CpuUsage() }, MemoryStats = new MemoryStats() };

    [Fact]
    public void Cpu_comes_from_consecutive_readings_and_memory_from_every_reading()
    {
        // Half a CPU in the first second, a full CPU in the second, none in the third.
        var usage = ResourceUsage.FromReadings(
        [
            Reading(0, 10_000_000_000, 10_000_000, inactiveFile: 2_000_000),
            Reading(1, 10_500_000_000, 20_000_000),
            Reading(2, 11_500_000_000, 30_000_000),
            Reading(3, 11_500_000_000, 20_000_000),
        ]);
        usage.CpuPercentAverage.ShouldBe(50.0, 1e-9);
        usage.CpuPercentPeak.ShouldBe(100.0, 1e-9);
        usage.MemoryBytesAverage.ShouldBe((8_000_000 + 20_000_000 + 30_000_000 + 20_000_000) / 4.0, 1e-6);
        usage.MemoryBytesPeak.ShouldBe(30_000_000);
        (usage.Samples, usage.HasCpu, usage.HasMemory).ShouldBe((4, true, true));
    }

    [Fact]
    public void A_single_reading_has_memory_but_no_cpu_rather_than_a_made_up_zero()
    {
        var usage = ResourceUsage.FromReadings([Reading(0, 10_000_000_000, 10_000_000)]);
        usage.CpuPercentAverage.ShouldBe(double.NaN);
        usage.CpuPercentPeak.ShouldBe(double.NaN);
        usage.MemoryBytesPeak.ShouldBe(10_000_000);
        (usage.Samples, usage.HasCpu, usage.HasMemory).ShouldBe((1, false, true));
        (usage.CpuPercentAverage < 5).ShouldBeFalse("an unknown CPU must fail a 'cpu_idle < 5%' target, not pass it");
    }

    [Fact]
    public void Readings_of_a_stopped_container_are_left_out()
    {
        var usage = ResourceUsage.FromReadings([Reading(0, 0, 4_000_000), Reading(1, 250_000_000, 4_000_000), Stopped, Stopped]);
        usage.Samples.ShouldBe(2);
        usage.CpuPercentAverage.ShouldBe(25.0, 1e-9);
        // Nothing measured: no averages, no peaks, no per-second series.
        var none = ResourceUsage.FromReadings([Stopped]);
        none.Samples.ShouldBe(0);
        none.Series.ShouldBeEmpty();
        new[] { none.CpuPercentAverage, none.CpuPercentPeak, none.MemoryBytesAverage, none.MemoryBytesPeak }.ShouldAllBe(value => double.IsNaN(value));
    }

    [Fact]
    public void An_idle_interval_is_a_measured_zero()
    {
        var usage = ResourceUsage.FromReadings([Reading(0, 5_000, 1), Reading(1, 5_000, 1)]);
        (usage.CpuPercentAverage, usage.CpuPercentPeak, usage.HasCpu).ShouldBe((0.0, 0.0, true));
    }

    [Fact]
    public void The_selector_keeps_readings_an_interval_apart_and_stops_at_the_end_of_the_window()
    {
        // The engine's ticks, a little more than a second apart.
        var ticks = Enumerable.Range(0, 12).Select(i => Reading(i * 1.003, (ulong)i * 1_000_000, 1)).ToList();

        var everySecond = Select(new ReadingSelector(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1)), ticks);
        everySecond.Kept.Select(reading => reading.Read).ShouldBe(ticks.Take(4).Select(reading => reading.Read));
        everySecond.Outcomes.ShouldBe([ReadingSelector.Outcome.Kept, ReadingSelector.Outcome.Kept, ReadingSelector.Outcome.Kept, ReadingSelector.Outcome.Done]);

        var everyTwo = Select(new ReadingSelector(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2)), ticks);
        everyTwo.Kept.Select(reading => reading.Read).ShouldBe(new[] { 0, 2, 4, 5 }.Select(i => ticks[i].Read));

        var faster = Select(new ReadingSelector(TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(200)), ticks);
        faster.Kept.Count.ShouldBe(3, "the engine collects once a second: a shorter interval gets every reading");

        Select(new ReadingSelector(TimeSpan.Zero, TimeSpan.FromSeconds(1)), ticks).Kept.Count.ShouldBe(1);
    }

    [Fact]
    public void The_selector_stops_at_the_first_reading_of_a_stopped_container_and_on_the_stopwatch()
    {
        var selector = new ReadingSelector(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1));
        selector.Offer(Reading(0, 0, 1), TimeSpan.Zero).ShouldBe(ReadingSelector.Outcome.Kept);
        selector.Offer(Stopped, TimeSpan.FromSeconds(1)).ShouldBe(ReadingSelector.Outcome.Done);
        selector.Kept.Count.ShouldBe(1);

        // A reading that arrives late, after the window by the stopwatch, ends it and is kept.
        var late = new ReadingSelector(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1));
        late.Offer(Reading(0, 0, 1), TimeSpan.Zero);
        late.Offer(Reading(0.5, 0, 1), TimeSpan.FromSeconds(10.5)).ShouldBe(ReadingSelector.Outcome.Done);
        late.Kept.Count.ShouldBe(2);
    }

    [Fact]
    public void The_selector_is_bounded_whatever_the_engine_sends()
    {
        var selector = new ReadingSelector(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1));
        var offered = 0;
        while (selector.Offer(Reading(0, 0, 1), TimeSpan.Zero) != ReadingSelector.Outcome.Done && offered < 1000)
        {
            offered++;
        }
        offered.ShouldBeLessThan(20);
    }

    private static (IReadOnlyList<ContainerStats> Kept, List<ReadingSelector.Outcome> Outcomes) Select(ReadingSelector selector, IEnumerable<ContainerStats> readings)
    {
        var outcomes = new List<ReadingSelector.Outcome>();
        foreach (var reading in readings)
        {
            outcomes.Add(selector.Offer(reading, reading.Read!.Value - Start));
            if (outcomes[^1] == ReadingSelector.Outcome.Done)
            {
                break;
            }
        }
        return (selector.Kept, outcomes);
    }
}
