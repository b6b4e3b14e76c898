using Drydock.Verification.Probes;

namespace Drydock.Tests.Verification.Probes;

/// <summary>The <c>prometheus_targets</c> probe's verdict on Prometheus' <c>/api/v1/targets</c> answers.</summary>
public sealed class PrometheusTargetsTests
{
    private static string Targets(params (string Job, string Instance, string Health, string LastError)[] targets) =>
        "{\"status\":\"success\",\"data\":{\"activeTargets\":[" + string.Join(",", targets.Select(target =>
            $"{{\"labels\":{{\"instance\":\"{target.Instance}\",\"job\":\"{target.Job}\"}},\"scrapePool\":\"{target.Job}\",\"health\":\"{target.Health}\",\"lastError\":\"{target.LastError}\"}}")) + "],\"droppedTargets\":[]}}";

    [Fact]
    public void Every_target_up_passes()
    {
        var json = Targets(("app", "app:8080", "up", ""), ("app", "app2:8080", "up", ""), ("node", "node:9100", "up", ""));
        PrometheusTargets.Judge(json, []).ShouldBe((true, "3 target(s) of 2 job(s) up"));
    }

    [Fact]
    public void An_empty_or_unsettled_list_fails_so_the_probe_waits()
    {
        PrometheusTargets.Judge(Targets(), []).ShouldBe((false, "no active targets yet"));
        PrometheusTargets.Judge(Targets(("app", "app:8080", "up", ""), ("node", "node:9100", "unknown", "")), [])
            .ShouldBe((false, "1 of 2 targets not scraped yet (unknown): node (node:9100)"));
    }

    [Fact]
    public void Down_targets_are_named_with_their_last_error()
    {
        var json = Targets(("app", "app:8080", "up", ""), ("node", "node:9100", "down", "connection refused"), ("db", "db:9187", "unknown", ""));
        PrometheusTargets.Judge(json, []).ShouldBe((false, "1 of 3 targets down: node (node:9100): connection refused"));
    }

    [Fact]
    public void Named_jobs_are_judged_alone_and_each_must_have_a_target()
    {
        var json = Targets(("app", "app:8080", "up", ""), ("node", "node:9100", "down", "connection refused"));
        PrometheusTargets.Judge(json, ["app"]).ShouldBe((true, "1 target(s) of 1 job(s) up"));
        PrometheusTargets.Judge(json, ["app", "redis"]).ShouldBe((false, "no active targets of job redis"));
        PrometheusTargets.Judge(json, ["redis"]).ShouldBe((false, "no active targets of job redis (jobs: app, node)"));
    }

    [Fact]
    public void An_answer_of_another_shape_fails_saying_so()
    {
        PrometheusTargets.Judge("{\"status\":\"success\"}", []).Detail.ShouldStartWith("not a Prometheus /api/v1/targets answer: ");
        PrometheusTargets.Judge("<html>", []).Passed.ShouldBeFalse();
    }
}
