namespace Drydock.Cli;

/// <summary>The exit codes every command shares.</summary>
public static class ExitCodes
{
    /// <summary>Clean: no findings at or above --fail-on, or the verification passed.</summary>
    public const int Success = 0;

    /// <summary>Findings at or above --fail-on, or a failed verification.</summary>
    public const int Failed = 1;

    /// <summary>Usage error, unreadable input, or a tool or engine error.</summary>
    public const int Error = 2;

    /// <summary>Interrupted by SIGINT or SIGTERM (after cleaning up), as shells report it.</summary>
    public const int Interrupted = 130;
}
