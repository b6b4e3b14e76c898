using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using Drydock.Processes;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Images;

/// <summary>
/// The test images, built offline FROM scratch with the host's static busybox and files whose sizes are known, once per
/// content: each is tagged with a hash of its Dockerfile and context and only built when that tag is missing.
/// <list type="bullet">
/// <item><c>waste</c>: a file added then deleted, an overwritten file, a directory emptied and re-created (opaque), a
/// setuid binary (ADDed from a tar, since COPY drops the bit), a world-writable file, a secret in ENV, no USER (root), no HEALTHCHECK.</item>
/// <item><c>clean</c>: user app (uid 1000), a health check, an exposed port, Python sources and bytecode under /app.</item>
/// </list>
/// Also exported per run: the waste image as a <c>docker save</c> archive, and converted by <see cref="ImageArchives"/>
/// into an OCI layout directory and an OCI-layout archive (Docker 20.10 here only writes the legacy layout).
/// </summary>
public sealed class ImageFixtures : IAsyncLifetime
{
    public const string RunLabel = "io.drydock.run=drydock-image-fixtures";

    public const int BigFile = 300_000;
    public const int ConfigV1 = 1_000;
    public const int ConfigV2 = 2_500;
    public const int CacheA = 4_000;
    public const int CacheB = 6_000;
    public const int Tool = 700;
    public const int Shared = 10;
    public const string Passwd = "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/app:/bin/sh\n";
    public const string Group = "root:x:0:\napp:x:1000:\n";
    public const string MainPy = "print('hello')\n";
    public const string UtilPy = "VALUE = 42\n";
    public const int Bytecode = 321;

    private static readonly Lazy<Task<Built>> Shared_ = new(BuildAllAsync);

    public static string BusyboxPath => "/bin/busybox";

    public static long Busybox => new FileInfo(BusyboxPath).Length;

    public string WasteImage { get; private set; } = null!;

    public string CleanImage { get; private set; } = null!;

    public string WasteArchive { get; private set; } = null!;

    public string WasteOciDirectory { get; private set; } = null!;

    public string WasteOciArchive { get; private set; } = null!;

    public string WorkDirectory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var built = await Shared_.Value;
        (WasteImage, CleanImage, WasteArchive, WasteOciDirectory, WasteOciArchive, WorkDirectory) =
            (built.Waste, built.Clean, built.WasteArchive, built.OciDirectory, built.OciArchive, built.WorkDirectory);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Everything the waste image's layers hold, worked out by hand from the files the Dockerfile copies.</summary>
    public static class Expected
    {
        public static long PasswdAndGroup => Passwd.Length + Group.Length;

        /// <summary>Layer sizes in order (a RUN rm layer holds only a directory and a whiteout: 0 bytes).</summary>
        public static long[] WasteLayers =>
            [Busybox, PasswdAndGroup, BigFile, 0, ConfigV1, ConfigV2, CacheA + CacheB, ConfigV2, Tool, Shared];

        public static long WasteSize => WasteLayers.Sum();

        /// <summary>big.bin (added, deleted) + config.txt (1000 then 2500) + cache a and b (hidden by the opaque directory).</summary>
        public static long WastedBytes => BigFile + (ConfigV1 + ConfigV2) + CacheA + CacheB;

        /// <summary>Sum of each path's smallest size over the sum of all sizes seen.</summary>
        public static double Efficiency
        {
            get
            {
                double minimum = Busybox + PasswdAndGroup + 0 + ConfigV1 + 0 + 0 + ConfigV2 + Tool + Shared;
                double total = Busybox + PasswdAndGroup + BigFile + ConfigV1 + ConfigV2 + CacheA + CacheB + ConfigV2 + Tool + Shared;
                return minimum / total;
            }
        }
    }

