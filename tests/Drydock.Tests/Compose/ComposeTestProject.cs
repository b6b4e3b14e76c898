using Drydock.Compose.Loading;
using Drydock.Compose.Model;

namespace Drydock.Tests.Compose;

/// <summary>A throw-away project directory with Compose files written by a test, loaded with a controlled environment.</summary>
internal sealed class ComposeTestProject : IDisposable
{
    private readonly ScratchDirectory _directory = new();

    public ComposeTestProject(string? compose = null, string directoryName = "app")
    {
        Directory = Path.Combine(_directory.Path, directoryName);
        System.IO.Directory.CreateDirectory(Directory);
        if (compose is not null)
        {
            Write("compose.yaml", compose);
        }
    }

    public string Directory { get; }

    public string Write(string relative, string content)
    {
        var path = Path.Combine(Directory, relative);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public string PathOf(string relative) => Path.Combine(Directory, relative);

    public ComposeLoadResult Load(IReadOnlyDictionary<string, string>? environment = null, IReadOnlyList<string>? files = null, IReadOnlyList<string>? profiles = null, string? projectName = null) =>
        ComposeProjectLoader.Load(new ComposeLoadOptions
        {
            WorkingDirectory = Directory,
            Files = files ?? [],
            Profiles = profiles ?? [],
            ProjectName = projectName,
            Environment = environment ?? new Dictionary<string, string>(StringComparer.Ordinal),
        });

    /// <summary>Loads and requires no problem at all.</summary>
    public ComposeProject LoadClean(IReadOnlyDictionary<string, string>? environment = null, IReadOnlyList<string>? files = null, IReadOnlyList<string>? profiles = null)
    {
        var result = Load(environment, files, profiles);
        result.Problems.ShouldBeEmpty(string.Join("\n", result.Problems));
        return result.Project!;
    }

    public void Dispose() => _directory.Dispose();
}
