using BenchmarkDotNet.Running;
using Drydock.Benchmarks;

// dotnet run -c Release --project bench/Drydock.Benchmarks -- [BenchmarkDotNet arguments]
//   e.g. --filter '*DockerfileParser*' --job short --inProcess (the Dockerfile parser and rules)
//   e.g. --filter '*ContextWalk*' (set DRYDOCK_BENCH_TREE to a tree made by bench/context/make-tree.py)
// dotnet run -c Release --project bench/Drydock.Benchmarks -- zstd FILE [N]: zstd decoding, managed against libzstd.
// dotnet run -c Release --project bench/Drydock.Benchmarks -- walk DIR [N]: N timed in-process walks, for profiling.
if (args.Length >= 2 && args[0] == "zstd")
{
    // bench/zstd/run.sh: zstd FILE [ROUNDS], the managed decoder against libzstd.
    ZstdDecode.Run(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5);
    return;
}
if (args.Length >= 2 && args[0] == "walk")
{
    ContextWalkBenchmarks.TimeWalks(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5, args.Contains("--list-only"));
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(ContextWalkBenchmarks).Assembly).Run(args);