    public const string WasteDockerfile = """
        FROM scratch
        COPY busybox /bin/busybox
        COPY passwd group /etc/
        COPY big.bin /data/big.bin
        RUN ["/bin/busybox", "rm", "/data/big.bin"]
        COPY v1/config.txt /etc/app/config.txt
        COPY v2/config.txt /etc/app/config.txt
        COPY cache/ /var/cache/thing/
        RUN ["/bin/busybox", "sh", "-c", "/bin/busybox rm -rf /var/cache/thing && /bin/busybox mkdir /var/cache/thing && /bin/busybox cp /etc/app/config.txt /var/cache/thing/c"]
        ADD tool.tar /usr/local/bin/
        COPY shared.txt /srv/shared.txt
        ENV API_TOKEN=supersecretvalue123 APP_MODE=production
        CMD ["/usr/local/bin/tool"]
        """;

    public const string CleanDockerfile = """
        FROM scratch
        COPY busybox /bin/busybox
        COPY passwd group /etc/
        COPY app/ /app/
        USER app
        EXPOSE 8080
        HEALTHCHECK --interval=5s --timeout=2s --retries=3 CMD ["/bin/busybox", "true"]
        ENTRYPOINT ["/bin/busybox", "httpd", "-f", "-p", "8080"]
        """;

    private sealed record Built(string Waste, string Clean, string WasteArchive, string OciDirectory, string OciArchive, string WorkDirectory);

    private static async Task<Built> BuildAllAsync()
    {
        var work = WorkDirectoryForThisRun();
        var waste = await BuildAsync(work, "waste", WasteDockerfile, new Dictionary<string, (byte[] Content, UnixFileMode Mode)>
        {
            ["busybox"] = (await File.ReadAllBytesAsync(BusyboxPath), Executable),
            ["passwd"] = (Encoding.UTF8.GetBytes(Passwd), Regular),
            ["group"] = (Encoding.UTF8.GetBytes(Group), Regular),
            ["big.bin"] = (TarItem.Fill(BigFile), Regular),
            ["v1/config.txt"] = (TarItem.Fill(ConfigV1), Regular),
            ["v2/config.txt"] = (TarItem.Fill(ConfigV2), Regular),
            ["cache/a"] = (TarItem.Fill(CacheA), Regular),
            ["cache/b"] = (TarItem.Fill(CacheB), Regular),
            // COPY drops the setuid bit; ADD of a local tar keeps the modes the tar records.
            ["tool.tar"] = (LayerTars.Tar(TarItem.File("tool", Tool, mode: 0b100_111_101_101)), Regular),
            ["shared.txt"] = (TarItem.Fill(Shared), Regular | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite),
        });
        var clean = await BuildAsync(work, "clean", CleanDockerfile, new Dictionary<string, (byte[] Content, UnixFileMode Mode)>
        {
            ["busybox"] = (await File.ReadAllBytesAsync(BusyboxPath), Executable),
            ["passwd"] = (Encoding.UTF8.GetBytes(Passwd), Regular),
            ["group"] = (Encoding.UTF8.GetBytes(Group), Regular),
            ["app/main.py"] = (Encoding.UTF8.GetBytes(MainPy), Regular),
            ["app/pkg/util.py"] = (Encoding.UTF8.GetBytes(UtilPy), Regular),
            ["app/pkg/__pycache__/util.cpython-311.pyc"] = (TarItem.Fill(Bytecode), Regular),
        });

        var archive = Path.Combine(work, "waste.tar");
        await DockerAsync("save", "-o", archive, waste);
        var (config, layers) = ReadLegacyArchive(archive);
        var compressions = layers.Select((_, i) => i == 2 ? BlobCompression.Zstd : BlobCompression.Gzip).ToList();
        var directory = Path.Combine(work, "waste-oci");
        ImageArchives.WriteDirectory(directory, await ImageArchives.OciLayoutAsync(config, layers, compressions, withSaveManifest: false, waste));
        var ociArchive = Path.Combine(work, "waste-oci.tar");
        // Docker 25+'s own shape: uncompressed blobs, index.json and a manifest.json pointing into blobs/.
        await File.WriteAllBytesAsync(ociArchive, ImageArchives.Tar(await ImageArchives.OciLayoutAsync(config, layers, [.. layers.Select(_ => BlobCompression.None)], withSaveManifest: true, waste)));
        return new Built(waste, clean, archive, directory, ociArchive, work);
    }

