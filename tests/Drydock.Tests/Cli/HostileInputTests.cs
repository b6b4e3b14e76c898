using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Drydock.Tests.Images;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Cli;

/// <summary>
/// Hostile and odd input (issue 15): special files, huge or deeply nested values, escape sequences and credentials.
/// Every case ends by itself with exit 0, 1 or 2 and a sentence, never an internal error.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    // A guard against a regression that blocks (a FIFO read): the test fails instead of hanging the suite.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    private readonly string _directory = Directory.CreateTempSubdirectory("drydock-hostile-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private string Fifo(string name)
    {
        var path = Path.Combine(_directory, name);
        using var mkfifo = Process.Start("mkfifo", [path])!;
        mkfifo.WaitForExit();
        mkfifo.ExitCode.ShouldBe(0);
        return path;
    }

    private async Task<CliResult> RunAsync(params string[] args)
    {
        var result = await CliRunner.RunAsync(args, workingDirectory: _directory).WaitAsync(Guard);
        result.StandardError.ShouldNotContain("internal error", Case.Insensitive, result.ToString());
        return result;
    }

    private static void ShouldRefuse(CliResult result, string path, string sentence)
    {
        result.ExitCode.ShouldBe(2, result.ToString());
        result.StandardError.ShouldContain(Path.GetFileName(path), Case.Sensitive, result.ToString());
        result.StandardError.ShouldContain(sentence, Case.Sensitive, result.ToString());
    }

    [Fact]
    public async Task A_fifo_as_a_dockerfile_is_refused_without_blocking()
    {
        var fifo = Fifo("Dockerfile");
        ShouldRefuse(await RunAsync("check", fifo, "--no-shellcheck"), fifo, "named pipe (FIFO), not a regular file");
    }

    [Fact]
    public async Task A_fifo_as_a_compose_file_is_refused_by_config_and_check()
    {
        var fifo = Fifo("compose.yaml");
        ShouldRefuse(await RunAsync("config", "-f", fifo), fifo, "named pipe (FIFO)");
        ShouldRefuse(await RunAsync("check", fifo, "--no-shellcheck"), fifo, "named pipe (FIFO)");
    }

    [Fact]
    public async Task A_fifo_as_env_file_option_config_or_env_file_key_is_refused()
    {
        var compose = Write("compose.yaml", "services:\n  web:\n    image: busybox:1.36\n");
        var envFifo = Fifo("ci.env");
        ShouldRefuse(await RunAsync("config", "-f", compose, "--env-file", envFifo), envFifo, "named pipe (FIFO)");
        var configFifo = Fifo("drydock.yml");
        ShouldRefuse(await RunAsync("check", compose, "--config", configFifo, "--no-shellcheck"), configFifo, "named pipe (FIFO)");
        File.Delete(configFifo);
        Write("compose.yaml", "services:\n  web:\n    image: busybox:1.36\n    env_file: ci.env\n");
        ShouldRefuse(await RunAsync("config", "-f", compose), envFifo, "named pipe (FIFO)");
    }

    [Theory]
    [InlineData("/dev/zero")]
    [InlineData("/dev/urandom")]
    public async Task A_device_as_env_file_include_extends_or_config_is_refused(string device)
    {
        var compose = Write("compose.yaml", $"services:\n  web:\n    image: busybox:1.36\n    env_file: {device}\n");
        ShouldRefuse(await RunAsync("config", "-f", compose), device, "is a device, not a regular file");
        Write("compose.yaml", $"include:\n  - {device}\nservices:\n  web:\n    image: busybox:1.36\n");
        ShouldRefuse(await RunAsync("config", "-f", compose), device, "is a device");
        Write("compose.yaml", $"services:\n  web:\n    extends:\n      file: {device}\n      service: base\n");
        ShouldRefuse(await RunAsync("config", "-f", compose), device, "is a device");
        Write("compose.yaml", "services:\n  web:\n    image: busybox:1.36\n");
        ShouldRefuse(await RunAsync("check", compose, "--config", device, "--no-shellcheck"), device, "is a device");
        ShouldRefuse(await RunAsync("config", "-f", compose, "--env-file", device), device, "is a device");
    }

    [Fact]
    public async Task A_fifo_as_an_oci_index_is_refused()
    {
        Write("layout/oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}");
        var fifo = Fifo("layout/index.json");
        ShouldRefuse(await RunAsync("inspect", Path.Combine(_directory, "layout")), fifo, "named pipe (FIFO)");
    }

    [Fact]
    public async Task An_oci_blob_that_links_outside_the_layout_is_refused()
    {
        var layer = LayerTars.Tar(TarItem.Text("etc/motd", "hello"));
        var config = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["rootfs"] = new Dictionary<string, object> { ["type"] = "layers", ["diff_ids"] = new[] { ImageArchives.Digest(layer) } },
        });
        var layout = Path.Combine(_directory, "layout");
        ImageArchives.WriteDirectory(layout, await ImageArchives.OciLayoutAsync(config, [layer], [BlobCompression.None], withSaveManifest: false));
        var blob = Path.Combine(layout, "blobs", "sha256", ImageArchives.Digest(layer)[7..]);
        var outside = Write("outside.tar", "not part of the layout");
        File.Delete(blob);
        File.CreateSymbolicLink(blob, outside);
        var result = await RunAsync("inspect", layout);
        result.ExitCode.ShouldBe(2, result.ToString());
        result.StandardError.ShouldContain("is a symbolic link to " + outside + ", outside the layout", Case.Sensitive, result.ToString());
    }

    [Fact]
    public async Task A_truncated_archive_is_an_english_sentence_naming_the_file()
    {
        var tar = ImageArchives.Tar([("manifest.json", Encoding.UTF8.GetBytes("[" + new string(' ', 4000) + "]"))]);
        var archive = Path.Combine(_directory, "image.tar");
        File.WriteAllBytes(archive, tar[..700]);
        var result = await RunAsync("inspect", archive);
        result.ExitCode.ShouldBe(2, result.ToString());
        result.StandardError.ShouldContain("image.tar", Case.Sensitive, result.ToString());
        result.StandardError.ShouldNotContain("_", Case.Sensitive, result.ToString()); // no resource keys such as IO_EOF_ReadBeyondEOF
    }

    [Fact]
    public async Task A_31_kb_archive_claiming_a_million_layers_is_refused_within_a_small_heap()
    {
        // The issue's case: a .tar.gz of about 31 KB whose manifest.json lists 1.1 million layers (15 MB of JSON).
        const int claimed = 1_100_000;
        var manifest = new StringBuilder("[{\"Config\":\"c.json\",\"RepoTags\":[\"hostile:1\"],\"Layers\":[");
        for (var i = 0; i < claimed; i++)
        {
            manifest.Append(i == 0 ? "\"a/layer.tar\"" : ",\"a/layer.tar\"");
        }
        manifest.Append("]}]");
        var tar = ImageArchives.Tar([("manifest.json", Encoding.UTF8.GetBytes(manifest.ToString())), ("c.json", "{}"u8.ToArray())]);
        var archive = Path.Combine(_directory, "hostile.tar.gz");
        using (var file = File.Create(archive))
        using (var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.SmallestSize))
        {
            gzip.Write(tar);
        }
        new FileInfo(archive).Length.ShouldBeLessThan(64 * 1024, "a small file that claims a huge image");

        // Its own process with a 256 MB hard limit on the GC heap: allocating for what the manifest claims (1.8 GB
        // before the limit) fails the process with OutOfMemoryException instead of exiting 2 with a sentence.
        var start = new ProcessStartInfo("dotnet", [RepoPaths.CliAssembly, "inspect", archive])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            Environment = { ["DOTNET_GCHeapHardLimit"] = "0x10000000" },
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(Guard);
        var error = await stderr;
        process.ExitCode.ShouldBe(2, error + await stdout);
        // One sentence, naming the file and the claim.
        error.Trim().Split('\n').Length.ShouldBe(1, error);
        error.ShouldContain("hostile.tar.gz: manifest.json lists 1,100,000 layers; Drydock reads images of at most 4,096 layers.", Case.Sensitive, error);
    }

    [Theory]
    [InlineData("yaml")]
    [InlineData("json")]
    public async Task The_variable_list_of_a_megabyte_value_31_deep_is_bounded_and_says_so(string format)
    {
        // 31 nested defaults around 1 MB: each level's default holds the levels inside it, 31 MB in all.
        const int depth = 31;
        var value = string.Concat(Enumerable.Range(0, depth).Select(i => $"${{V{i}:-")) + new string('a', 1 << 20) + new string('}', depth);
        var compose = Write("compose.yaml", $"services:\n  web:\n    image: busybox:1.36\n    environment:\n      A: \"{value}\"\n");
        var result = await RunAsync("config", "--variables", "-f", compose, "--format", format);
        result.ExitCode.ShouldBe(0, result.StandardError);
        // 31 rows of at most 256 characters of each value: a few KB, where it was 33.5 MB.
        result.StandardOutput.Length.ShouldBeLessThan(32 * 1024);
        result.StandardOutput.ShouldContain("(1,048,576 characters)"); // the innermost default, exactly 1 MiB
        result.StandardError.ShouldContain("31 variable(s) have a default or alternate value longer than 256 characters; the list shows its first 256 and its length.");
    }

    [Fact]
    public async Task Nesting_interpolation_thousands_deep_is_refused_with_its_position()
    {
        var depth = 8_000;
        var value = string.Concat(Enumerable.Range(0, depth).Select(i => $"${{V{i}:-")) + "x" + new string('}', depth);
        var compose = Write("compose.yaml", $"services:\n  web:\n    image: busybox:1.36\n    environment:\n      A: \"{value}\"\n");
        var result = await RunAsync("config", "-f", compose);
        result.ExitCode.ShouldBe(2, result.ToString());
        result.StandardError.ShouldContain("compose.yaml:5:10", Case.Sensitive, result.ToString());
        result.StandardError.ShouldContain("nested more than 32 deep", Case.Sensitive, result.ToString());
    }

    [Theory]
    [InlineData("stop_grace_period: 99999999999999999999999s", "compose.yaml:4:24")]
    [InlineData("healthcheck:\n      test: [\"CMD\", \"true\"]\n      interval: 9999999999999999999999h", "compose.yaml:6:17")]
    [InlineData("shm_size: 99999999999999999999999", "compose.yaml:4:15")]
    [InlineData("cpus: 1e309", "compose.yaml:4:11")]
    public async Task Values_out_of_range_are_errors_with_their_position_in_config_and_check(string line, string position)
    {
        var compose = Write("compose.yaml", $"services:\n  web:\n    image: busybox:1.36\n    {line}\n");
        var config = await RunAsync("config", "-f", compose);
        config.ExitCode.ShouldBe(2, config.ToString());
        config.StandardError.ShouldContain(position, Case.Sensitive, config.ToString());
        var check = await RunAsync("check", compose, "--no-shellcheck", "--format", "json");
        check.ExitCode.ShouldBeOneOf(1, 2);
        (check.StandardOutput + check.StandardError).ShouldContain(position[(position.IndexOf(':') + 1)..].Split(':')[0], Case.Sensitive, check.ToString());
        check.StandardOutput.ShouldNotContain("Infinity", Case.Sensitive, check.ToString());
    }

    [Fact]
    public async Task Escape_sequences_in_values_reach_text_output_escaped_and_json_as_json_escapes()
    {
        var dockerfile = Write("Dockerfile", "FROM busybox\u001b]0;pwned\u0007\nRUN echo hi\n");
        var text = await RunAsync("check", dockerfile, "--no-shellcheck");
        text.StandardOutput.ShouldNotContain("\u001b", Case.Sensitive, text.ToString());
        text.StandardOutput.ShouldNotContain("\u0007", Case.Sensitive, text.ToString());
        text.StandardOutput.ShouldContain("\\x1b]0;pwned\\x07", Case.Sensitive, text.ToString());
        foreach (var format in new[] { "markdown", "github", "junit" })
        {
            var other = await RunAsync("check", dockerfile, "--no-shellcheck", "--format", format);
            other.StandardOutput.ShouldNotContain("\u001b", Case.Sensitive, other.ToString());
        }
        var json = await RunAsync("check", dockerfile, "--no-shellcheck", "--format", "json");
        json.StandardOutput.ShouldNotContain("\u001b", Case.Sensitive, json.ToString());
        json.StandardOutput.ShouldContain("\\u001B", Case.Sensitive, json.ToString());
    }

    [Fact]
    public async Task A_newline_in_a_file_name_never_splits_a_finding_line()
    {
        var directory = Path.Combine(_directory, "odd\nname");
        Directory.CreateDirectory(directory);
        var dockerfile = Path.Combine(directory, "Dockerfile");
        File.WriteAllText(dockerfile, "FROM busybox\n");
        var result = await RunAsync("check", dockerfile, "--no-shellcheck");
        var findingLines = result.StandardOutput.Split('\n').Where(line => line.Contains(": warning ", StringComparison.Ordinal) || line.Contains(": error ", StringComparison.Ordinal) || line.Contains(": info ", StringComparison.Ordinal)).ToList();
        findingLines.ShouldNotBeEmpty(result.ToString());
        findingLines.ShouldAllBe(line => line.Contains("odd\\nname/Dockerfile:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Code_frames_of_credential_findings_mask_the_value_and_keep_the_key()
    {
        var compose = Write("compose.yaml", "services:\n  web:\n    image: busybox:1.36\n    environment:\n      DB_PASSWORD: hunter2-Xq7vLp9sT\n");
        var result = await RunAsync("check", compose, "--no-shellcheck");
        result.StandardOutput.ShouldContain("DC011", Case.Sensitive, result.ToString());
        result.StandardOutput.ShouldContain("DB_PASSWORD: ********", Case.Sensitive, result.ToString());
        result.StandardOutput.ShouldNotContain("hunter2-Xq7vLp9sT", Case.Sensitive, result.ToString());
        var dockerfile = Write("Dockerfile", "FROM busybox:1.36\nENV GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789\n");
        var frames = await RunAsync("check", dockerfile, "--no-shellcheck");
        frames.StandardOutput.ShouldContain("ENV GITHUB_TOKEN=********", Case.Sensitive, frames.ToString());
        frames.StandardOutput.ShouldNotContain("ghp_abcdefghijklmnopqrstuvwxyz0123456789", Case.Sensitive, frames.ToString());
    }

    [Fact]
    public async Task An_unterminated_quote_in_env_does_not_echo_a_credential()
    {
        var compose = Write("compose.yaml", "services:\n  web:\n    image: busybox:1.36\n    env_file: app.env\n");
        Write("app.env", "API_TOKEN=\"s3cr3t-value-never-shown\n");
        var result = await RunAsync("config", "-f", compose);
        result.ExitCode.ShouldBe(2, result.ToString());
        result.StandardError.ShouldContain("unterminated quoted value of API_TOKEN", Case.Sensitive, result.ToString());
        result.StandardError.ShouldNotContain("s3cr3t-value-never-shown", Case.Sensitive, result.ToString());
    }

    [Theory]
    [InlineData("timeout: 10 minutes")]
    [InlineData("timeout: -5s")]
    [InlineData("log_errors: [\"(unclosed\"]")]
    [InlineData("load:\n  - name: l\n    service: web\n    connections: -5\n    duration: 1s")]
    [InlineData("load:\n  - name: l\n    service: web\n    duration: 1s\n    thresholds:\n      http_req_duration: [\"p(95)<<500\"]")]
    [InlineData("services:\n  web:\n    probes:\n      - name: p\n        http: /\n        expect: {status: 999999}")]
    public async Task Check_validates_the_verify_sections_of_drydock_yml(string section)
    {
        var compose = Write("compose.yaml", "services:\n  web:\n    image: busybox:1.36\n");
        Write("drydock.yml", section + "\n");
        var result = await RunAsync("check", compose, "--config", Path.Combine(_directory, "drydock.yml"), "--no-shellcheck");
        result.ExitCode.ShouldBe(2, result.ToString());
        result.StandardError.ShouldMatch(@"drydock\.yml:\d+:\d+: ");
        result.StandardError.Split('\n').Count(line => line.StartsWith("drydock: error:", StringComparison.Ordinal)).ShouldBe(1, result.ToString());
    }

    [Fact]
    public async Task An_empty_path_an_overlong_path_and_a_non_utf8_name_are_sentences()
    {
        var empty = await RunAsync("check", "");
        empty.ExitCode.ShouldBe(2, empty.ToString());
        var deep = string.Join('/', Enumerable.Repeat(new string('a', 200), 30)) + "/Dockerfile";
        var overlong = await RunAsync("check", deep);
        overlong.ExitCode.ShouldBe(2, overlong.ToString());
        var mangled = await RunAsync("check", Path.Combine(_directory, "caf\uFFFD"));
        mangled.ExitCode.ShouldBe(2, mangled.ToString());
    }

    [Fact]
    public async Task Four_hundred_unknown_instructions_give_a_hundred_findings_and_a_summary()
    {
        var dockerfile = Write("Dockerfile", "FROM busybox:1.36\n" + string.Concat(Enumerable.Repeat("FOO bar\n", 400)));
        var result = await RunAsync("check", dockerfile, "--no-shellcheck", "--format", "json");
        using var json = JsonDocument.Parse(result.StandardOutput);
        var syntax = json.RootElement.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("rule").GetString() == "DF002").ToList();
        syntax.Count.ShouldBe(101, result.ToString());
        syntax[^1].GetProperty("message").GetString().ShouldBe("… and 300 more DF002 findings in this file (only the first 100 are listed)");
    }

    [Fact]
    public async Task A_one_megabyte_env_line_is_checked()
    {
        var compose = Write("compose.yaml", "services:\n  web:\n    image: busybox:1.36\n    env_file: app.env\n");
        Write("app.env", "LONG=" + new string('a', 1 << 20) + "\n");
        var result = await RunAsync("check", compose, "--no-shellcheck");
        result.ExitCode.ShouldBeOneOf([0, 1], result.ToString());
    }

    [Fact]
    public async Task One_sigterm_ends_a_command_that_waits_on_a_silent_peer()
    {
        // A registry on 127.0.0.1 that accepts the connection and never answers: inspect waits on it.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var start = new ProcessStartInfo("dotnet", [RepoPaths.CliAssembly, "inspect", $"registry://127.0.0.1:{port}/silent/image:1"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var peer = await listener.AcceptTcpClientAsync().WaitAsync(Guard);
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
        {
            await kill.WaitForExitAsync();
        }
        await process.WaitForExitAsync().WaitAsync(Guard);
        process.ExitCode.ShouldBe(130, await stderr);
        (await stderr).ShouldContain("interrupted", Case.Sensitive);
    }
}
