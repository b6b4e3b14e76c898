using Drydock.Verification.Posture;
using Drydock.Verification.Stack;

namespace Drydock.Verification;

/// <summary>How one service fared in a run: what the report's services section shows.</summary>
public sealed record ServiceOutcome(string Name, bool Optional)
{
    public ServiceStatus Status { get; init; } = ServiceStatus.Pending;

    /// <summary>One sentence: why it failed (build, start, health check, exit, probe); null when it did not.</summary>
    public string? Failure { get; init; }

    public string? Image { get; init; }

    public long? ImageSize { get; init; }

    public string? ContainerId { get; init; }

    public ServiceTimeline Timeline { get; init; } = new(null, null, null, null);

    public bool? HasHealthcheck { get; init; }

    public int? ExitCode { get; init; }

    public int Restarts { get; init; }

    /// <summary>The last log lines, when the service failed.</summary>
    public IReadOnlyList<string> LogTail { get; init; } = [];

    /// <summary>The last health-check outputs, when the service failed.</summary>
    public IReadOnlyList<string> HealthLog { get; init; } = [];

    public PostureFacts? Posture { get; init; }

    public bool Failed => Failure is not null;

    /// <summary>The word the report uses: healthy, running, completed, failed, failed (optional)…</summary>
    public string StatusText => Failed
        ? Optional ? "failed (optional)" : "failed"
        : Status.ToString().ToLowerInvariant();
}
