using System.Diagnostics;
using System.Globalization;
using System.Text;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Cli;

/// <summary>
/// Mutated versions of the repository's own fixtures, for each parser (Dockerfile, Compose, .env, .dockerignore,
/// drydock.yml), through the CLI as users run it: every run ends by itself with exit 0, 1 or 2, never an internal
/// error, within a time and memory guard. Fixed seeds and a small count keep it a few seconds in the normal suite;
/// <c>DRYDOCK_FUZZ_COUNT=2000 DRYDOCK_FUZZ_SEED=7</c> runs longer by hand (tests/README.md).
/// </summary>
public sealed class FuzzTests : IDisposable
{
    private static readonly int Count = int.TryParse(Environment.GetEnvironmentVariable("DRYDOCK_FUZZ_COUNT"), CultureInfo.InvariantCulture, out var count) ? count : 12;

    private static readonly int BaseSeed = int.TryParse(Environment.GetEnvironmentVariable("DRYDOCK_FUZZ_SEED"), CultureInfo.InvariantCulture, out var seed) ? seed : 15;

    // What hostile input is made of: references, nesting, control characters, huge numbers, quotes, long runs.
    private static readonly string[] Fragments =
    [
        "${", "}", "${A:-${B:-${C:-x}}}", "$(", ")", "\"", "'", "\\", "\n", "\r\n", "\t", "\u001b]0;t\u0007", "\u0000", "\u202e",
        "99999999999999999999999", "1e309", "-5", ":", "- ", "{", "[", "]", "&a", "*a", "<<: *a", "#", "!", "**/", "..",
        "FROM scratch AS x\n", "RUN <<EOF\n", "EOF\n", "ARG A=${A}\n", "ONBUILD ", "\\\n", "=", "%", "s", "1m30s",
    ];

    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    private const long MaxWorkingSetBytes = 3L << 30;

