using Drydock.Measurements;
using Drydock.Verification.Load.Thresholds;
using Drydock.Verification.Load;
using Drydock.Yaml;

namespace Drydock.Tests.Verification.Load;

public sealed class K6ThresholdTests
{
    private static IReadOnlyList<K6Threshold> FromYaml(string yaml) =>
        K6ThresholdParser.Parse(((YamlMapping)YamlLoader.Load(yaml, "drydock.yml").Root!)["thresholds"]!);

    private static DrydockException FailsYaml(string yaml) => Should.Throw<DrydockException>(() => FromYaml(yaml));

    [Theory]
    [InlineData("http_req_duration", "p(95)<500", K6Aggregation.Percentile, 95.0, Comparison.LessThan, 500.0, "http_req_duration p(95)", "ms")]
    [InlineData("http_req_duration", "p(99.9) <= 1e3", K6Aggregation.Percentile, 99.9, Comparison.LessOrEqual, 1000.0, "http_req_duration p(99.9)", "ms")]
    [InlineData("http_req_duration", "avg<200", K6Aggregation.Avg, null, Comparison.LessThan, 200.0, "http_req_duration avg", "ms")]
    [InlineData("http_req_duration", "max<1000", K6Aggregation.Max, null, Comparison.LessThan, 1000.0, "http_req_duration max", "ms")]
    [InlineData("http_req_duration", "  med < 100  ", K6Aggregation.Med, null, Comparison.LessThan, 100.0, "http_req_duration med", "ms")]
    [InlineData("http_req_duration", "min>=0.5", K6Aggregation.Min, null, Comparison.GreaterOrEqual, 0.5, "http_req_duration min", "ms")]
    [InlineData("http_req_waiting", "p(90)<50", K6Aggregation.Percentile, 90.0, Comparison.LessThan, 50.0, "http_req_waiting p(90)", "ms")]
    [InlineData("http_req_failed", "rate<0.01", K6Aggregation.Rate, null, Comparison.LessThan, 0.01, "http_req_failed rate", "rate")]
    [InlineData("http_reqs", "rate>200", K6Aggregation.Rate, null, Comparison.GreaterThan, 200.0, "http_reqs rate", "/s")]
    [InlineData("http_reqs", "count>1000", K6Aggregation.Count, null, Comparison.GreaterThan, 1000.0, "http_reqs count", "count")]
    [InlineData("http_reqs", "count===10", K6Aggregation.Count, null, Comparison.Equal, 10.0, "http_reqs count", "count")]
    [InlineData("http_reqs", "count==10", K6Aggregation.Count, null, Comparison.Equal, 10.0, "http_reqs count", "count")]
    [InlineData("dropped_iterations", "count!=0", K6Aggregation.Count, null, Comparison.NotEqual, 0.0, "dropped_iterations count", "count")]
    [InlineData("data_received", "rate>1000", K6Aggregation.Rate, null, Comparison.GreaterThan, 1000.0, "data_received rate", "B/s")]
    public void Parses_k6_expressions(string metric, string expression, K6Aggregation aggregation, double? percentile, Comparison comparison, double value, string measurementMetric, string unit)
    {
        var threshold = K6ThresholdParser.Parse(metric, expression);
        threshold.Aggregation.ShouldBe(aggregation);
        threshold.Percentile.ShouldBe(percentile);
        threshold.Comparison.ShouldBe(comparison);
        threshold.Value.ShouldBe(value);
        threshold.MeasurementMetric.Name.ShouldBe(measurementMetric);
        threshold.Unit.Symbol().ShouldBe(unit);
        threshold.Source.ShouldBe(expression.Trim());
    }

    [Theory]
    [InlineData("http_req_duration", "p95<500", "expected '(' after 'p'")]
    [InlineData("http_req_duration", "p(95<500", "expected ')'")]
    [InlineData("http_req_duration", "p()<500", "expected a number, found ')<500'")]
    [InlineData("http_req_duration", "p(101)<500", "the percentile 101 is outside 0 to 100")]
    [InlineData("http_req_duration", "p(-1)<500", "the percentile -1 is outside 0 to 100")]
    [InlineData("http_req_duration", "avg<abc", "expected a number, found 'abc'")]
    [InlineData("http_req_duration", "avg<", "expected a number, found the end")]
    [InlineData("http_req_duration", "avg 200", "expected a comparison (<, <=, >, >=, ==, === or !=) after 'avg', found '200'")]
    [InlineData("http_req_duration", "avg!200", "expected a comparison")]
    [InlineData("http_req_duration", "avg<200ms", "unexpected 'ms' after the value")]
    [InlineData("http_req_duration", "foo>20", "unknown aggregation 'foo'")]
    [InlineData("http_req_duration", "<20", "expected an aggregation such as avg, min, max, med, p(N)")]
    [InlineData("http_req_duration", "rate<0.1", "rate does not apply to http_req_duration, a k6 trend metric; use avg, min, max, med, p(N)")]
    [InlineData("http_req_duration", "count>1", "count does not apply to http_req_duration")]
    [InlineData("http_req_duration", "value<1", "'value' applies to k6 gauges")]
    [InlineData("http_req_failed", "p(95)<1", "p(95) does not apply to http_req_failed, a k6 rate metric; use rate")]
    [InlineData("http_req_failed", "count<1", "count does not apply to http_req_failed")]
    [InlineData("http_reqs", "avg>1", "avg does not apply to http_reqs, a k6 counter metric; use count, rate")]
    [InlineData("http_req_duration", "", "expected an aggregation")]
    public void Bad_expressions_say_what_is_wrong(string metric, string expression, string message)
    {
        var error = Should.Throw<DrydockException>(() => K6ThresholdParser.Parse(metric, expression));
        error.Message.ShouldStartWith($"invalid threshold for {metric}: ");
        error.Message.ShouldContain(message);
        error.Fix.ShouldNotBeNull().ShouldStartWith("k6 thresholds read aggregation, comparison, number");
    }

