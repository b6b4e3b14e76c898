using Drydock.Findings;
using Drydock.Images.Layers;

namespace Drydock.Images.Rules;

/// <summary>
/// IM008: compilers and SDKs in an image that runs an application. An image whose command is the tool itself or a
/// shell (a builder or SDK image) is left alone: there a multi-stage build would not remove anything.
/// </summary>
public sealed class BuildToolsRule() : Rule<ImageRuleContext>(Rule)
{
    public static readonly RuleDescriptor Rule = new(
        "IM008",
        "Build tools in a runtime image",
        RuleCategories.Performance,
        Severity.Warning,
        "The image runs '{0}' but still contains {1} ({2}).",
        "Compilers and SDKs make the image larger and give an attacker a toolchain. Build in a first stage (`FROM sdk AS build`) and copy only the output into a runtime stage (`COPY --from=build`).");

    private static readonly HashSet<string> Compilers = new(StringComparer.Ordinal)
    {
        "gcc", "g++", "cc", "c++", "clang", "clang++", "cc1", "cc1plus", "rustc", "javac", "gfortran",
    };

    private static readonly HashSet<string> ToolCommands = new(StringComparer.Ordinal)
    {
        "sh", "bash", "ash", "dash", "zsh", "busybox", "make", "cmake", "gcc", "g++", "cc", "clang", "go", "cargo", "rustc", "javac", "mvn", "gradle",
        "npm", "yarn", "pip", "python", "python3", "node",
    };

    public override IEnumerable<Finding> Check(ImageRuleContext context)
    {
        var command = context.Analysis.Config.Command;
        if (!RunsAnApplication(command))
        {
            yield break;
        }
        var tools = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in context.Analysis.Entries)
        {
            if (file.Entry.Kind is not (EntryKind.File or EntryKind.Symlink or EntryKind.HardLink))
            {
                continue;
            }
            if (Classify(file.Path) is { } tool && !tools.ContainsKey(tool))
            {
                tools[tool] = file.Path;
            }
        }
        foreach (var (tool, path) in tools)
        {
            yield return Report(context.Span, string.Join(' ', command), tool, path);
        }
    }

    /// <summary>The tool a path is, or null: a C/C++/Rust/Java/Go compiler, or a .NET SDK.</summary>
    public static string? Classify(string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        var directory = path[..Math.Max(path.LastIndexOf('/'), 0)];
        if (path.Contains("/dotnet/sdk/", StringComparison.Ordinal) && name == "dotnet.dll")
        {
            return "the .NET SDK";
        }
        if (name == "go" && (directory.EndsWith("/go/bin", StringComparison.Ordinal) || directory == "/usr/bin"))
        {
            return "the Go toolchain";
        }
        if (!directory.EndsWith("/bin", StringComparison.Ordinal) && !directory.Contains("/gcc/", StringComparison.Ordinal))
        {
            return null;
        }
        // gcc-12, x86_64-linux-gnu-gcc-12, clang-16…
        var stem = name;
        var dash = stem.LastIndexOf('-');
        if (dash > 0 && stem[(dash + 1)..].All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            stem = stem[..dash];
        }
        foreach (var compiler in Compilers)
        {
            if (stem == compiler || stem.EndsWith("-" + compiler, StringComparison.Ordinal))
            {
                return compiler switch
                {
                    "rustc" => "the Rust compiler",
                    "javac" => "a Java compiler (JDK)",
                    _ => "a C/C++ compiler",
                };
            }
        }
        return null;
    }

    /// <summary>Whether the command starts an application rather than a shell or the build tool itself.</summary>
    public static bool RunsAnApplication(IReadOnlyList<string> command)
    {
        if (command.Count == 0)
        {
            return false;
        }
        var program = command[0][(command[0].LastIndexOf('/') + 1)..];
        if (program == "dotnet")
        {
            // `dotnet app.dll` runs an app; `dotnet build`/`dotnet` alone is the SDK at work.
            return command.Count > 1 && command[1].EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        }
        var stem = program.Split('-')[0];
        return !ToolCommands.Contains(program) && !ToolCommands.Contains(stem);
    }
}
