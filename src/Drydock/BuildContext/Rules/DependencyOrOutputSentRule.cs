using Drydock.Findings;
using Drydock.Measurements;
using Drydock.Text;

namespace Drydock.BuildContext.Rules;

/// <summary>
/// CX004: dependency or build-output directories sent: node_modules, Python virtual environments and bytecode caches,
/// and bin/obj, target and dist when the project file beside them shows they are build output. A directory a COPY/ADD
/// source names (or lies within) is intended and not reported.
/// </summary>
public sealed class DependencyOrOutputSentRule() : Rule<ContextModel>(Rule)
{
    private static readonly string[] DotnetProjects = [".csproj", ".fsproj", ".vbproj"];

    public static readonly RuleDescriptor Rule = new(
        "CX004", "Dependency or build-output directory sent", RuleCategories.Performance, Severity.Warning,
        "{0} is sent ({1}: {2} files, {3})",
        "Dependencies and build output are rebuilt inside the image; sending the host's copy slows every build and can "
        + "leak host-specific binaries into the image. Add the directory to .dockerignore (for example `**/node_modules`).");

    public override IEnumerable<Finding> Check(ContextModel model)
    {
        var directories = new ContextDirectories(model.Walk);
        var copied = model.Sources.SelectMany(source => source.Sent).ToList();
        var reported = new List<string>();
        var caches = new List<string>();
        foreach (var path in directories.Ordered)
        {
            if (reported.Exists(done => ContextDirectories.IsWithin(path, done)))
            {
                continue;
            }
            var kind = Classify(path, directories);
            if (kind is null || copied.Exists(source => ContextDirectories.IsWithin(source, path)))
            {
                continue;
            }
            if (kind == PycacheKind)
            {
                caches.Add(path);
                continue;
            }
            reported.Add(path);
            var total = directories.Totals[path];
            yield return Report(SourceSpan.WholeFile(Path.Combine(model.Root, path)), path + "/", kind, total.Files, Units.FormatBytes(total.Bytes))
                with { FixHint = $"add '{path}' to .dockerignore" };
        }
        if (caches.Count > 0)
        {
            // One finding for all bytecode caches: there is usually one per package.
            var files = caches.Sum(path => directories.Totals[path].Files);
            var bytes = caches.Sum(path => directories.Totals[path].Bytes);
            var label = caches.Count == 1 ? caches[0] + "/" : $"{caches[0]}/ and {caches.Count - 1} more __pycache__ directories";
            yield return Report(SourceSpan.WholeFile(Path.Combine(model.Root, caches[0])), label, PycacheKind, files, Units.FormatBytes(bytes))
                with { FixHint = "add '**/__pycache__' and '**/*.pyc' to .dockerignore" };
        }
    }

    private const string PycacheKind = "Python bytecode cache";

    private static string? Classify(string path, ContextDirectories directories)
    {
        var parent = ContextDirectories.Parent(path);
        bool Beside(Func<string, bool> name) => directories.HasSentFileMatching(parent, name);
        switch (ContextDirectories.Name(path))
        {
            case "node_modules":
                return "npm dependencies";
            case ".venv":
                return "Python virtual environment";
            case "venv" or "env" when directories.IsSentFile(path + "/pyvenv.cfg"):
                return "Python virtual environment";
            case "__pycache__":
                return PycacheKind;
            case "bin" or "obj" when Beside(name => DotnetProjects.Any(extension => name.EndsWith(extension, StringComparison.Ordinal)))
                || directories.Totals.ContainsKey(path + "/Debug") || directories.Totals.ContainsKey(path + "/Release"):
                return ".NET build output";
            case "target" when Beside(name => name is "Cargo.toml" or "pom.xml" or "build.gradle" or "build.gradle.kts") || directories.IsSentFile(path + "/CACHEDIR.TAG"):
                return "Rust or Java build output";
            case "dist" when Beside(name => name == "package.json"):
                return "JavaScript build output";
            default:
                return null;
        }
    }
}
