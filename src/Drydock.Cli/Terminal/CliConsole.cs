namespace Drydock.Cli.Terminal;

/// <summary>
/// The console and environment as commands see them. Results go to <see cref="Out"/>, progress and diagnostics to
/// <see cref="Error"/>. Tests substitute writers and variables; nothing else reads the process environment directly.
/// </summary>
public sealed class CliConsole
{
    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    /// <summary>Opens standard input (<c>drydock check -</c>); tests hand in their own stream.</summary>
    public Func<Stream> OpenInput { get; init; } = Console.OpenStandardInput;

    public bool OutputIsTerminal { get; init; }

    public bool ErrorIsTerminal { get; init; }

    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    public string CurrentDirectory { get; init; } = Environment.CurrentDirectory;

    public int Width { get; init; } = 120;

    /// <summary>Colour only on a terminal, never with NO_COLOR (https://no-color.org) or TERM=dumb.</summary>
    public bool ColorEnabled => OutputIsTerminal && ColorAllowed;

    /// <summary>Live progress (spinners, redrawn lines) only on an interactive stderr outside CI.</summary>
    public bool LiveProgress => ErrorIsTerminal && !IsContinuousIntegration && ColorAllowed;

    public bool IsContinuousIntegration =>
        GetEnvironmentVariable("CI") is { Length: > 0 } ci && !string.Equals(ci, "false", StringComparison.OrdinalIgnoreCase) && ci != "0";

    private bool ColorAllowed =>
        string.IsNullOrEmpty(GetEnvironmentVariable("NO_COLOR")) && !string.Equals(GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);

    public static CliConsole FromProcess()
    {
        var stdout = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false)) { AutoFlush = true };
        var stderr = new StreamWriter(Console.OpenStandardError(), new System.Text.UTF8Encoding(false)) { AutoFlush = true };
        int width;
        try
        {
            width = Console.IsOutputRedirected ? 120 : Math.Max(Console.WindowWidth, 40);
        }
        catch (IOException)
        {
            width = 120;
        }
        return new CliConsole
        {
            Out = stdout,
            Error = stderr,
            OutputIsTerminal = !Console.IsOutputRedirected,
            ErrorIsTerminal = !Console.IsErrorRedirected,
            Width = width,
        };
    }
}
