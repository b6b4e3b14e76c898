namespace Drydock.Verification;

/// <summary>What <c>drydock verify</c> was asked to do.</summary>
public sealed record VerifyOptions
{
    /// <summary>A directory holding the compose file (and optionally drydock.yml), or a drydock.yml path.</summary>
    public required string Path { get; init; }

    /// <summary><c>-f</c>: compose files; they replace drydock.yml's <c>compose:</c> and Compose's discovery.</summary>
    public IReadOnlyList<string> ComposeFiles { get; init; } = [];

    public IReadOnlyList<string> Profiles { get; init; } = [];

    public IReadOnlyList<string> EnvFiles { get; init; } = [];

    /// <summary>Ignore drydock.yml: measure with the zero-config defaults (what <c>drydock init</c> runs).</summary>
    public bool ZeroConfig { get; init; }

    /// <summary>Build without the cache: measures a cold build.</summary>
    public bool NoCache { get; init; }

    /// <summary>Leave the stack running afterwards (for debugging); the report says how to remove it.</summary>
    public bool Keep { get; init; }

    /// <summary>Also remove the images this run built.</summary>
    public bool RemoveImages { get; init; }

    /// <summary>Runtime findings (RT rules) at or above this fail the run; targets and probes always do.</summary>
    public Findings.FailThreshold FailOn { get; init; } = new(Findings.Severity.Error);

    /// <summary><c>--baseline</c>: a previous run's report.json to compare with and to judge relative targets by.</summary>
    public string? Baseline { get; init; }

    /// <summary>Overrides drydock.yml's <c>timeout:</c>.</summary>
    public TimeSpan? Timeout { get; init; }

    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    public string CurrentDirectory { get; init; } = Environment.CurrentDirectory;
}

/// <summary>Where a run is, for a live view or timestamped lines; called from any thread.</summary>
public interface IVerifyProgress
{
    /// <summary>A stage of the whole run began: resolving, building, starting, probing, sampling, tearing down.</summary>
    void Stage(string text);

    /// <summary>One service's state changed (building, starting, healthy, probing, failed…).</summary>
    void Service(string service, string state);
}

/// <summary>Progress that goes nowhere (tests, JSON runs without a terminal).</summary>
public sealed class SilentProgress : IVerifyProgress
{
    public static readonly SilentProgress Instance = new();

    public void Stage(string text)
    {
    }

    public void Service(string service, string state)
    {
    }
}
