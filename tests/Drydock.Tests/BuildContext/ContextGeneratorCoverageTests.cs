using Drydock.Tests.TestSupport;

namespace Drydock.Tests.BuildContext;

/// <summary>The seeds the engine test runs in CI exercise what it is meant to catch.</summary>
public sealed class ContextGeneratorCoverageTests
{
    [Fact]
    public async Task Generated_cases_include_contexts_where_the_builders_differ_and_where_exceptions_apply()
    {
        int differing = 0, withExceptions = 0, excluding = 0;
        const int first = ContextEngineDifferentialTests.DefaultSeed;
        for (var seed = first; seed < first + ContextEngineDifferentialTests.DefaultCases; seed++)
        {
            var directory = Path.Combine(Path.GetTempPath(), $"drydock-ctx-coverage-{Guid.NewGuid():N}");
            try
            {
                var ignore = new ContextTreeGenerator(seed).Write(directory);
                var classic = await CliRunner.RunAsync(["context", directory, "--list", "--builder", "classic"]);
                var buildKit = await CliRunner.RunAsync(["context", directory, "--list", "--builder", "buildkit"]);
                var all = Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories).Count(path => !Directory.Exists(path) || new FileInfo(path).LinkTarget is not null);
                differing += classic.StandardOutput != buildKit.StandardOutput ? 1 : 0;
                withExceptions += ignore.Contains("\n!", StringComparison.Ordinal) || ignore.Contains(" !", StringComparison.Ordinal) ? 1 : 0;
                excluding += classic.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length < all ? 1 : 0;
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        differing.ShouldBeGreaterThan(0, "no seed makes the classic builder and BuildKit differ");
        withExceptions.ShouldBeGreaterThan(2);
        excluding.ShouldBeGreaterThan(4);
    }

    [Fact]
    public async Task Deep_cases_exclude_whole_directories_and_reach_below_them()
    {
        int differing = 0, deepSent = 0;
        for (var seed = ContextEngineDifferentialTests.DeepSeed; seed < ContextEngineDifferentialTests.DeepSeed + ContextEngineDifferentialTests.DeepCases; seed++)
        {
            var directory = Path.Combine(Path.GetTempPath(), $"drydock-ctx-coverage-{Guid.NewGuid():N}");
            try
            {
                var ignore = new ContextTreeGenerator(seed, deepExceptions: true).Write(directory);
                ignore.ShouldContain("\n!");
                var classic = await CliRunner.RunAsync(["context", directory, "--list", "--builder", "classic"]);
                var buildKit = await CliRunner.RunAsync(["context", directory, "--list", "--builder", "buildkit"]);
                differing += classic.StandardOutput != buildKit.StandardOutput ? 1 : 0;
                // A path three levels down sent although its top-level directory (or everything) is excluded.
                deepSent += buildKit.StandardOutput.Split('\n').Any(path => path.Count(c => c == '/') >= 2) ? 1 : 0;
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        differing.ShouldBeGreaterThanOrEqualTo(2, "the deep cases must include contexts where the classic builder skips what BuildKit sends");
        deepSent.ShouldBeGreaterThanOrEqualTo(3, "the deep cases must re-include files deep below excluded directories");
    }
}
