using Drydock.Verification.Load;

namespace Drydock.Tests.Verification.Load;

[Collection(LoadTimingCollection.Name)]
public sealed class LoadDiagnosisTests
{
    [Fact]
    public async Task An_open_rate_the_connections_cannot_carry_is_reported_with_its_cause()
    {
        // One connection, 20 ms per answer: at most ~50/s, but 200/s were asked. Every assertion follows from the
        // answer's delay being a lower bound, so a loaded machine only makes the shortfall larger.
        await using var server = new TestHttpServer(_ => new Reply(Delay: TimeSpan.FromMilliseconds(20)));
        var result = await LoadGenerator.RunAsync(new LoadOptions
        {
            Target = server.Url,
            Model = LoadModel.Open,
            Rate = 200,
            Connections = 1,
            Duration = TimeSpan.FromMilliseconds(500),
            RequestTimeout = TimeSpan.FromMilliseconds(300),
        });

        result.Dropped.ShouldBeGreaterThan(0);
        result.AchievedRate.ShouldBeLessThan(150);
        result.Warnings.ShouldContain(warning => warning.StartsWith("the open model sent ", StringComparison.Ordinal) && warning.Contains("of the 200 asked", StringComparison.Ordinal));
        result.Warnings.ShouldContain(warning => warning.StartsWith("with 1 connections and ", StringComparison.Ordinal) && warning.Contains("raise connections", StringComparison.Ordinal));
        // Every due request is either sent or dropped (after waiting 300 ms for the connection).
        (result.Sent + result.Dropped).ShouldBe(100);
    }

    [Fact]
    public async Task A_generator_that_fills_the_cpu_or_idles_the_service_is_named_as_the_bottleneck()
    {
        await using var server = new TestHttpServer();
        var result = await LoadGenerator.RunAsync(new LoadOptions { Target = server.Url, Connections = 1, MaxRequests = 10 });
        // The process's CPU includes whatever else runs in it (here, other tests), so judge set usages.
        var calm = result with { Generator = new GeneratorUsage(CpuSeconds: 0.2, WallSeconds: 1, ProcessorCount: 2) };
        LoadDiagnosis.Assess(calm).ShouldBeEmpty();
        LoadDiagnosis.Assess(calm, serviceCpuCores: 0.1).ShouldBeEmpty();

        var busy = result with { Generator = new GeneratorUsage(CpuSeconds: 1.9, WallSeconds: 1, ProcessorCount: 2) };
        busy.Generator.Cores.ShouldBe(1.9);
        busy.Generator.MachinePercent.ShouldBe(95);
        var warnings = LoadDiagnosis.Assess(busy, serviceCpuCores: 0.1);
        warnings[0].ShouldBe("the load generator used 1.90 of 2 cores: it, not the service, is likely the bottleneck, so throughput is a lower bound and latency an upper bound.");
        warnings[1].ShouldBe("the service used only 0.10 cores while the generator was the limit: these numbers describe the generator, not the service.");
        LoadDiagnosis.Assess(busy, serviceCpuCores: 1.5).Count.ShouldBe(1);
    }
}
