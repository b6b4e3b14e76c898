using Drydock.Cli;
using Drydock.Cli.Terminal;

namespace Drydock.Tests.TestSupport;

public sealed record CliResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}

/// <summary>Runs the CLI in-process with captured output and an environment the test controls.</summary>
public static class CliRunner
{
    public static async Task<CliResult> RunAsync(
        string[] args,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null,
        bool terminal = false,
        CancellationToken cancellationToken = default,
        string? standardInput = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var console = new CliConsole
        {
            Out = stdout,
            Error = stderr,
            OutputIsTerminal = terminal,
            ErrorIsTerminal = terminal,
            CurrentDirectory = workingDirectory ?? Environment.CurrentDirectory,
            OpenInput = () => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(standardInput ?? string.Empty)),
            GetEnvironmentVariable = name => environment is not null && environment.TryGetValue(name, out var value)
                ? value
                : Environment.GetEnvironmentVariable(name),
        };
        var exitCode = await CliApp.RunAsync(args, console, cancellationToken);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }
}
