using System.Formats.Tar;
using System.Text;
using Drydock.Processes;
using Drydock.Tests.TestSupport;
using Xunit.Abstractions;

namespace Drydock.Tests.BuildContext;

/// <summary>
/// The context Drydock computes, compared with what the real engine received: for generated trees and ignore files,
/// build <c>FROM scratch</c> + <c>COPY . /ctx/</c>, export the image's files, and compare them with
/// <c>drydock context --list</c>.
/// <para>
/// The engine here is Docker 20.10 with the classic builder, which reads only the context's <c>.dockerignore</c>
/// (<c>&lt;Dockerfile&gt;.dockerignore</c> precedence is BuildKit behaviour, covered by the unit tests), so the listing
/// is compared with <c>--builder classic</c>. Where the two builders agree (no wildcard in any exception) the BuildKit
/// listing must match too.
/// </para>
/// Every run also builds <see cref="DeepCases"/> contexts whose ignore file excludes a whole directory (or everything) and
/// re-includes three or four levels below it (<c>**</c> then <c>!**/*.pyc</c> and the like), where the classic builder's
/// directory skipping decides what is sent. The classic listing is asked for as <c>docker build</c> would pick it here:
/// no <c>--builder</c>, <c>DOCKER_BUILDKIT=0</c> in the environment.
/// Fixed seeds; <c>DRYDOCK_CONTEXT_CASES</c> (count) and <c>DRYDOCK_CONTEXT_SEED</c> (first seed) run more by hand.
/// </summary>
[Trait("Category", EngineFixture.Category)]
public sealed class ContextEngineDifferentialTests(EngineFixture engine, ITestOutputHelper output) : IClassFixture<EngineFixture>
{
    internal const int DefaultCases = 8;
    internal const int DefaultSeed = 5041; // 5041..5048 include two contexts where the builders differ (5047, 5048).
    internal const int DeepCases = 6;
    internal const int DeepSeed = 7001;

