namespace Drydock.Cli.Terminal;

/// <summary>Error lines on stderr: one clear sentence, the place when there is one, and what to do.</summary>
public static class Diagnostics
{
    public static void Error(CliConsole console, string message, string? fix = null)
    {
        console.Error.WriteLine($"drydock: error: {message}");
        if (!string.IsNullOrWhiteSpace(fix))
        {
            console.Error.WriteLine($"drydock: hint: {fix}");
        }
        console.Error.Flush();
    }

    public static void Warning(CliConsole console, string message)
    {
        console.Error.WriteLine($"drydock: warning: {message}");
        console.Error.Flush();
    }

    public static void Info(CliConsole console, string message)
    {
        console.Error.WriteLine($"drydock: {message}");
        console.Error.Flush();
    }
}
