using System.Text;
using BenchmarkDotNet.Attributes;
using Drydock.Dockerfiles.Parsing;
using Drydock.Dockerfiles.Rules;
using Drydock.Dockerfiles.Stages;

namespace Drydock.Benchmarks;

/// <summary>
/// Parser throughput, in process: the 33 Dockerfiles of BuildKit's parser test vectors and the 35 of the check-speed
/// tree (bench/generate-check-tree.sh), parsed to BuildKit's node tree, to typed instructions and stages, and checked
/// by the 80 pure rules (no ShellCheck). Throughput = corpus size / mean time (the sizes are printed at start).
/// </summary>
[MemoryDiagnoser]
public class DockerfileParserBenchmarks
{
    private List<string> _conformance = [];
    private List<string> _tree = [];
    private List<DockerfileDocument> _treeDocuments = [];

    [GlobalSetup]
    public void Setup()
    {
        var root = FindRepository();
        _conformance = Directory.GetDirectories(Path.Combine(root, "tests", "conformance", "dockerfile-parser", "cases"))
            .Order(StringComparer.Ordinal)
            .Select(directory => File.ReadAllText(Path.Combine(directory, "Dockerfile")))
            .ToList();
        var tree = Path.Combine(Path.GetTempPath(), "drydock-bench-tree");
        if (!Directory.Exists(tree))
        {
            var generator = System.Diagnostics.Process.Start("bash", [Path.Combine(root, "bench", "generate-check-tree.sh"), tree]);
            generator.WaitForExit();
        }
        _tree = Directory.GetFiles(tree, "Dockerfile", SearchOption.AllDirectories)
            .Where(path => !path.Contains("node_modules", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .ToList();
        _treeDocuments = _tree.Select(text => DockerfileDocument.Parse(text)).ToList();
        Console.WriteLine($"// corpus: conformance {_conformance.Count} files, {Bytes(_conformance)} bytes, {Lines(_conformance)} lines; tree {_tree.Count} files, {Bytes(_tree)} bytes, {Lines(_tree)} lines");
    }

    [Benchmark(Description = "conformance: BuildKit node tree")]
    public int ConformanceNodes() => _conformance.Sum(text => DockerfileParser.Parse(text).Instructions.Count);

    [Benchmark(Description = "tree: BuildKit node tree")]
    public int TreeNodes() => _tree.Sum(text => DockerfileParser.Parse(text).Instructions.Count);

    [Benchmark(Description = "tree: typed instructions and stages")]
    public int TreeDocuments() => _tree.Sum(text => DockerfileDocument.Parse(text).Stages.Count);

    [Benchmark(Description = "tree: ARG/ENV resolution")]
    public int TreeResolution() => _treeDocuments.Sum(document => document.Resolve().Stages.Count);

    [Benchmark(Description = "tree: parse + resolve + 80 rules")]
    public int TreeRules() => _tree.Sum(text => DockerfileRules.Run(new DockerfileAnalysis(DockerfileDocument.Parse(text))).Count);

    private static int Bytes(List<string> texts) => texts.Sum(text => Encoding.UTF8.GetByteCount(text));

    private static int Lines(List<string> texts) => texts.Sum(text => text.Count(c => c == '\n'));

    private static string FindRepository()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Drydock.slnx")))
            {
                return directory.FullName;
            }
        }
        return Environment.CurrentDirectory;
    }
}
