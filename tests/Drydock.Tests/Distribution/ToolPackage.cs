using Drydock.Processes;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Distribution;

/// <summary>
/// The Drydock .NET tool, packed from the Release build (<c>dotnet pack --no-build</c>, seconds) and installed with
/// <c>dotnet tool install --tool-path</c> into a temporary directory, once per test run for every test that needs it.
/// The install sees only the local package directory (its own nuget.config), so it works offline and can never pick
/// an unrelated "Drydock" from a public feed.
/// </summary>
public static class ToolPackage
{
    public const string Category = "Packaging";

    private static readonly Lazy<Task<InstalledTool>> Shared = new(PackAndInstallAsync);

    public static Task<InstalledTool> InstalledAsync() => Shared.Value;

    private static async Task<InstalledTool> PackAndInstallAsync()
    {
        var root = Directory.CreateTempSubdirectory("drydock-tool-").FullName;
        var packages = Path.Combine(root, "packages");
        var tools = Path.Combine(root, "tools");
        var pack = await ProcessRunner.RunAsync("dotnet",
            ["pack", Path.Combine(RepoPaths.Root, "src", "Drydock.Cli"), "--configuration", "Release", "--no-build", "--output", packages, "--nologo"],
            new ProcessRunOptions { Timeout = TimeSpan.FromMinutes(5) });
        pack.ExitCode.ShouldBe(0, pack.StandardOutput + pack.StandardError);
        var config = Path.Combine(root, "nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        var install = await ProcessRunner.RunAsync("dotnet",
            ["tool", "install", "Drydock", "--tool-path", tools, "--configfile", config, "--version", ProjectInfo.Version],
            new ProcessRunOptions { Timeout = TimeSpan.FromMinutes(5), WorkingDirectory = root });
        install.ExitCode.ShouldBe(0, install.StandardOutput + install.StandardError);
        return new InstalledTool(root, packages, tools, Path.Combine(tools, "drydock"));
    }
}

/// <param name="Packages">The directory holding Drydock.&lt;version&gt;.nupkg (a NuGet source).</param>
/// <param name="Executable">The <c>drydock</c> shim dotnet tool install created.</param>
public sealed record InstalledTool(string Root, string Packages, string ToolPath, string Executable)
{
    public Task<ProcessResult> RunAsync(string[] arguments, string? workingDirectory = null) =>
        ProcessRunner.RunAsync(Executable, arguments, new ProcessRunOptions { WorkingDirectory = workingDirectory, Timeout = TimeSpan.FromMinutes(2) });
}