    [Fact]
    public async Task Listing_matches_what_the_engine_received()
    {
        _ = engine; // The shared connection proves the engine and base images are there (fails, never skips).
        var cases = int.TryParse(Environment.GetEnvironmentVariable("DRYDOCK_CONTEXT_CASES"), out var n) ? n : DefaultCases;
        var firstSeed = int.TryParse(Environment.GetEnvironmentVariable("DRYDOCK_CONTEXT_SEED"), out var s) ? s : DefaultSeed;
        var runId = Guid.NewGuid().ToString("N")[..12];
        var failures = new List<string>();
        var compared = 0;
        var buildKitCompared = 0;
        var all = Enumerable.Range(firstSeed, cases).Select(seed => (Seed: seed, Deep: false))
            .Concat(Enumerable.Range(DeepSeed, DeepCases).Select(seed => (Seed: seed, Deep: true)));
        try
        {
            await CompareAllAsync();
        }
        finally
        {
            // A docker create or build the CLI gave up on (a timeout under load, an interrupted run) can still have
            // happened in the daemon: whatever carries this run's label goes, found by the label, not by the ids seen.
            await SweepAsync(runId);
        }
        output.WriteLine($"{compared} contexts compared with the engine ({buildKitCompared} also in BuildKit mode), seeds {firstSeed}..{firstSeed + cases - 1} and deep {DeepSeed}..{DeepSeed + DeepCases - 1}");
        failures.ShouldBeEmpty(string.Join("\n\n", failures));

        async Task CompareAllAsync()
        {
            foreach (var (seed, deep) in all)
            {
                var directory = Path.Combine(Path.GetTempPath(), $"drydock-ctx-{runId}-{seed}");
                try
                {
                    var ignore = new ContextTreeGenerator(seed, deep).Write(directory);
                    var received = await FilesTheEngineReceivedAsync(directory, runId, seed);
                    var classic = await ListAsync(directory, builder: null);
                    compared++;
                    if (!classic.SequenceEqual(received, StringComparer.Ordinal))
                    {
                        failures.Add(Describe(seed, "classic", ignore, classic, received));
                    }
                    if (!ContextTreeGenerator.HasWildcardException(ignore))
                    {
                        buildKitCompared++;
                        var buildKit = await ListAsync(directory, "buildkit");
                        if (!buildKit.SequenceEqual(received, StringComparer.Ordinal))
                        {
                            failures.Add(Describe(seed, "buildkit", ignore, buildKit, received));
                        }
                    }
                }
                finally
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
        }
    }

    /// <summary>Removes every container and image carrying this run's label, through the suite's engine connection.</summary>
    private async Task SweepAsync(string runId)
    {
        string[] labels = [$"{EngineFixture.RunLabel}={runId}"];
        foreach (var container in await engine.Client.ListContainersAsync(labels, CancellationToken.None))
        {
            await engine.Client.RemoveContainerAsync(container.Id, force: true, removeVolumes: true, CancellationToken.None);
        }
        foreach (var image in await engine.Client.ListImagesAsync(labels, CancellationToken.None))
        {
            await engine.Client.RemoveImageAsync(image.Id, force: true, CancellationToken.None);
        }
    }

    /// <summary>The listing with <c>--builder BUILDER</c>, or with none (auto) as docker build with DOCKER_BUILDKIT=0 would pick.</summary>
    private static async Task<List<string>> ListAsync(string directory, string? builder)
    {
        var result = builder is null
            ? await CliRunner.RunAsync(["context", directory, "--list"], new Dictionary<string, string?> { ["DOCKER_BUILDKIT"] = "0" })
            : await CliRunner.RunAsync(["context", directory, "--list", "--builder", builder]);
        result.ExitCode.ShouldBe(0, result.ToString());
        return [.. result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    /// <summary>Builds the context with the classic builder, exports a container of the image, lists /ctx.</summary>
    private static async Task<List<string>> FilesTheEngineReceivedAsync(string directory, string runId, int seed)
    {
        var label = $"{EngineFixture.RunLabel}={runId}";
        var environment = new Dictionary<string, string?> { ["DOCKER_BUILDKIT"] = "0" };
        var options = new ProcessRunOptions { Environment = environment, Timeout = TimeSpan.FromMinutes(2) };
        var build = await ProcessRunner.RunAsync("docker", ["build", "--quiet", "--no-cache", "--force-rm", "--label", label, "--file", Path.Combine(directory, "Dockerfile"), directory], options);
        build.ExitCode.ShouldBe(0, $"seed {seed}: docker build failed: {build.StandardError}");
        var image = build.StandardOutput.Trim().Split('\n')[^1].Trim();
        string? container = null;
        var archive = Path.Combine(Path.GetTempPath(), $"drydock-ctx-{runId}-{seed}.tar");
        try
        {
            var create = await ProcessRunner.RunAsync("docker", ["create", "--label", label, image, "/nothing"], options);
            create.ExitCode.ShouldBe(0, create.StandardError);
            container = create.StandardOutput.Trim();
            var export = await ProcessRunner.RunAsync("docker", ["export", "--output", archive, container], options);
            export.ExitCode.ShouldBe(0, export.StandardError);
            return ReadCtxEntries(archive);
        }
        finally
        {
            File.Delete(archive);
            if (container is not null)
            {
                (await ProcessRunner.RunAsync("docker", ["rm", "--force", container], options)).ExitCode.ShouldBe(0);
            }
            (await ProcessRunner.RunAsync("docker", ["rmi", "--force", image], options)).ExitCode.ShouldBe(0);
        }
    }

    private static List<string> ReadCtxEntries(string archive)
    {
        var paths = new List<string>();
        using var stream = File.OpenRead(archive);
        using var reader = new TarReader(stream);
        while (reader.GetNextEntry() is { } entry)
        {
            var name = entry.Name.TrimStart('/');
            if (!name.StartsWith("ctx/", StringComparison.Ordinal) || entry.EntryType is TarEntryType.Directory)
            {
                continue;
            }
            paths.Add(name["ctx/".Length..]);
        }
        // Ordinal order of the UTF-8 bytes, as the listing is sorted.
        paths.Sort((a, b) => Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b)));
        return paths;
    }

    private static string Describe(int seed, string builder, string ignore, List<string> listed, List<string> received)
    {
        var missing = received.Except(listed, StringComparer.Ordinal).ToList();
        var extra = listed.Except(received, StringComparer.Ordinal).ToList();
        return $"seed {seed} ({builder}): .dockerignore:\n{ignore}\n" +
            $"  sent by the engine but not listed: {string.Join(", ", missing)}\n" +
            $"  listed but not received by the engine: {string.Join(", ", extra)}" +
            (missing.Count + extra.Count == 0 ? "\n  (same paths, different order)" : string.Empty);
    }
}
