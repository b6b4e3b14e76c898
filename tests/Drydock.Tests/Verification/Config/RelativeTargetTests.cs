using Drydock.Measurements;
using Drydock.Verification.Config;
using Drydock.Verification.Load.Thresholds;
using Drydock.Yaml;

namespace Drydock.Tests.Verification.Configuration;

/// <summary>Relative targets (<c>rate &gt; 0.9 * baseline</c>) and <c>baseline:</c> tolerances in drydock.yml.</summary>
public sealed class RelativeTargetTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("drydock-relative-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private VerifyConfig Parse(string yaml)
    {
        var path = Path.Combine(_directory, "drydock.yml");
        File.WriteAllText(path, yaml);
        return VerifyConfigParser.Load(path);
    }

    [Theory]
    [InlineData("< 1.1 * baseline", Comparison.LessThan, 1.1)]
    [InlineData("<=1.05*baseline", Comparison.LessOrEqual, 1.05)]
    [InlineData("baseline", Comparison.LessOrEqual, 1.0)]
    public void A_target_may_be_a_factor_of_the_baseline(string written, Comparison comparison, double factor)
    {
        var target = Parse($"targets:\n  image_size: \"{written}\"\n").Targets.Single().Target;
        target.Comparison.ShouldBe(comparison);
        target.BaselineFactor.ShouldBe(factor);
        target.IsUnresolved.ShouldBeTrue();
        target.ToString().ShouldBe($"{target.Operator} {factor.ToString(System.Globalization.CultureInfo.InvariantCulture)} × baseline");
    }

    [Fact]
    public void A_misspelt_relative_target_is_an_error_at_its_position()
    {
        var error = Should.Throw<DrydockException>(() => Parse("targets:\n  image_size: \"< 1.1 * baselin\"\n"));
        error.Span.ShouldNotBeNull().ToString().ShouldEndWith("drydock.yml:2:15");
        error.Message.ShouldContain("is not a size");
        var word = Should.Throw<DrydockException>(() => Parse("targets:\n  image_size: \"< x * baseline\"\n"));
        word.Message.ShouldContain("'x * baseline' is not a relative target");
    }

    private static IReadOnlyList<K6Threshold> Thresholds(string yaml) =>
        K6ThresholdParser.Parse(((YamlMapping)YamlLoader.Load(yaml, "drydock.yml").Root!)["thresholds"]!);

    [Theory]
    [InlineData("rate > 0.9 * baseline", Comparison.GreaterThan, 0.9)]
    [InlineData("p(95)<1.25*baseline", Comparison.LessThan, 1.25)]
    [InlineData("rate>=baseline", Comparison.GreaterOrEqual, 1.0)]
    public void A_k6_threshold_may_be_relative(string expression, Comparison comparison, double factor)
    {
        var metric = expression.StartsWith("p(", StringComparison.Ordinal) ? "http_req_duration" : "http_reqs";
        var threshold = Thresholds($"thresholds:\n  {metric}: [\"{expression}\"]\n").Single();
        threshold.Relative.ShouldBeTrue();
        var target = threshold.ToTarget("api");
        target.Comparison.ShouldBe(comparison);
        target.BaselineFactor.ShouldBe(factor);
        double.IsNaN(target.Value).ShouldBeTrue();
        Thresholds("thresholds:\n  http_reqs: [\"rate > 0.9\"]\n").Single().Relative.ShouldBeFalse();
    }

    [Fact]
    public void A_k6_threshold_with_a_factor_but_no_baseline_is_an_error_at_the_word()
    {
        var error = Should.Throw<DrydockException>(() => Thresholds("thresholds:\n  http_reqs: [\"rate > 0.9 * base\"]\n"));
        error.Span.ShouldNotBeNull().ToString().ShouldBe("drydock.yml:2:29");
        error.Message.ShouldContain("expected 'baseline' after '*'");
    }

    [Fact]
    public void Baseline_tolerances_are_percentages_by_metric_or_kind()
    {
        var config = Parse("baseline:\n  image_size: 5%\n  latencies: +40 %\n  throughput: -10%\n");
        config.BaselineTolerances.ShouldBe(new Dictionary<string, double> { ["image_size"] = 5, ["latencies"] = 40, ["throughput"] = 10 });
        var error = Should.Throw<DrydockException>(() => Parse("baseline:\n  sizes: 10\n"));
        error.Span.ShouldNotBeNull().ToString().ShouldEndWith("drydock.yml:2:10");
        error.Message.ShouldContain("baseline.sizes: '10' is not a percentage");
    }
}
