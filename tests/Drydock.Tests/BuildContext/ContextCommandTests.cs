using System.Text.Json;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.BuildContext;

public sealed class ContextCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"drydock-context-cli-{Guid.NewGuid():N}");

    public ContextCommandTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task List_prints_only_the_sent_paths()
    {
        Write(".dockerignore", "logs\n*.tmp\n");
        Write("Dockerfile", "FROM scratch\n");
        Write("src/app.py", "print()");
        Write("logs/x.log", "x");
        Write("a.tmp", "x");
        var result = await CliRunner.RunAsync(["context", _root, "--list"]);
        result.ExitCode.ShouldBe(0, result.ToString());
        result.StandardOutput.ShouldBe(".dockerignore\nDockerfile\nsrc/app.py\n");
        result.StandardError.ShouldBeEmpty();
    }

    [Fact]
    public async Task Json_has_the_documented_fields()
    {
        Write(".dockerignore", "big\n");
        Write("big/blob.bin", new string('x', 5000));
        Write("small.txt", "12345");
        Write("lib/code.py", new string('y', 300));
        var result = await CliRunner.RunAsync(["context", _root, "--format", "json", "--top", "1"]);
        result.ExitCode.ShouldBe(0, result.ToString());
        using var json = JsonDocument.Parse(result.StandardOutput);
        var root = json.RootElement;
        root.GetProperty("schemaVersion").GetInt32().ShouldBe(1);
        root.GetProperty("root").GetString().ShouldBe(_root);
        root.GetProperty("ignoreFile").GetString().ShouldBe(Path.Combine(_root, ".dockerignore"));
        root.GetProperty("files").GetInt64().ShouldBe(3);
        root.GetProperty("bytes").GetInt64().ShouldBe(4 + 5 + 300);
        root.GetProperty("excludedFiles").GetInt64().ShouldBe(1);
        root.GetProperty("excludedBytes").GetInt64().ShouldBe(5000);
        var largest = root.GetProperty("largest").EnumerateArray().Single();
        largest.GetProperty("path").GetString().ShouldBe("lib/code.py");
        largest.GetProperty("bytes").GetInt64().ShouldBe(300);
        root.GetProperty("findings").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Text_names_the_ignore_file_and_the_largest_entries()
    {
        Write("Dockerfile", "FROM scratch\n");
        Write("Dockerfile.dockerignore", "assets\n");
        Write(".dockerignore", "nothing\n");
        Write("assets/huge.bin", new string('x', 9000));
        Write("app/main.go", new string('g', 700));
        var result = await CliRunner.RunAsync(["context", _root, "--builder", "buildkit"]);
        result.ExitCode.ShouldBe(0, result.ToString());
        result.StandardOutput.ShouldContain("Dockerfile.dockerignore beside the Dockerfile takes precedence");
        result.StandardOutput.ShouldContain("app/main.go");
        result.StandardOutput.ShouldNotContain("assets/huge.bin");
        var classic = await CliRunner.RunAsync(["context", _root, "--builder", "classic"]);
        classic.StandardOutput.ShouldContain("the classic builder ignores");
        classic.StandardOutput.ShouldContain("assets/huge.bin");
    }

    [Fact]
    public async Task An_invalid_pattern_exits_2_with_its_place()
    {
        Write(".dockerignore", "ok\n\nsrc/[\n");
        var result = await CliRunner.RunAsync(["context", _root]);
        result.ExitCode.ShouldBe(2);
        result.StandardError.ShouldContain(".dockerignore:3:1: syntax error in pattern 'src/['");
        result.StandardError.ShouldContain("drydock: hint:");
        result.StandardOutput.ShouldBeEmpty();
        (await CliRunner.RunAsync(["context", _root, "--list"])).ExitCode.ShouldBe(2);
    }

    [Fact]
    public async Task A_missing_directory_exits_2()
    {
        var result = await CliRunner.RunAsync(["context", Path.Combine(_root, "nope")]);
        result.ExitCode.ShouldBe(2);
        result.StandardError.ShouldContain("is not a directory");
    }

    [Fact]
    public async Task Size_target_comes_from_the_option_or_drydock_yml_and_decides_the_exit_code()
    {
        Write(".dockerignore", "drydock.yml\n");
        Write("data.bin", new string('x', 3000));
        (await CliRunner.RunAsync(["context", _root])).ExitCode.ShouldBe(0);
        var over = await CliRunner.RunAsync(["context", _root, "--max-size", "2kB"]);
        over.ExitCode.ShouldBe(1);
        over.StandardOutput.ShouldContain("CX001");
        (await CliRunner.RunAsync(["context", _root, "--max-size", "2kB", "--fail-on", "error"])).ExitCode.ShouldBe(0);
        Write("drydock.yml", "context:\n  max_size: 1 kB\n");
        (await CliRunner.RunAsync(["context", _root])).ExitCode.ShouldBe(1);
        Write("drydock.yml", "context:\n  max_size: lots\n");
        var bad = await CliRunner.RunAsync(["context", _root]);
        bad.ExitCode.ShouldBe(2);
        bad.StandardError.ShouldContain("drydock.yml:2:13");
        (await CliRunner.RunAsync(["context", _root, "--max-size", "big"])).ExitCode.ShouldBe(2);
    }

    private void Write(string path, string content)
    {
        var full = Path.Combine(_root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }
}