    [Fact]
    public void Unknown_metrics_and_sub_metrics_are_refused()
    {
        Should.Throw<DrydockException>(() => K6ThresholdParser.Parse("http_req_durations", "avg<1"))
            .Message.ShouldBe("unknown k6 metric 'http_req_durations'; the load generator measures http_req_duration, http_req_waiting, http_req_failed, http_reqs, iterations, dropped_iterations, data_sent, data_received.");
        Should.Throw<DrydockException>(() => K6ThresholdParser.Parse("http_req_duration{status:200}", "avg<1"))
            .Message.ShouldContain("sub-metric filters such as '{status:200}' are not supported");
    }

    [Fact]
    public void Reads_the_drydock_yml_form_with_spans()
    {
        var thresholds = FromYaml("""
            thresholds:
              http_req_duration: ["p(95)<500", 'avg<200', max<1000]
              http_req_failed:
                - rate<0.01
              http_reqs: "rate>200"
              data_sent:
                - threshold: count>0
                  abortOnFail: false
            """);
        thresholds.Select(threshold => threshold.ToString()).ShouldBe([
            "http_req_duration: p(95)<500", "http_req_duration: avg<200", "http_req_duration: max<1000",
            "http_req_failed: rate<0.01", "http_reqs: rate>200", "data_sent: count>0"]);
        thresholds[0].Span!.Value.ToString().ShouldBe("drydock.yml:2:23");
        thresholds[3].Span!.Value.ToString().ShouldBe("drydock.yml:4:7");
    }

    [Theory]
    // The column of the offending character, inside plain and quoted scalars.
    [InlineData("thresholds:\n  http_req_duration: [\"p(95)<5x0\"]\n", "drydock.yml:2:31", "unexpected 'x0'")]
    [InlineData("thresholds:\n  http_req_duration: ['p(95)<5x0']\n", "drydock.yml:2:31", "unexpected 'x0'")]
    [InlineData("thresholds:\n  http_req_duration:\n    - p(95)=500\n", "drydock.yml:3:12", "expected a comparison")]
    [InlineData("thresholds:\n  http_req_failed: [\"avg<1\"]\n", "drydock.yml:2:22", "avg does not apply to http_req_failed")]
    [InlineData("thresholds:\n  http_req_failed: [\"  avg<1\"]\n", "drydock.yml:2:24", "avg does not apply to http_req_failed")]
    [InlineData("thresholds:\n  http_req_duraton: [\"avg<1\"]\n", "drydock.yml:2:3", "unknown k6 metric 'http_req_duraton'")]
    [InlineData("thresholds:\n  http_req_duration: {avg: 1}\n", "drydock.yml:2:22", "must be a list of expressions, not a mapping")]
    [InlineData("thresholds:\n  http_req_duration: [[1]]\n", "drydock.yml:2:23", "must be an expression such as \"p(95)<500\", not a sequence")]
    [InlineData("thresholds: [a]\n", "drydock.yml:1:13", "thresholds must be a mapping of k6 metric names")]
    [InlineData("thresholds:\n  http_reqs:\n    - threshold: count>1\n      abortOnFail: true\n", "drydock.yml:4:7", "abortOnFail is not supported")]
    [InlineData("thresholds:\n  http_reqs:\n    - abortOnFail: false\n", "drydock.yml:3:7", "needs a 'threshold' expression")]
    [InlineData("thresholds:\n  http_reqs:\n    - threshold: count>1\n      delay: 1s\n", "drydock.yml:4:7", "unknown key 'delay'")]
    public void Errors_in_drydock_yml_point_at_their_position(string yaml, string position, string message)
    {
        var error = FailsYaml(yaml);
        error.Span.ShouldNotBeNull().ToString().ShouldBe(position);
        error.Message.ShouldContain(message);
    }

    [Fact]
    public void An_empty_thresholds_section_has_none()
    {
        FromYaml("thresholds:\n").ShouldBeEmpty();
        FromYaml("thresholds:\n  http_reqs: []\n").ShouldBeEmpty();
    }
}
