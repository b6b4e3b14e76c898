using System.CommandLine;
using System.Text;
using Drydock.BuildContext.Walker;
using Drydock.BuildContext;
using Drydock.Cli.Terminal;
using Drydock.Configuration;
using Drydock.Measurements;
using Drydock.Processes;
using Drydock.Reports.Commands;
using Drydock.Reports.Rendering;
using Drydock.Text;

namespace Drydock.Cli.Commands;

/// <summary>
/// <c>drydock context [DIR]</c>: what the client would send to the builder, measured without an engine: files and bytes
/// sent and excluded, the largest files and directories, which ignore file applied, and the CX findings.
/// <c>--list</c> prints only the sent paths.
/// </summary>
public static class ContextCommand
{
    public static Command Create(CliConsole console)
    {
        var directory = new Argument<string>("DIR") { Description = "The build context directory.", DefaultValueFactory = _ => "." };
        var file = new Option<string?>("--file", "-f") { Description = "The Dockerfile (default: DIR/Dockerfile); its NAME.dockerignore takes precedence with BuildKit.", HelpName = "DOCKERFILE" };
        var list = new Option<bool>("--list") { Description = "Print each sent file or symlink path relative to DIR, sorted, one per line, and nothing else." };
        var top = new Option<int>("--top") { Description = "How many of the largest files and directories to show.", DefaultValueFactory = _ => 10, HelpName = "N" };
        var builder = new Option<string>("--builder") { Description = "Whose transfer rules to apply: auto (the builder docker build would use here: DOCKER_BUILDKIT, else the docker CLI's default), buildkit or classic (DOCKER_BUILDKIT=0).", DefaultValueFactory = _ => "auto", HelpName = "auto|buildkit|classic" };
        builder.AcceptOnlyFromAmong("auto", "buildkit", "classic");
        var maxSize = new Option<string?>("--max-size") { Description = "CX001's size target, e.g. 70MB (default: drydock.yml context.max_size, else 100MB).", HelpName = "SIZE" };
        var format = CommonOptions.Format(ReportFormat.Text, ReportFormat.Json, ReportFormat.Sarif, ReportFormat.Junit, ReportFormat.Markdown, ReportFormat.Github, ReportFormat.Codeclimate, ReportFormat.Checkstyle);
        var failOn = CommonOptions.FailOn();
        var outputs = CommonOptions.Outputs(format);
        var command = new Command("context", "Measure the build context Docker would send: files, bytes, what the ignore file excludes, and problems.")
        {
            directory, file, list, top, builder, maxSize, format, failOn, outputs,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var root = Path.GetFullPath(parse.GetValue(directory)!, console.CurrentDirectory);
            var dockerfile = parse.GetValue(file) is { } given ? Path.GetFullPath(given, console.CurrentDirectory) : null;
            var contextBuilder = parse.GetValue(builder) switch
            {
                "classic" => ContextBuilder.Classic,
                "buildkit" => ContextBuilder.BuildKit,
                _ => (await DetectBuilderAsync(console, cancellationToken)).Builder,
            };
            if (parse.GetValue(list))
            {
                return WriteList(console, root, dockerfile, contextBuilder, cancellationToken);
            }
            var settings = new ContextRuleSettings { MaxBytes = MaxBytes(parse.GetValue(maxSize), root) };
            var analysis = ContextAnalyzer.Analyze(root, new ContextAnalysisOptions { DockerfilePath = dockerfile, Builder = contextBuilder, Settings = settings }, cancellationToken);
            if (analysis.Walk is null)
            {
                // The ignore file is invalid: Docker refuses the build, and there is nothing to measure.
                var invalid = analysis.Findings[0];
                throw new DrydockException(invalid.Message, invalid.Span, invalid.FixHint);
            }
            var report = ContextReport.Build(analysis, Math.Max(0, parse.GetValue(top)), settings);
            ReportOutput.Write(console, report, parse.GetFormat(format, console), parse.GetOutputs(outputs));
            var threshold = parse.GetFailThreshold(failOn, console);
            return report.Findings.Any(finding => threshold.IsFailure(finding.Severity)) ? ExitCodes.Failed : ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The builder <c>docker build</c> would use in this environment (asks <c>docker --version</c> only without DOCKER_BUILDKIT).</summary>
    private static async Task<ContextBuilderChoice> DetectBuilderAsync(CliConsole console, CancellationToken cancellationToken)
    {
        string? version = null;
        if (string.IsNullOrEmpty(console.GetEnvironmentVariable("DOCKER_BUILDKIT")) && ProcessRunner.FindOnPath("docker") is { } docker)
        {
            try
            {
                var result = await ProcessRunner.RunAsync(docker, ["--version"], new ProcessRunOptions { Timeout = TimeSpan.FromSeconds(60) }, cancellationToken);
                version = result.Succeeded ? result.StandardOutput : null;
            }
            catch (TimeoutException)
            {
                // A docker CLI that does not answer is an unknown version: Docker's default builder, as detection says.
                version = string.Empty;
            }
        }
        return ContextBuilderDetection.Detect(console.GetEnvironmentVariable, version);
    }

    private static int WriteList(CliConsole console, string root, string? dockerfile, ContextBuilder builder, CancellationToken cancellationToken)
    {
        console.Out.Flush();
        var odd = 0;
        // Raw bytes when stdout is a stream (names that are not UTF-8 print as they are, like find); text otherwise.
        var stream = console.Out is StreamWriter { BaseStream: var baseStream } ? new BufferedStream(baseStream, 1 << 16) : null;
        var text = stream is null ? new StringBuilder() : null;
        ContextWalkResult walk;
        try
        {
            walk = ContextAnalyzer.List(root, dockerfile, builder, path =>
            {
                if (path.IndexOfAny((byte)'\n', (byte)'\r') >= 0)
                {
                    // One path per line: a line break inside a name is written escaped.
                    odd++;
                    var escaped = Encoding.UTF8.GetBytes(ContextWalker.Escape(path));
                    Write(escaped);
                    return;
                }
                Write(path);
            }, cancellationToken);
        }
        finally
        {
            stream?.Flush();
        }
        if (text is not null)
        {
            console.Out.Write(text.ToString());
            console.Out.Flush();
        }
        if (odd > 0)
        {
            Diagnostics.Warning(console, $"{odd} sent path(s) contain a line break; they are listed with it written as \\n or \\r.");
        }
        // A directory that cannot be read (permission, a path over PATH_MAX) is not listed; the list says so rather
        // than differ from Docker's context without a word.
        foreach (var problem in walk.Unreadable)
        {
            Diagnostics.Warning(console, $"{problem.Path}: {problem.Problem}; it is not listed.");
        }
        return ExitCodes.Success;

        void Write(ReadOnlySpan<byte> path)
        {
            if (stream is not null)
            {
                stream.Write(path);
                stream.WriteByte((byte)'\n');
            }
            else
            {
                text!.Append(Encoding.UTF8.GetString(path)).Append('\n');
            }
        }
    }

    private static long MaxBytes(string? option, string root)
    {
        if (option is not null)
        {
            return SizeText.TryParseBytes(option, out var bytes) ? bytes
                : throw new DrydockException($"--max-size '{option}' is not a size", fix: "write a number with a unit, e.g. 70MB or 1.5GB.");
        }
        if (DrydockConfigFile.Find(root) is { } configPath)
        {
            var config = DrydockConfigFile.Load(configPath);
            if (ContextSettingsSection.Read(config) is { } fromConfig)
            {
                return fromConfig.MaxBytes;
            }
        }
        return ContextRuleSettings.DefaultMaxBytes;
    }
}
