namespace Drydock.Tests.TestSupport;

/// <summary>Locations in the repository and the shared conformance data beside it.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Drydock.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"Drydock.slnx not found above {AppContext.BaseDirectory}.");
    });

    public static string Root => RootPath.Value;

    public static string Examples => Path.Combine(Root, "examples");

    public static string Scripts => Path.Combine(Root, "scripts");

    /// <summary>
    /// The conformance vectors (third-party test data), vendored in tests/conformance so a fresh clone has them;
    /// DRYDOCK_CONFORMANCE_DIR points elsewhere. <see cref="SharedConformance"/> is the upstream copy, when present.
    /// </summary>
    public static string Conformance =>
        Environment.GetEnvironmentVariable("DRYDOCK_CONFORMANCE_DIR") is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(Root, "tests", "conformance");

    /// <summary>../shared/conformance beside the repository, where the data is maintained; null when absent.</summary>
    public static string? SharedConformance
    {
        get
        {
            var path = Path.GetFullPath(Path.Combine(Root, "..", "shared", "conformance"));
            return Directory.Exists(path) ? path : null;
        }
    }

    /// <summary>The CLI assembly built alongside the tests.</summary>
    public static string CliAssembly => Path.Combine(AppContext.BaseDirectory, "drydock.dll");
}
