namespace Drydock.Reports.Rendering;

/// <summary>How a report is rendered: colour and width only matter to the text format.</summary>
public sealed record RenderOptions
{
    public static RenderOptions Plain { get; } = new();

    /// <summary>ANSI colour and box tables: only when writing to a terminal and NO_COLOR is unset.</summary>
    public bool Color { get; init; }

    /// <summary>Terminal width for wrapping tables; plain output never wraps.</summary>
    public int Width { get; init; } = 120;

    /// <summary>Paths in reports are relative to this directory (the current directory by default).</summary>
    public string WorkingDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>Supplies source lines for code frames; the default reads files from disk once each.</summary>
    public ISourceTextProvider Sources { get; init; } = new FileSourceTextProvider();

    public string ToolVersion { get; init; } = ToolInfo.Version;
}

public static class ToolInfo
{
    public const string Name = "drydock";

    /// <summary>Directory.Build.props' Version, as <c>drydock --version</c> prints it (no reflection).</summary>
    public static string Version => ProjectInfo.Version;
}
