using System.Text.RegularExpressions;
using Drydock.Verification.Config;
using Drydock.Verification.Sampling;

namespace Drydock.Tests.Verification.Sampling;

public sealed class PhasedLogMatcherTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<RunPhase> Phases()
    {
        var clock = T0;
        var phases = new RunPhases(() => clock);
        phases.Begin(LogPhases.StartUp);
        clock = T0.AddSeconds(10);
        phases.Begin(LogPhases.Idle);
        clock = T0.AddSeconds(20);
        phases.Begin(LogPhases.Load("steady"));
        clock = T0.AddSeconds(30);
        var expected = new Dictionary<string, IReadOnlyList<Regex>> { ["db"] = [new Regex("terminating connection")] };
        phases.Begin(LogPhases.ScenarioStep("restart db", "restart db"), expected);
        clock = T0.AddSeconds(40);
        phases.Begin(LogPhases.ScenarioStep("restart db", "probe api: health"), expected);
        return phases.All;
    }

    [Fact]
    public void Each_error_line_is_attributed_to_the_phase_it_was_written_in()
    {
        var matcher = new PhasedLogMatcher(VerifyConfig.DefaultLogErrorPatterns, "api", Phases());
        matcher.Add("ERROR before the first phase", T0.AddSeconds(-1));
        matcher.Add("listening", T0.AddSeconds(1));
        matcher.Add("ERROR pool exhausted", T0.AddSeconds(21));
        matcher.Add("ERROR pool exhausted again", T0.AddSeconds(29.9));
        matcher.Add("FATAL: terminating connection", T0.AddSeconds(31));
        matcher.Add("ERROR no timestamp", null);

        var scan = matcher.Result;
        (scan.Lines, scan.ErrorLines, scan.ExpectedLines).ShouldBe((6, 5, 0), "expect_logs for db do not cover api");
        scan.ByPhase.ShouldBe(
        [
            new PhaseLogCount("start-up", 2, 0),
            new PhaseLogCount("load 'steady'", 2, 0),
            new PhaseLogCount("scenario 'restart db': restart db", 1, 0),
        ]);
        scan.Summary(phase => phase.Errors).ShouldBe("start-up 2, load 'steady' 2, scenario 'restart db': restart db 1");
        scan.Examples[1].ShouldBe("[load 'steady'] ERROR pool exhausted");
    }

    [Fact]
    public void Lines_a_scenario_expects_are_counted_apart_only_during_that_scenario()
    {
        var matcher = new PhasedLogMatcher(VerifyConfig.DefaultLogErrorPatterns, "db", Phases());
        matcher.Add("FATAL: terminating connection due to administrator command", T0.AddSeconds(31));
        matcher.Add("FATAL: terminating connection due to administrator command", T0.AddSeconds(45));
        matcher.Add("FATAL: terminating connection during the load", T0.AddSeconds(25));
        matcher.Add("ERROR disk full", T0.AddSeconds(32));
        matcher.Add("terminating connection (not an error line)", T0.AddSeconds(33));

        var scan = matcher.Result;
        (scan.ErrorLines, scan.ExpectedLines).ShouldBe((2, 2));
        scan.Examples.ShouldBe(["[load 'steady'] FATAL: terminating connection during the load", "[scenario 'restart db': restart db] ERROR disk full"]);
        scan.ExpectedExamples[0].ShouldBe("[scenario 'restart db': restart db] FATAL: terminating connection due to administrator command");
        scan.Summary(phase => phase.Expected).ShouldBe("scenario 'restart db': restart db 1, scenario 'restart db': probe api: health 1");
    }
}
