using Drydock.Catalog;
using Drydock.Findings;
using Drydock.Measurements;
using Drydock.Text;

namespace Drydock.Tests.Findings;

public sealed class FindingModelTests
{
    [Theory]
    [InlineData("DF001", true)]
    [InlineData("RT123", true)]
    [InlineData("DF01", false)]
    [InlineData("df001", false)]
    [InlineData("DFX01", false)]
    [InlineData("D1001", false)]
    public void Rule_ids_are_a_family_prefix_and_three_digits(string id, bool valid) => RuleIds.IsValid(id).ShouldBe(valid);

    [Fact]
    public void A_descriptor_with_a_bad_id_is_refused()
    {
        Should.Throw<ArgumentException>(() => new RuleDescriptor("X1", "t", RuleCategories.Style, Severity.Info, "m", "h"));
    }

    [Fact]
    public void Messages_name_the_offending_value()
    {
        var rule = new RuleDescriptor("DD901", "Example", RuleCategories.Style, Severity.Warning, "Image {0} uses tag {1}", "Pin it.");
        var finding = Finding.Create(rule, SourceSpan.At("f", 1, 1), "redis", "latest");
        finding.Message.ShouldBe("Image redis uses tag latest");
        finding.Severity.ShouldBe(Severity.Warning);
        rule.HelpUri.ToString().ShouldEndWith("rules.md#dd901");
    }

    [Theory]
    [InlineData("error", Severity.Error, true)]
    [InlineData("error", Severity.Warning, false)]
    [InlineData("warning", Severity.Warning, true)]
    [InlineData("warning", Severity.Info, false)]
    [InlineData("info", Severity.Info, true)]
    [InlineData("none", Severity.Error, false)]
    public void Fail_on_thresholds(string threshold, Severity severity, bool fails)
    {
        FailThreshold.TryParse(threshold, out var parsed).ShouldBeTrue();
        parsed.IsFailure(severity).ShouldBe(fails);
    }

    [Fact]
    public void Unknown_thresholds_are_rejected() => FailThreshold.TryParse("fatal", out _).ShouldBeFalse();

    [Fact]
    public void Findings_order_by_file_then_position_then_rule()
    {
        var rule = new RuleDescriptor("DD902", "x", RuleCategories.Style, Severity.Info, "m", "h");
        var other = new RuleDescriptor("DD903", "x", RuleCategories.Style, Severity.Info, "m", "h");
        Finding At(string file, int line, int column, RuleDescriptor r) => Finding.Create(r, SourceSpan.At(file, line, column));
        var ordered = new[] { At("b", 1, 1, rule), At("a", 2, 1, rule), At("a", 1, 5, other), At("a", 1, 5, rule), At("a", 1, 2, rule) }
            .Order(FindingOrder.Instance)
            .Select(f => $"{f.Span.File}:{f.Span.Line}:{f.Span.Column}:{f.Rule.Id}");
        ordered.ShouldBe(["a:1:2:DD902", "a:1:5:DD902", "a:1:5:DD903", "a:2:1:DD902", "b:1:1:DD902"]);
    }

    [Fact]
    public void Catalogue_ids_are_unique_and_valid()
    {
        var ids = RuleCatalog.All.Select(rule => rule.Id).ToList();
        ids.ShouldBeUnique();
        ids.ShouldAllBe(id => RuleIds.IsValid(id));
    }

    [Theory]
    [InlineData(Comparison.LessThan, 300, 299.9, true)]
    [InlineData(Comparison.LessThan, 300, 300, false)]
    [InlineData(Comparison.LessOrEqual, 300, 300, true)]
    [InlineData(Comparison.GreaterThan, 200, 250, true)]
    [InlineData(Comparison.GreaterOrEqual, 200, 199, false)]
    [InlineData(Comparison.Equal, 0, 0, true)]
    public void Targets_compare_actual_values(Comparison comparison, double value, double actual, bool met) =>
        new Target(new Metric("m", Unit.Count), null, comparison, value).IsMetBy(actual).ShouldBe(met);

    [Fact]
    public void Unmeasured_values_fail_their_target()
    {
        var measurement = Measurement.Evaluate(Metrics.StartupTime, null, new Target(Metrics.StartupTime, null, Comparison.LessThan, 30), null, "never healthy");
        measurement.Status.ShouldBe(MeasurementStatus.Fail);
        measurement.ActualText.ShouldBe("not measured");
    }

    [Theory]
    [InlineData(101_000_000, "bytes", "101 MB")]
    [InlineData(1_170_000_000, "bytes", "1.17 GB")]
    [InlineData(999, "bytes", "999 B")]
    [InlineData(4.5, "s", "4.5 s")]
    [InlineData(12.345, "s", "12.3 s")]
    [InlineData(0.42, "%", "0.42%")]
    [InlineData(50, "count", "50")]
    public void Units_format_like_docker_prints_them(double value, string unit, string expected) => Units.Format(value, Units.FromSymbol(unit)!.Value).ShouldBe(expected);
}
