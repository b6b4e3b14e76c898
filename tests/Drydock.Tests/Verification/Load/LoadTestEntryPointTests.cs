using Drydock.Measurements;
using Drydock.Verification.Load.Thresholds;
using Drydock.Verification.Load;

namespace Drydock.Tests.Verification.Load;

/// <summary><see cref="LoadTest.RunAsync"/> as verify calls it: a run, then one measurement row per k6 threshold.</summary>
[Collection(LoadTimingCollection.Name)]
public sealed class LoadTestEntryPointTests
{
    private static IReadOnlyList<K6Threshold> Thresholds(params (string Metric, string Expression)[] thresholds) =>
        [.. thresholds.Select(threshold => K6ThresholdParser.Parse(threshold.Metric, threshold.Expression))];

    [Fact]
    public async Task Thresholds_become_measurement_rows_with_the_measured_values()
    {
        // Every tenth answer is a 500, and every answer takes about 2 ms.
        await using var server = new TestHttpServer(number => new Reply(number % 10 == 0 ? 500 : 200, Delay: TimeSpan.FromMilliseconds(2)));
        var outcome = await LoadTest.RunAsync(
            new LoadOptions { Target = server.Url, Connections = 2, MaxRequests = 200, Duration = TimeSpan.FromSeconds(5) },
            Thresholds(
                ("http_req_duration", "p(95)<1000"),
                ("http_req_duration", "avg<1"),
                ("http_req_duration", "med>=2"),
                ("http_req_failed", "rate<0.05"),
                ("http_reqs", "count==200"),
                ("http_reqs", "rate>1"),
                ("http_req_waiting", "max<1000")),
            service: "api");

        var rows = outcome.Measurements;
        rows.Select(row => row.Metric.Name).ShouldBe([
            "http_req_duration p(95)", "http_req_duration avg", "http_req_duration med", "http_req_failed rate",
            "http_reqs count", "http_reqs rate", "http_req_waiting max"]);
        rows.ShouldAllBe(row => row.Service == "api");
        rows.Select(row => row.Status).ShouldBe([
            MeasurementStatus.Pass, MeasurementStatus.Fail, MeasurementStatus.Pass, MeasurementStatus.Fail,
            MeasurementStatus.Pass, MeasurementStatus.Pass, MeasurementStatus.Pass]);
        outcome.Passed.ShouldBeFalse();

        var result = outcome.Result;
        rows[0].Actual.ShouldBe(result.LatencyHistogram.ValueAtPercentile(95) / 1e6);
        rows[0].Unit.Symbol().ShouldBe("ms");
        rows[0].Target!.ToString().ShouldBe("< 1000 ms");
        rows[1].Actual.ShouldBe(result.Latency.MeanMs);
        rows[3].Actual.ShouldBe(0.1);
        rows[3].Unit.Symbol().ShouldBe("rate");
        rows[3].Target!.ToString().ShouldBe("< 5%");
        rows[3].ActualText.ShouldBe("10%");
        rows[4].Actual.ShouldBe(200);
        rows[5].Actual.ShouldBe(200 / result.ElapsedSeconds);
        rows[5].Unit.Symbol().ShouldBe("/s");
    }

    [Fact]
    public async Task Trend_thresholds_without_any_answer_fail_and_say_why()
    {
        var outcome = await LoadTest.RunAsync(
            new LoadOptions
            {
                Target = new Uri($"http://127.0.0.1:{TestHttpServer.UnusedPort()}"),
                Connections = 1,
                MaxRequests = 3,
                Duration = TimeSpan.FromSeconds(2),
            },
            Thresholds(("http_req_duration", "p(99)<100"), ("http_req_failed", "rate<0.5")));

        outcome.Measurements[0].Status.ShouldBe(MeasurementStatus.Fail);
        outcome.Measurements[0].Actual.ShouldBeNull();
        outcome.Measurements[0].Detail.ShouldBe("no answers were measured for http_req_duration (3 requests sent, 3 transport errors)");
        outcome.Measurements[1].Actual.ShouldBe(1);
        outcome.Measurements[1].Status.ShouldBe(MeasurementStatus.Fail);
    }

    [Fact]
    public async Task The_report_data_is_json_with_every_section()
    {
        await using var server = new TestHttpServer();
        var outcome = await LoadTest.RunAsync(
            new LoadOptions { Target = server.Url, Model = LoadModel.Open, Rate = 100, Duration = TimeSpan.FromMilliseconds(200) },
            []);
        outcome.Measurements.ShouldBeEmpty();
        outcome.Passed.ShouldBeTrue();
        var json = outcome.Result.ToJson();
        json["model"]!.GetValue<string>().ShouldBe("open");
        json["targetRate"]!.GetValue<double>().ShouldBe(100);
        json["sent"]!.GetValue<long>().ShouldBe(20);
        json["statuses"]!["2xx"]!.GetValue<long>().ShouldBe(20);
        json["errors"]!["connect"]!.GetValue<long>().ShouldBe(0);
        json["latency"]!["p999Ms"]!.GetValue<double>().ShouldBeGreaterThan(0);
        json["timeline"]!.AsArray().Count.ShouldBeGreaterThanOrEqualTo(1);
        json["generator"]!["processorCount"]!.GetValue<int>().ShouldBe(Environment.ProcessorCount);
        json.ToJsonString().ShouldContain("\"stoppedBy\":\"duration\"");
    }
}
