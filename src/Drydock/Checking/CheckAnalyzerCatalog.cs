namespace Drydock.Checking;

/// <summary>The analyzers <c>drydock check</c> runs, in order; each family adds ONE line.</summary>
public static class CheckAnalyzerCatalog
{
    public static IReadOnlyList<ICheckAnalyzer> Create() =>
    [
        new DockerfileAnalyzer(),
        new BuildContextCheckAnalyzer(),
        new ComposeCheckAnalyzer(),
    ];
}