    /// <summary>A per-process directory; those of test runs that are gone are removed (the test host may skip exit handlers).</summary>
    private static string WorkDirectoryForThisRun()
    {
        const string prefix = "drydock-image-tests-";
        foreach (var stale in Directory.EnumerateDirectories(Path.GetTempPath(), prefix + "*"))
        {
            if (int.TryParse(Path.GetFileName(stale)[prefix.Length..], out var pid) && pid != Environment.ProcessId && !IsRunning(pid))
            {
                Directory.Delete(stale, recursive: true);
            }
        }
        var work = Path.Combine(Path.GetTempPath(), prefix + Environment.ProcessId);
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }
        Directory.CreateDirectory(work);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(work, recursive: true);
        return work;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private const UnixFileMode Regular = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Executable = Regular | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private static async Task<string> BuildAsync(string work, string name, string dockerfile, Dictionary<string, (byte[] Content, UnixFileMode Mode)> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(dockerfile + RunLabel));
        foreach (var (path, (content, mode)) in files.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{path}:{(int)mode}:"));
            hash.AppendData(content);
        }
        var tag = $"drydock-test/images-{name}:{Convert.ToHexStringLower(hash.GetHashAndReset())[..16]}";
        var exists = await ProcessRunner.RunAsync("docker", ["image", "inspect", "--format", "{{.Id}}", tag]);
        if (exists.Succeeded)
        {
            return tag;
        }
        var context = Path.Combine(work, "context-" + name);
        foreach (var (path, (content, mode)) in files)
        {
            var target = Path.Combine(context, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await File.WriteAllBytesAsync(target, content);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(target, mode);
            }
        }
        await File.WriteAllTextAsync(Path.Combine(context, "Dockerfile"), dockerfile);
        await DockerAsync("build", "--quiet", "--force-rm", "--label", RunLabel, "-t", tag, context);
        return tag;
    }

    public static async Task<string> DockerAsync(params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("docker", arguments, new ProcessRunOptions
        {
            Timeout = TimeSpan.FromMinutes(3),
            Environment = new Dictionary<string, string?> { ["DOCKER_BUILDKIT"] = "0" },
        });
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"docker {string.Join(' ', arguments)} failed: {result.StandardError}{result.StandardOutput}");
        }
        return result.StandardOutput.Trim();
    }

    /// <summary>The config and layer tars of a legacy <c>docker save</c> archive, in manifest order.</summary>
    public static (byte[] Config, List<byte[]> Layers) ReadLegacyArchive(string archive)
    {
        var files = new Dictionary<string, byte[]>();
        var links = new Dictionary<string, string>();
        using (var reader = new TarReader(File.OpenRead(archive)))
        {
            while (reader.GetNextEntry() is { } entry)
            {
                if (entry.EntryType == TarEntryType.SymbolicLink)
                {
                    links[entry.Name] = Path.GetFullPath(Path.Combine("/", Path.GetDirectoryName(entry.Name)!, entry.LinkName))[1..];
                }
                else if (entry.DataStream is { } data)
                {
                    using var copy = new MemoryStream();
                    data.CopyTo(copy);
                    files[entry.Name] = copy.ToArray();
                }
            }
        }
        using var manifest = System.Text.Json.JsonDocument.Parse(files["manifest.json"]);
        var image = manifest.RootElement[0];
        var config = files[image.GetProperty("Config").GetString()!];
        var layers = image.GetProperty("Layers").EnumerateArray()
            .Select(layer => layer.GetString()!)
            .Select(path => files[links.GetValueOrDefault(path, path)])
            .ToList();
        return (config, layers);
    }
}
