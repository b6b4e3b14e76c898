using System.Text.RegularExpressions;

namespace Drydock.Verification.Sampling;

/// <summary>
/// One phase of a run (start-up, idle, a load run, a scenario step), from <see cref="Start"/> until the next phase
/// begins. <see cref="ExpectedLogs"/>: service → the patterns of the log lines its scenario declared it expects
/// (<c>expect_logs:</c>), counted apart from unexpected errors.
/// </summary>
public sealed record RunPhase(string Name, DateTimeOffset Start)
{
    public IReadOnlyDictionary<string, IReadOnlyList<Regex>> ExpectedLogs { get; init; } = new Dictionary<string, IReadOnlyList<Regex>>();
}

/// <summary>The names of the phases every run has; load runs and scenario steps are named after themselves.</summary>
public static class LogPhases
{
    public const string StartUp = "start-up";

    /// <summary>From the first probe to the end of the idle window (and the posture reads after it).</summary>
    public const string Idle = "idle";

    public static string Load(string name) => $"load '{name}'";

    public static string ScenarioStep(string scenario, string step) => $"scenario '{scenario}': {step}";
}

/// <summary>The phases of a run in order, so each log line can be attributed to the phase it was written in.</summary>
public sealed class RunPhases
{
    private readonly List<RunPhase> _phases = [];
    private readonly Func<DateTimeOffset> _now;

    public RunPhases(Func<DateTimeOffset>? now = null)
    {
        _now = now ?? (() => DateTimeOffset.UtcNow);
    }

    public IReadOnlyList<RunPhase> All
    {
        get
        {
            lock (_phases)
            {
                return [.. _phases];
            }
        }
    }

    /// <summary>Starts a phase now; the previous one ends here.</summary>
    public void Begin(string name, IReadOnlyDictionary<string, IReadOnlyList<Regex>>? expectedLogs = null)
    {
        lock (_phases)
        {
            var phase = new RunPhase(name, _now());
            _phases.Add(expectedLogs is null ? phase : phase with { ExpectedLogs = expectedLogs });
        }
    }

    /// <summary>
    /// The phase a line written at <paramref name="time"/> belongs to: the last one begun by then. Lines from before the
    /// first phase, or without a time, belong to the first (start-up).
    /// </summary>
    public static RunPhase? At(IReadOnlyList<RunPhase> phases, DateTimeOffset? time)
    {
        if (phases.Count == 0)
        {
            return null;
        }
        if (time is not { } when)
        {
            return phases[0];
        }
        var found = phases[0];
        foreach (var phase in phases)
        {
            if (phase.Start > when)
            {
                break;
            }
            found = phase;
        }
        return found;
    }
}
