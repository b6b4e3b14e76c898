using Drydock.Processes;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Distribution;

/// <summary>
/// Drydock's own image, built by scripts/build-drydock-image.sh once per test run (a self-contained publish and a
/// docker build: minutes on a small machine, so never twice), and the docker runs the tests make with it.
/// </summary>
public static class DrydockImage
{
    public const string Tag = "drydock-test";

    private static readonly Lazy<Task<BuiltImage>> Shared = new(BuildAsync);

    public static Task<BuiltImage> BuiltAsync() => Shared.Value;

    private static async Task<BuiltImage> BuildAsync()
    {
        var result = await ProcessRunner.RunAsync("bash", [Path.Combine(RepoPaths.Scripts, "build-drydock-image.sh"), "--tag", Tag],
            new ProcessRunOptions { Timeout = TimeSpan.FromMinutes(20) });
        result.ExitCode.ShouldBe(0, result.StandardError);
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return new BuiltImage(lines.Last(), result.StandardOutput);
    }

    /// <summary>A world-readable (and, when asked, writable) copy of a tree, for the image's user 1000 to mount.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static string ShareableCopy(string source, bool writable = false)
    {
        var root = Directory.CreateTempSubdirectory("drydock-image-tree-").FullName;
        var directoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute
            | (writable ? UnixFileMode.GroupWrite | UnixFileMode.OtherWrite : 0);
        File.SetUnixFileMode(root, directoryMode);
        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(root, Path.GetRelativePath(source, directory));
            Directory.CreateDirectory(copy);
            File.SetUnixFileMode(copy, directoryMode);
        }
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(root, Path.GetRelativePath(source, file));
            File.Copy(file, copy);
            File.SetUnixFileMode(copy, File.GetUnixFileMode(copy) | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        return root;
    }
}

/// <param name="Reference">The last line the script printed: the image to run.</param>
public sealed record BuiltImage(string Reference, string ScriptOutput)
{
    public const string EngineSocket = "/var/run/docker.sock";

    /// <summary><c>docker run --rm</c> of the image, labelled as everything a test starts; extra docker options first.</summary>
    public Task<ProcessResult> RunAsync(IEnumerable<string> dockerOptions, IEnumerable<string> arguments) =>
        ProcessRunner.RunAsync("docker",
            ["run", "--rm", "--label", $"{EngineFixture.RunLabel}=drydock-image-test", .. dockerOptions, Reference, .. arguments],
            new ProcessRunOptions { Timeout = TimeSpan.FromMinutes(3) });

    /// <summary>The options that hand the engine to the container: the socket, and its group for the non-root user.</summary>
    public static async Task<string[]> EngineOptionsAsync()
    {
        var group = await ProcessRunner.RunAsync("stat", ["-c", "%g", EngineSocket], new ProcessRunOptions { Timeout = TimeSpan.FromSeconds(10) });
        group.ExitCode.ShouldBe(0, group.StandardError);
        return ["-v", $"{EngineSocket}:{EngineSocket}", "--group-add", group.StandardOutput.Trim()];
    }
}
