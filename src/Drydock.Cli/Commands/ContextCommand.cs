using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text;
using Drydock.BuildContext.Walker;
using Drydock.BuildContext;
using Drydock.Cli.Terminal;
using Drydock.Configuration;
using Drydock.Measurements;
using Drydock.Reports.Rendering;
using Drydock.Reports;
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
        var builder = new Option<string>("--builder") { Description = "Whose transfer rules to apply: buildkit (the default builder) or classic (DOCKER_BUILDKIT=0).", DefaultValueFactory = _ => "buildkit", HelpName = "buildkit|classic" };
        builder.AcceptOnlyFromAmong("buildkit", "classic");
        var maxSize = new Option<string?>("--max-size") { Description = "CX001's size target, e.g. 70MB (default: drydock.yml context.max_size, else 100MB).", HelpName = "SIZE" };
        var format = CommonOptions.Format(ReportFormat.Text, ReportFormat.Json, ReportFormat.Sarif, ReportFormat.Junit, ReportFormat.Markdown, ReportFormat.Github, ReportFormat.Codeclimate, ReportFormat.Checkstyle);
        var failOn = CommonOptions.FailOn();
        var outputs = CommonOptions.Outputs(format);
        var command = new Command("context", "Measure the build context Docker would send: files, bytes, what the ignore file excludes, and problems.")
        {
            directory, file, list, top, builder, maxSize, format, failOn, outputs,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var root = Path.GetFullPath(parse.GetValue(directory)!, console.CurrentDirectory);
            var dockerfile = parse.GetValue(file) is { } given ? Path.GetFullPath(given, console.CurrentDirectory) : null;
            var contextBuilder = parse.GetValue(builder) == "classic" ? ContextBuilder.Classic : ContextBuilder.BuildKit;
            if (parse.GetValue(list))
            {
                return Task.FromResult(WriteList(console, root, dockerfile, contextBuilder, cancellationToken));
            }
            var settings = new ContextRuleSettings { MaxBytes = MaxBytes(parse.GetValue(maxSize), root) };
            var analysis = ContextAnalyzer.Analyze(root, new ContextAnalysisOptions { DockerfilePath = dockerfile, Builder = contextBuilder, Settings = settings }, cancellationToken);
            if (analysis.Walk is null)
            {
                // The ignore file is invalid: Docker refuses the build, and there is nothing to measure.
                var invalid = analysis.Findings[0];
                throw new DrydockException(invalid.Message, invalid.Span, invalid.FixHint);
            }
            var report = ToReport(analysis, Math.Max(0, parse.GetValue(top)), settings);
            ReportOutput.Write(console, report, parse.GetFormat(format, console), parse.GetOutputs(outputs));
            var threshold = parse.GetFailThreshold(failOn, console);
            return Task.FromResult(report.Findings.Any(finding => threshold.IsFailure(finding.Severity)) ? ExitCodes.Failed : ExitCodes.Success);
        });
        return command;
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

    public static Report ToReport(ContextAnalysis analysis, int top, ContextRuleSettings settings)
    {
        var walk = analysis.Walk!;
        var ignore = analysis.IgnoreFile;
        var items = new List<KeyValuePair<string, string>>
        {
            new("Context", analysis.Root),
            new("Ignore file", ignore.Path is { } path ? $"{path} ({ignore.Reason})" : ignore.Reason),
            new("Builder", analysis.Builder == ContextBuilder.Classic ? "classic" : "BuildKit"),
            new("Sent", $"{Count(walk.Files)} files, {Units.FormatBytes(walk.Bytes)}" + Extras(walk)),
            new("Excluded", $"{Count(walk.ExcludedFiles)} files, {Units.FormatBytes(walk.ExcludedBytes)}"),
            new("Size target", $"< {Units.FormatBytes(settings.MaxBytes)}"),
        };
        if (ignore.Note is { } note)
        {
            items.Add(new("Note", note));
        }
        var blocks = new List<ReportBlock> { new KeyValueBlock("Summary", items) };
        var largest = LargestFiles(walk, top);
        if (largest.Count > 0)
        {
            blocks.Add(new TableBlock("Largest files sent", [new("Path"), new("Size", AlignRight: true)],
                [.. largest.Select(entry => (IReadOnlyList<string>)[entry.Path, Units.FormatBytes(entry.Size)])]));
        }
        var directories = LargestDirectories(walk, top);
        if (directories.Count > 0)
        {
            blocks.Add(new TableBlock("Largest directories sent", [new("Path"), new("Files", AlignRight: true), new("Size", AlignRight: true)],
                [.. directories.Select(total => (IReadOnlyList<string>)[total.Path + "/", Count(total.Files), Units.FormatBytes(total.Bytes)])]));
        }
        if (walk.OddNames.Count > 0)
        {
            blocks.Add(new NoteBlock("Unusual names (line breaks or not UTF-8)", string.Join('\n', walk.OddNames.Take(20))));
        }

        var data = new JsonObject
        {
            ["root"] = analysis.Root,
            ["ignoreFile"] = ignore.Path,
            ["builder"] = analysis.Builder == ContextBuilder.Classic ? "classic" : "buildkit",
            ["files"] = walk.Files,
            ["bytes"] = walk.Bytes,
            ["symlinks"] = walk.Symlinks,
            ["directories"] = walk.Directories,
            ["excludedFiles"] = walk.ExcludedFiles,
            ["excludedBytes"] = walk.ExcludedBytes,
            ["maxBytes"] = settings.MaxBytes,
            ["largest"] = new JsonArray([.. largest.Select(entry => (JsonNode)new JsonObject { ["path"] = entry.Path, ["bytes"] = entry.Size })]),
            ["largestDirectories"] = new JsonArray([.. directories.Select(total => (JsonNode)new JsonObject { ["path"] = total.Path, ["files"] = total.Files, ["bytes"] = total.Bytes })]),
            ["unreadable"] = new JsonArray([.. walk.Unreadable.Select(problem => (JsonNode)new JsonObject { ["path"] = problem.Path, ["problem"] = problem.Problem })]),
            ["oddNames"] = new JsonArray([.. walk.OddNames.Select(name => (JsonNode)JsonValue.Create(name))]),
        };
        return new Report
        {
            Command = "context",
            Title = "Build context",
            Parts = ReportParts.Findings | ReportParts.Summary,
            Findings = analysis.Findings,
            Blocks = blocks,
            Data = data,
            FilesAnalyzed = (int)Math.Min(int.MaxValue, walk.Files),
        };
    }

    private static string Extras(ContextWalkResult walk)
    {
        var parts = new List<string>();
        if (walk.Symlinks > 0)
        {
            parts.Add(Plural(walk.Symlinks, "symlink"));
        }
        if (walk.SpecialFiles > 0)
        {
            parts.Add(Plural(walk.SpecialFiles, "special file"));
        }
        parts.Add(walk.Directories == 1 ? "1 directory" : $"{Count(walk.Directories)} directories");
        return $" ({string.Join(", ", parts)})";
    }

    private static List<ContextEntry> LargestFiles(ContextWalkResult walk, int top) =>
        [.. walk.Entries.Where(entry => entry.Kind == ContextEntryKind.File).OrderByDescending(entry => entry.Size).ThenBy(entry => entry.Path, StringComparer.Ordinal).Take(top)];

    /// <summary>The largest directories, a chain of directories holding the same bytes shown once (its deepest).</summary>
    private static List<ContextDirectoryTotal> LargestDirectories(ContextWalkResult walk, int top)
    {
        var byPath = walk.DirectoryTotals.ToDictionary(total => total.Path, StringComparer.Ordinal);
        var shadowed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var total in walk.DirectoryTotals)
        {
            var slash = total.Path.LastIndexOf('/');
            if (slash > 0 && byPath.TryGetValue(total.Path[..slash], out var parent) && parent.Bytes == total.Bytes && parent.Files == total.Files)
            {
                shadowed.Add(parent.Path);
            }
        }
        return [.. walk.DirectoryTotals.Where(total => !shadowed.Contains(total.Path)).OrderByDescending(total => total.Bytes).ThenBy(total => total.Path, StringComparer.Ordinal).Take(top)];
    }

    private static string Plural(long value, string noun) => value == 1 ? $"1 {noun}" : $"{Count(value)} {noun}s";

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
