using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Drydock.BuildContext;
using Drydock.BuildContext.IgnoreFile;
using Drydock.BuildContext.Walker;

namespace Drydock.Benchmarks;

/// <summary>
/// The context walker in-process: listing (no metadata) and the full summary walk, over the tree in
/// DRYDOCK_BENCH_TREE (make it with bench/context/make-tree.py). The whole-process comparison with find is
/// bench/context/run.sh.
/// </summary>
[MemoryDiagnoser]
public class ContextWalkBenchmarks
{
    private string _tree = string.Empty;
    private byte[][] _paths = [];

    [GlobalSetup]
    public void Setup()
    {
        _tree = Environment.GetEnvironmentVariable("DRYDOCK_BENCH_TREE") is { Length: > 0 } tree
            ? tree
            : throw new InvalidOperationException("Set DRYDOCK_BENCH_TREE to a tree made by bench/context/make-tree.py.");
        _paths = [.. Directory.EnumerateFiles(_tree, "*", SearchOption.AllDirectories).Take(20_000).Select(path => System.Text.Encoding.UTF8.GetBytes(Path.GetRelativePath(_tree, path)))];
    }

    [Benchmark]
    public long List()
    {
        long count = 0;
        ContextAnalyzer.List(_tree, null, ContextBuilder.BuildKit, _ => count++);
        return count;
    }

    [Benchmark]
    public long Summary() => ContextAnalyzer.Analyze(_tree, new ContextAnalysisOptions()).Walk!.Files;

    [Benchmark]
    public int MatchEveryPath()
    {
        var matcher = IgnoreMatcher.Create(DockerIgnoreFile.Read(Path.Combine(_tree, ".dockerignore")));
        var results = new bool[matcher.Patterns.Count];
        var excluded = 0;
        foreach (var path in _paths)
        {
            excluded += matcher.MatchesUsingParentResults(path, [], results) ? 1 : 0;
        }
        return excluded;
    }

    /// <summary>Times repeated listings in one process: the first includes JIT, the rest are steady state.</summary>
    public static void TimeWalks(string tree, int iterations, bool listOnly = false)
    {
        var process = Process.GetCurrentProcess();
        for (var i = 0; i < iterations; i++)
        {
            var clock = Stopwatch.StartNew();
            var cpu = process.TotalProcessorTime;
            long count = 0;
            ContextAnalyzer.List(tree, null, ContextBuilder.BuildKit, _ => count++);
            process.Refresh();
            var list = (clock.Elapsed.TotalMilliseconds, (process.TotalProcessorTime - cpu).TotalMilliseconds);
            if (listOnly)
            {
                Console.WriteLine($"list {count} paths: {list.Item1:0.0} ms wall, {list.Item2:0.0} ms CPU (user {process.UserProcessorTime.TotalMilliseconds:0}, system {process.PrivilegedProcessorTime.TotalMilliseconds:0} so far)");
                continue;
            }
            clock.Restart();
            cpu = process.TotalProcessorTime;
            var files = ContextAnalyzer.Analyze(tree, new ContextAnalysisOptions()).Walk!.Files;
            process.Refresh();
            Console.WriteLine($"list {count} paths: {list.Item1:0.0} ms wall, {list.Item2:0.0} ms CPU; summary {files} files: {clock.Elapsed.TotalMilliseconds:0.0} ms wall, {(process.TotalProcessorTime - cpu).TotalMilliseconds:0.0} ms CPU");
        }
    }
}
