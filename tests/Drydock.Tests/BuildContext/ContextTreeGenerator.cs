using System.Text;

namespace Drydock.Tests.BuildContext;

/// <summary>
/// Random build contexts for the differential tests: nested directories, dotfiles, names with spaces, brackets,
/// dashes and non-ASCII letters, symlinks (to files, directories and nowhere), and a .dockerignore drawn from the
/// tree's own names with wildcards, classes, '**', leading '/' and './', comments, and '!' exceptions, including
/// exceptions that reach into excluded directories. Deterministic for a seed.
/// </summary>
internal sealed class ContextTreeGenerator(int seed)
{
    private static readonly string[] Names =
    [
        "src", "lib", "app", "docs", "tests", "build", "node_modules", ".git", ".cache", "bin", "obj", "vendor",
        "my dir", "a b", "[x]", "x[1]", "data-set", "data.set", "ünïcode", ".hidden", "#notes", "!bang", "keep",
    ];

    private static readonly string[] Extensions = [".txt", ".md", ".go", ".py", ".pyc", ".log", ".tmp", ".json", string.Empty];

    private readonly Random _random = new(seed);
    private readonly List<string> _directories = [];
    private readonly List<string> _files = [];

    public int Seed { get; } = seed;

    /// <summary>Writes the tree under <paramref name="root"/>; returns the .dockerignore text it wrote.</summary>
    public string Write(string root)
    {
        Directory.CreateDirectory(root);
        _directories.Add(string.Empty);
        var directoryCount = _random.Next(4, 12);
        for (var i = 0; i < directoryCount; i++)
        {
            var parent = Pick(_directories);
            if (parent.Count(c => c == '/') >= 3)
            {
                continue;
            }
            var path = Join(parent, Pick(Names));
            if (_directories.Contains(path))
            {
                continue;
            }
            Directory.CreateDirectory(Path.Combine(root, path));
            _directories.Add(path);
        }
        var fileCount = _random.Next(15, 45);
        for (var i = 0; i < fileCount; i++)
        {
            var directory = Pick(_directories);
            var name = _random.Next(4) == 0 ? Pick(Names) : $"{Pick(["f", "file", "main", ".env", "README", "x y", "[a]", "keep"])}{_random.Next(10)}{Pick(Extensions)}";
            var path = Join(directory, name);
            if (_directories.Contains(path) || _files.Contains(path))
            {
                continue;
            }
            File.WriteAllText(Path.Combine(root, path), $"{path}\n{new string('x', _random.Next(0, 300))}");
            _files.Add(path);
        }
        for (var i = _random.Next(0, 4); i > 0; i--)
        {
            var directory = Pick(_directories);
            var link = Join(directory, $"link{i}");
            if (_files.Contains(link) || _directories.Contains(link))
            {
                continue;
            }
            var target = _random.Next(3) switch
            {
                0 => _files.Count > 0 ? Path.GetRelativePath(Path.Combine(root, directory), Path.Combine(root, Pick(_files))) : "nowhere",
                1 => Path.GetRelativePath(Path.Combine(root, directory), Path.Combine(root, Pick(_directories))),
                _ => "does-not-exist",
            };
            File.CreateSymbolicLink(Path.Combine(root, link), target);
            _files.Add(link);
        }
        File.WriteAllText(Path.Combine(root, "Dockerfile"), "FROM scratch\nCOPY . /ctx/\n");
        var ignore = IgnoreFile();
        File.WriteAllText(Path.Combine(root, ".dockerignore"), ignore);
        return ignore;
    }

    /// <summary>True when some exception has a wildcard: there the classic builder and BuildKit may differ.</summary>
    public static bool HasWildcardException(string ignoreFile) =>
        ignoreFile.Split('\n').Any(line => line.TrimStart().StartsWith('!') && line.IndexOfAny(['*', '?', '[']) >= 0);

    private string IgnoreFile()
    {
        var text = new StringBuilder();
        if (_random.Next(3) == 0)
        {
            text.Append("# generated with seed ").Append(Seed).Append('\n');
        }
        var count = _random.Next(2, 9);
        for (var i = 0; i < count; i++)
        {
            var exception = i > 0 && _random.Next(3) == 0;
            var pattern = Pattern(exception);
            text.Append(_random.Next(8) == 0 ? "  " : string.Empty)
                .Append(exception ? "!" : string.Empty)
                .Append(pattern)
                .Append(_random.Next(10) == 0 ? "\r\n" : "\n");
            if (_random.Next(6) == 0)
            {
                text.Append('\n');
            }
        }
        return text.ToString();
    }

    private string Pattern(bool exception)
    {
        var file = _files.Count > 0 ? Pick(_files) : "f1.txt";
        var directory = _directories.Count > 1 ? Pick(_directories.Skip(1).ToList()) : "src";
        var name = Path.GetFileName(file);
        var extension = Path.GetExtension(file);
        return _random.Next(exception ? 8 : 14) switch
        {
            0 => file,
            1 => "/" + file,
            2 => "**/" + name,
            3 => extension.Length > 0 ? "**/*" + extension : "**/" + name,
            4 => directory + "/**",
            5 => "./" + directory + "/*",
            6 => Path.GetFileName(directory).Length > 1 ? "**/" + Path.GetFileName(directory)[..1] + "*" : "*",
            7 => "*" + (extension.Length > 0 ? extension : "y"),
            8 => directory,
            9 => "**/" + Path.GetFileName(directory),
            10 => Escape(directory) + "/?*",
            11 => "[a-m]*",
            12 => Pick(["Dockerfile", ".dockerignore", "*", ".*"]),
            _ => Escape(Path.GetDirectoryName(file)!.Replace('\\', '/')) is { Length: > 0 } parent ? parent + "/*" + extension : "*" + extension,
        };
    }

    /// <summary>Brackets in names are escaped so the pattern names them literally.</summary>
    private static string Escape(string path) => path.Replace("[", "\\[", StringComparison.Ordinal).Replace("]", "\\]", StringComparison.Ordinal);

    private static string Join(string parent, string name) => parent.Length == 0 ? name : parent + "/" + name;

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
