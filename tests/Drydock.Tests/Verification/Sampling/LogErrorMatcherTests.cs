using Drydock.Verification.Config;
using Drydock.Verification.Sampling;

namespace Drydock.Tests.Verification.Sampling;

public sealed class LogErrorMatcherTests
{
    [Fact]
    public void Lines_matching_any_pattern_are_counted_and_the_first_five_kept_trimmed()
    {
        var matcher = new LogErrorMatcher(VerifyConfig.DefaultLogErrorPatterns);
        string[] lines =
        [
            "info: started",
            "  ERROR: disk full  ",
            "panic: runtime error",
            "Traceback (most recent call last):",
            "warning: slow",
            "FATAL " + new string('x', 300),
            "CRITICAL one",
            "CRITICAL two",
            "retrying after ERROR",
        ];
        var matched = lines.Select(matcher.Add).ToList();
        matched.ShouldBe([false, true, true, true, false, true, true, true, true]);
        var scan = matcher.Result;
        (scan.Lines, scan.ErrorLines).ShouldBe((9, 7));
        scan.Examples.Count.ShouldBe(LogScanner.MaxExamples);
        scan.Examples[0].ShouldBe("ERROR: disk full");
        scan.Examples[3].ShouldBe(("FATAL " + new string('x', 300))[..200]);
        scan.Examples[4].ShouldBe("CRITICAL one");
    }

    [Fact]
    public void Patterns_are_regular_expressions_and_case_sensitive_unless_they_say_otherwise()
    {
        var matcher = new LogErrorMatcher([@"\bstatus=5\d\d\b", "(?i)timeout"]);
        matcher.Add("GET / status=503").ShouldBeTrue();
        matcher.Add("GET / status=5030").ShouldBeFalse();
        matcher.Add("read TIMEOUT").ShouldBeTrue();
        new LogErrorMatcher(["ERROR"]).Add("error").ShouldBeFalse();
        new LogErrorMatcher([]).Add("ERROR").ShouldBeFalse();
    }

    [Fact]
    public void An_invalid_pattern_is_a_user_error_with_a_fix()
    {
        var error = Should.Throw<DrydockException>(() => new LogErrorMatcher(["ERROR", "(unclosed"]));
        error.Message.ShouldContain("'(unclosed' is not a valid regular expression");
        error.Fix.ShouldNotBeNull().ShouldContain("escaping");
    }

    [Fact]
    public void A_pattern_that_backtracks_without_end_is_reported_not_waited_for()
    {
        var matcher = new LogErrorMatcher(["^(a+)+$"]);
        var error = Should.Throw<DrydockException>(() => matcher.Add(new string('a', 40) + "!"));
        error.Message.ShouldContain("took longer than");
    }
}
