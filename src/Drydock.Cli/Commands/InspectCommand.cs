using System.CommandLine;
using Drydock.Cli.Terminal;
using Drydock.Engine;
using Drydock.Images.Analysis;
using Drydock.Images.Assertions;
using Drydock.Images.Layers;
using Drydock.Images.Rules;
using Drydock.Images.Sources;
using Drydock.Measurements;
using Drydock.Reports;
using Drydock.Reports.Rendering;
using Drydock.Text;

namespace Drydock.Cli.Commands;

/// <summary><c>drydock inspect IMAGE|ARCHIVE|DIR</c>: what is really inside an image, read as a stream and never extracted.</summary>
public static class InspectCommand
{
    public static Command Create(CliConsole console)
    {
        var image = new Argument<string>("image")
        {
            Description = "An image in the engine (name, tag or id), a `docker save` archive, an OCI layout directory, or registry://REFERENCE.",
        };
        var files = new Option<string[]>("--files")
        {
            Description = "List the files matching these globs ('/app/**/*.py', '*.pem').",
            AllowMultipleArgumentsPerToken = true,
            HelpName = "GLOB",
        };
        var top = new Option<int>("--top")
        {
            Description = "How many largest files and wasted paths to list.",
            DefaultValueFactory = _ => 10,
            HelpName = "N",
        };
        top.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError("--top must be 0 or more.");
            }
        });
        var noSources = new Option<string[]>("--no-sources")
        {
            Description = "Directories that must hold no interpreted-language sources (IM009), e.g. /app.",
            AllowMultipleArgumentsPerToken = true,
            HelpName = "DIR",
        };
        var maxWaste = new Option<string>("--max-waste")
        {
            Description = "Wasted bytes allowed before IM010 reports them (e.g. 20MB).",
            DefaultValueFactory = _ => "10MB",
            HelpName = "SIZE",
        };
        var expect = new Option<string?>("--expect")
        {
            Description = "Check the image against assertions (metadata, files, efficiency; or a dive .dive-ci file): exit 0 when all pass, 1 when any fails.",
            HelpName = "FILE",
        };
        var format = CommonOptions.Format(ReportFormat.Text, ReportFormat.Json, ReportFormat.Sarif, ReportFormat.Junit, ReportFormat.Markdown, ReportFormat.Github, ReportFormat.Codeclimate, ReportFormat.Checkstyle);
        var failOn = CommonOptions.FailOn();
        var outputs = CommonOptions.Outputs(format);
        var command = new Command("inspect", "Show what is inside an image: layers, wasted space, largest and matching files, configuration and findings.")
        {
            image,
            files,
            top,
            noSources,
            maxWaste,
            expect,
            format,
            failOn,
            outputs,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var maxWasteText = parse.GetValue(maxWaste)!;
            if (!SizeText.TryParseBytes(maxWasteText, out var maxWasteBytes))
            {
                throw new DrydockException($"--max-waste {maxWasteText} is not a size.", null, "Use bytes or a unit: 500kB, 20MB, 1GB, 64MiB.");
            }
            var globs = parse.GetValue(files) ?? [];
            foreach (var glob in globs)
            {
                _ = new GlobPattern(glob);
            }
            var assertions = parse.GetValue(expect) is { } expectPath ? LoadAssertions(Path.GetFullPath(expectPath, console.CurrentDirectory), console.CurrentDirectory) : null;
            DockerClient? client = null;
            try
            {
                var source = ImageSourceResolver.Resolve(
                    parse.GetValue(image)!,
                    () => client = DockerClient.FromEnvironment(console.GetEnvironmentVariable),
                    console.GetEnvironmentVariable,
                    console.CurrentDirectory);
                if (console.LiveProgress)
                {
                    Diagnostics.Info(console, $"reading {source.Name} ({source.Kind.Name()})…");
                }
                var scanOptions = assertions is { ContentPaths.Count: > 0 }
                    ? LayerScanOptions.Default with { CapturePaths = new HashSet<string>([.. LayerScanOptions.Default.CapturePaths, .. assertions.ContentPaths], StringComparer.Ordinal) }
                    : LayerScanOptions.Default;
                var analysis = await ImageInspector.AnalyzeAsync(source, cancellationToken, scanOptions).ConfigureAwait(false);
                var findings = ImageRules.Run(analysis, new ImageRuleOptions
                {
                    NoSourcesUnder = parse.GetValue(noSources) ?? [],
                    MaxWastedBytes = maxWasteBytes,
                });
                var report = InspectReport.Build(analysis, findings, new InspectOptions { Globs = globs, Top = parse.GetValue(top) });
                var failedAssertions = 0;
                if (assertions is not null)
                {
                    var results = ImageAssertionEvaluator.Evaluate(analysis, assertions, ImageAssertionEvaluator.CapturedContent(analysis));
                    failedAssertions = results.Count(result => !result.Passed);
                    report = report with
                    {
                        Parts = report.Parts | ReportParts.Probes,
                        Status = failedAssertions == 0 ? ReportStatus.Passed : ReportStatus.Failed,
                        Probes = [.. results.Select(result => new ProbeResult("image", result.Name, result.Passed ? ProbeStatus.Passed : ProbeStatus.Failed, 1, 0, result.Detail))],
                    };
                }
                ReportOutput.Write(console, report, parse.GetFormat(format, console), parse.GetOutputs(outputs));
                // With --expect the assertions decide; findings fail the run too only when --fail-on (or DRYDOCK_FAIL_ON) says so.
                var threshold = parse.GetFailThreshold(failOn, console, assertions is null ? null : "none");
                return failedAssertions > 0 || findings.Any(finding => threshold.IsFailure(finding.Severity)) ? ExitCodes.Failed : ExitCodes.Success;
            }
            finally
            {
                client?.Dispose();
            }
        });
        return command;
    }

    /// <summary>
    /// An <c>--expect</c> file: dive's <c>.dive-ci</c> format (a top-level <c>rules:</c>) or Drydock's assertions; a
    /// <c>.dive-ci</c> in the working directory supplies the efficiency thresholds the file does not set.
    /// </summary>
    private static ImageAssertions LoadAssertions(string path, string workingDirectory)
    {
        if (!File.Exists(path))
        {
            throw new DrydockException($"--expect {path}: no such file", null, "give the path of a YAML file with metadata:, files: or efficiency: (or a .dive-ci file).");
        }
        var diveCiPath = Path.Combine(workingDirectory, ImageAssertionParser.DiveCiFileName);
        if (ImageAssertionParser.IsDiveCi(path))
        {
            return new ImageAssertions { Efficiency = ImageAssertionParser.LoadDiveCi(path) };
        }
        var assertions = ImageAssertionParser.LoadFile(path);
        if (File.Exists(diveCiPath))
        {
            var diveCi = ImageAssertionParser.LoadDiveCi(diveCiPath);
            assertions = assertions with { Efficiency = assertions.Efficiency?.Over(diveCi) ?? diveCi };
        }
        return assertions;
    }
}
