namespace Drydock.Engine;

/// <summary>A command to run in a running container with <see cref="DockerClient.ExecAsync"/>.</summary>
public sealed record ExecOptions
{
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>null: the container's user.</summary>
    public string? User { get; init; }

    public string? WorkingDirectory { get; init; }

    /// <summary><c>NAME=value</c> entries added to the container's environment.</summary>
    public IReadOnlyList<string>? Environment { get; init; }

    /// <summary>With a TTY, stdout and stderr arrive merged as stdout.</summary>
    public bool Tty { get; init; }

    /// <summary>Bytes written to the command's standard input, which is then closed; null attaches no input.</summary>
    public ReadOnlyMemory<byte>? StandardInput { get; init; }

    /// <summary>After this the command is abandoned (the engine cannot kill an exec) and the result says so.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Output kept per stream; the rest is read and dropped, and the result says so.</summary>
    public int MaxOutputBytes { get; init; } = 1024 * 1024;
}

/// <summary>What an exec did.</summary>
/// <param name="ExitCode">The command's exit code; null when it timed out (it may still be running).</param>
/// <param name="StandardOutput">Output, decoded as UTF-8.</param>
/// <param name="StandardError">Error output (empty with a TTY).</param>
/// <param name="TimedOut">True when <see cref="ExecOptions.Timeout"/> passed first.</param>
/// <param name="OutputTruncated">True when a stream exceeded <see cref="ExecOptions.MaxOutputBytes"/>.</param>
/// <param name="Duration">From start to the exit code (or the timeout).</param>
public sealed record ExecResult(int? ExitCode, string StandardOutput, string StandardError, bool TimedOut, bool OutputTruncated, TimeSpan Duration);

/// <summary>The body of <c>POST /containers/{id}/exec</c>.</summary>
internal sealed record ExecCreateRequest
{
    public bool AttachStdin { get; init; }

    public bool AttachStdout { get; init; }

    public bool AttachStderr { get; init; }

    public bool Tty { get; init; }

    public required string[] Cmd { get; init; }

    public string[]? Env { get; init; }

    public string? User { get; init; }

    public string? WorkingDir { get; init; }
}

/// <summary>The body of <c>POST /exec/{id}/start</c>.</summary>
internal sealed record ExecStartRequest
{
    public bool Detach { get; init; }

    public bool Tty { get; init; }
}

/// <summary><c>GET /exec/{id}/json</c>.</summary>
public sealed record ExecDetails
{
    public string? ID { get; init; }

    public string? ContainerID { get; init; }

    public bool Running { get; init; }

    /// <summary>Null while running.</summary>
    public int? ExitCode { get; init; }

    /// <summary>The process id on the host.</summary>
    public int Pid { get; init; }
}
