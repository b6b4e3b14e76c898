using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Drydock.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Drydock.Benchmarks.DockerfileParserBenchmarks).Assembly).Run(args);
