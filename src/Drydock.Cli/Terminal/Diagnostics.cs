using Drydock.Text;
namespace Drydock.Cli.Terminal;

/// <summary>Error lines on stderr: one clear sentence, the place when there is one, and what to do.</summary>
public static class Diagnostics
{
    public static void Error(CliConsole console, string message, string? fix = null)
    {
        console.Error.WriteLine($"drydock: error: {TerminalText.Escape(message, keepLineBreaks: true)}");
        if (!string.IsNullOrWhiteSpace(fix))
        {
            console.Error.WriteLine($"drydock: hint: {TerminalText.Escape(fix, keepLineBreaks: true)}");
        }
        console.Error.Flush();
    }

    public static void Warning(CliConsole console, string message)
    {
        console.Error.WriteLine($"drydock: warning: {TerminalText.Escape(message, keepLineBreaks: true)}");
        console.Error.Flush();
    }

    public static void Info(CliConsole console, string message)
    {
        console.Error.WriteLine($"drydock: {TerminalText.Escape(message, keepLineBreaks: true)}");
        console.Error.Flush();
    }
}
