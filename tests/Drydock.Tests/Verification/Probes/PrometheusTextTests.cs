using Drydock.Verification.Probes;

namespace Drydock.Tests.Verification.Probes;

public sealed class PrometheusTextTests
{
    [Fact]
    public void The_full_syntax_is_accepted()
    {
        const string text = """
            # HELP http_requests_total The total number of requests, with \\ and \n escapes.
            # TYPE http_requests_total counter
            http_requests_total{method="post",code="200"} 1027 1395066363000
            http_requests_total{method="post",code="400",} 3 1395066363000
              # a plain comment, and a blank line follow

            msdos_file_access_time_seconds{path="C:\\DIR\\FILE.TXT",error="Cannot find file:\n\"FILE.TXT\""} 1.458255915e9
            metric_without_timestamp_and_labels 12.47
            something_weird{problem="division by zero"} +Inf -3982045
            negative{} -Inf
            not_a_number NaN
            tabs	{a = "b"}	.5
            rpc:duration_seconds{quantile="0.99"} 7.6e-05
            # TYPE rpc_duration_seconds summary
            rpc_duration_seconds_count 2693
            # EOF
            """;
        var result = PrometheusText.Validate(text.Replace("\r\n", "\n"));
        result.Error.ShouldBeNull();
        result.IsValid.ShouldBeTrue();
        result.SampleNames.ShouldBe(
            ["http_requests_total", "msdos_file_access_time_seconds", "metric_without_timestamp_and_labels", "something_weird", "negative", "not_a_number", "tabs", "rpc:duration_seconds", "rpc_duration_seconds_count"],
            ignoreOrder: true);
    }

    [Theory]
    [InlineData("ok 1\n3bad 1", 2, "invalid metric name '3bad'")]
    [InlineData("a-b 1", 1, "invalid metric name 'a-b'")]
    [InlineData("# TYPE a countr", 1, "invalid type 'countr' for a (counter, gauge, histogram, summary or untyped)")]
    [InlineData("# TYPE a", 1, "'# TYPE a' without a type")]
    [InlineData("# TYPE a gauge extra", 1, "unexpected text after the type in '# TYPE a gauge'")]
    [InlineData("# HELP 1a help", 1, "invalid metric name '1a' in # HELP")]
    [InlineData("# TYPE a gauge\n# TYPE a gauge", 2, "a second # TYPE line for a")]
    [InlineData("a 1\n# TYPE a gauge", 2, "# TYPE for a after its samples")]
    [InlineData("a", 1, "sample a has no value")]
    [InlineData("a{} ", 1, "sample a has no value")]
    [InlineData("a one", 1, "invalid value 'one' for a")]
    [InlineData("a 1,5", 1, "invalid value '1,5' for a")]
    [InlineData("a 1 1.5", 1, "invalid timestamp '1.5' for a (milliseconds as an integer)")]
    [InlineData("a 1 2 3", 1, "unexpected text after the timestamp of a: '3'")]
    [InlineData("a{b=\"c\"}1", 1, "expected a space before the value of a, got '1'")]
    [InlineData("a{b=\"c\\t\"} 1", 1, "invalid escape '\\t' in the value of label b (only \\\\, \\\" and \\n)")]
    [InlineData("a{b=\"c} 1", 1, "unterminated value of label b")]
    [InlineData("a{b=c} 1", 1, "expected a quoted value for label b")]
    [InlineData("a{b} 1", 1, "expected '=' after label b")]
    [InlineData("a{1b=\"c\"} 1", 1, "invalid label name '1b'")]
    [InlineData("a{b:c=\"c\"} 1", 1, "invalid label name 'b:c'")]
    [InlineData("a{b=\"1\",b=\"2\"} 1", 1, "label 'b' appears twice")]
    [InlineData("a{b=\"1\"", 1, "unclosed '{' in the label set")]
    public void The_first_invalid_line_is_reported(string text, int line, string error)
    {
        var result = PrometheusText.Validate(text);
        result.IsValid.ShouldBeFalse();
        (result.InvalidLine, result.Error).ShouldBe((line, error));
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("-1.5e3", true)]
    [InlineData(".5", true)]
    [InlineData("+Inf", true)]
    [InlineData("-inf", true)]
    [InlineData("NaN", true)]
    [InlineData("+NaN", false)]
    [InlineData("1e", false)]
    [InlineData("--1", false)]
    [InlineData("0x10", false)]
    [InlineData("", false)]
    public void Values_are_floats_as_Go_reads_them(string token, bool valid) => PrometheusText.IsFloat(token).ShouldBe(valid);

    [Fact]
    public void A_metric_is_found_by_its_name_or_as_the_base_of_its_series()
    {
        var result = PrometheusText.Validate("jobs_total 1\nlatency_bucket{le=\"1\"} 1\nsize_sum 2\nsize_count 1\nup 1\n");
        result.HasMetric("jobs").ShouldBeTrue();
        result.HasMetric("jobs_total").ShouldBeTrue();
        result.HasMetric("latency").ShouldBeTrue();
        result.HasMetric("size").ShouldBeTrue();
        result.HasMetric("up").ShouldBeTrue();
        result.HasMetric("down").ShouldBeFalse();
        result.HasMetric("job").ShouldBeFalse();
    }
}
