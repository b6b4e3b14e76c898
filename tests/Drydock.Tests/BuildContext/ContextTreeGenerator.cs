using System.Text;

namespace Drydock.Tests.BuildContext;

/// <summary>
/// Random build contexts for the differential tests: nested directories, dotfiles, names with spaces, brackets,
/// dashes and non-ASCII letters, symlinks (to files, directories and nowhere), and a .dockerignore drawn from the
/// tree's own names with wildcards, classes, '**', leading '/' and './', comments, and '!' exceptions, including
/// exceptions that reach into excluded directories. Deterministic for a seed.
/// With <c>deepExceptions</c>, every tree also holds a chain of directories three or four levels deep (one of them named
/// like a file, <c>keep.txt/</c>), and the ignore file excludes a whole top-level directory or everything, then
/// re-includes below it with a wildcard, a <c>/**</c> or a literal exception, sometimes re-excluding again.
/// </summary>
internal sealed class ContextTreeGenerator(int seed, bool deepExceptions = false)
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
        if (deepExceptions)
        {
            WriteDeepChain(root);
        }
        File.WriteAllText(Path.Combine(root, "Dockerfile"), "FROM scratch\nCOPY . /ctx/\n");
        var ignore = deepExceptions ? DeepIgnoreFile() : IgnoreFile();
        File.WriteAllText(Path.Combine(root, ".dockerignore"), ignore);
        return ignore;
    }

    private readonly List<string> _deepChain = [];
    private readonly List<string> _deepFiles = [];

    /// <summary>A chain of 3-4 directories below a top-level one, with a file of a drawn extension at every level.</summary>
    private void WriteDeepChain(string root)
    {
        var path = string.Empty;
        var depth = _random.Next(3, 5);
        for (var level = 0; level < depth; level++)
        {
            var name = level == 1 && _random.Next(2) == 0 ? "keep.txt" : Pick(["test", "pkg", "sub dir", "x[1]", "node_modules", "deep"]) + level;
            path = Join(path, name);
            Directory.CreateDirectory(Path.Combine(root, path));
            _directories.Add(path);
            _deepChain.Add(path);
            foreach (var extension in new[] { ".pyc", Pick(Extensions) }.Distinct())
            {
                var file = Join(path, $"{Pick(["y", "keep", "mod"])}{level}{extension}");
                if (!_files.Contains(file))
                {
                    File.WriteAllText(Path.Combine(root, file), file + "\n");
                    _files.Add(file);
                    _deepFiles.Add(file);
                }
            }
        }
    }

    /// <summary>Exclude a top-level directory or everything, then reach below it with exceptions.</summary>
    private string DeepIgnoreFile()
    {
        var top = _deepChain[0];
        var second = Path.GetFileName(_deepChain[1]);
        var file = Pick(_deepFiles);
        var name = Path.GetFileName(file);
        var text = new StringBuilder();
        text.Append(Pick(["**", "*", top, top + "/**", "/" + top, "./" + top])).Append('\n');
        for (var i = _random.Next(1, 3); i > 0; i--)
        {
            var exception = _random.Next(7) switch
            {
                0 => Path.GetExtension(file) is { Length: > 0 } extension ? "**/*" + extension : "**/" + Escape(name),
                1 => Escape(top) + "/**/" + Escape(name),
                2 => "*/" + Escape(second) + "/*" + Path.GetExtension(file),
                3 => Escape(file),
                4 => Escape(Pick(_deepChain)) + Pick(["/*", "/**", string.Empty]),
                5 => "**/" + Escape(Path.GetFileName(Pick(_deepChain))),
                _ => "**/*.pyc",
            };
            text.Append('!').Append(exception).Append('\n');
        }
        if (_random.Next(3) == 0)
        {
            text.Append(Pick(["**/y*", Escape(Pick(_deepChain)) + "/*.pyc", "**/" + Escape(Path.GetFileName(Pick(_deepChain)))])).Append('\n');
        }
        return text.ToString();
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