    private readonly string _directory = Directory.CreateTempSubdirectory("drydock-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<string> Kinds() => ["Dockerfile", "compose.yaml", ".env", ".dockerignore", "drydock.yml"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Mutated_fixtures_end_with_exit_0_1_or_2_and_a_sentence(string kind)
    {
        var fixtures = Fixtures(kind);
        fixtures.ShouldNotBeEmpty();
        var random = new Random(BaseSeed * 31 + kind.Length);
        for (var i = 0; i < Count; i++)
        {
            var original = File.ReadAllText(fixtures[random.Next(fixtures.Count)]);
            var mutated = Mutate(original, random);
            var caseDirectory = Path.Combine(_directory, i.ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(caseDirectory);
            File.WriteAllText(Path.Combine(caseDirectory, kind), mutated);
            if (kind is ".env" or ".dockerignore" or "drydock.yml")
            {
                File.WriteAllText(Path.Combine(caseDirectory, "compose.yaml"), "services:\n  web:\n    build: .\n    env_file: .env\n");
                File.WriteAllText(Path.Combine(caseDirectory, "Dockerfile"), "FROM busybox:1.36\nCOPY . /app\n");
                if (kind != ".env")
                {
                    File.WriteAllText(Path.Combine(caseDirectory, ".env"), "A=1\n");
                }
            }
            string[][] runs = kind == "compose.yaml" || kind == ".env"
                ? [["check", caseDirectory, "--no-shellcheck"], ["config", "-f", Path.Combine(caseDirectory, "compose.yaml")]]
                : [["check", caseDirectory, "--no-shellcheck"]];
            foreach (var args in runs)
            {
                var clock = Stopwatch.StartNew();
                var result = await CliRunner.RunAsync(args, workingDirectory: caseDirectory).WaitAsync(Guard);
                var context = $"{kind} #{i} (seed {BaseSeed}), {string.Join(' ', args)}, {clock.Elapsed.TotalSeconds:0.0} s\n--- input ---\n{Truncate(mutated)}\n{result}";
                result.ExitCode.ShouldBeOneOf([0, 1, 2], context);
                result.StandardError.ShouldNotContain("internal error", Case.Insensitive, context);
                result.StandardOutput.ShouldNotContain("\u001b", Case.Sensitive, context);
                Environment.WorkingSet.ShouldBeLessThan(MaxWorkingSetBytes, context);
            }
            Directory.Delete(caseDirectory, recursive: true);
        }
    }

    private static List<string> Fixtures(string kind)
    {
        var roots = new[] { RepoPaths.Examples, Path.Combine(RepoPaths.Root, "tests", "compose-corpus"), Path.Combine(RepoPaths.Root, "tests", "verify-stacks") };
        bool Matches(string name) => kind switch
        {
            "Dockerfile" => name == "Dockerfile" || name.EndsWith(".Dockerfile", StringComparison.Ordinal),
            "compose.yaml" => name.StartsWith("compose", StringComparison.Ordinal) || name.StartsWith("docker-compose", StringComparison.Ordinal),
            ".env" => name == ".env" || name.EndsWith(".env", StringComparison.Ordinal),
            ".dockerignore" => name.EndsWith(".dockerignore", StringComparison.Ordinal),
            _ => name is "drydock.yml" or "drydock.yaml",
        };
        var found = roots.Where(Directory.Exists)
            .SelectMany(root => Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
            .Where(path => !path.Contains("/bin/", StringComparison.Ordinal) && !path.Contains("/obj/", StringComparison.Ordinal) && !path.Contains("/node_modules/", StringComparison.Ordinal))
            .Where(path => Matches(Path.GetFileName(path)) && new FileInfo(path).Length < 256 * 1024)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (found.Count == 0 && kind == ".dockerignore")
        {
            var sample = Path.Combine(Path.GetTempPath(), "drydock-fuzz-sample.dockerignore");
            File.WriteAllText(sample, "# sample\n**/node_modules\n!keep\n*.log\nbuild/\n/.git\n");
            found.Add(sample);
        }
        return found;
    }

    /// <summary>A few edits: fragments inserted, bytes flipped, lines duplicated, deep nesting, truncation.</summary>
    internal static string Mutate(string text, Random random)
    {
        var builder = new StringBuilder(text);
        var edits = 1 + random.Next(6);
        for (var e = 0; e < edits; e++)
        {
            var at = builder.Length == 0 ? 0 : random.Next(builder.Length + 1);
            switch (random.Next(7))
            {
                case 0 or 1:
                    builder.Insert(at, Fragments[random.Next(Fragments.Length)]);
                    break;
                case 2 when builder.Length > 0:
                    builder[Math.Min(at, builder.Length - 1)] = (char)random.Next(0, 0x250);
                    break;
                case 3 when builder.Length > 0:
                    var start = Math.Min(at, builder.Length - 1);
                    var length = Math.Min(builder.Length - start, random.Next(1, 400));
                    var piece = builder.ToString(start, length);
                    builder.Insert(start, string.Concat(Enumerable.Repeat(piece, random.Next(2, 50))));
                    break;
                case 4:
                    var depth = random.Next(50, 3000);
                    var (open, close) = random.Next(3) switch
                    {
                        0 => ("${V:-", "}"),
                        1 => ("$(", ")"),
                        _ => ("[", "]"),
                    };
                    builder.Insert(at, string.Concat(Enumerable.Repeat(open, depth)) + "x" + string.Concat(Enumerable.Repeat(close, depth)));
                    break;
                case 5 when builder.Length > 0:
                    builder.Length = Math.Min(at, builder.Length);
                    break;
                default:
                    builder.Insert(at, new string((char)random.Next(0x20, 0x7f), random.Next(1, 70_000)));
                    break;
            }
        }
        return builder.ToString();
    }

    private static string Truncate(string text) => text.Length <= 2000 ? text : text[..2000] + $"… ({text.Length} chars)";
}
