using System.CommandLine;
using Drydock.Cli.Terminal;
using Drydock.Compose.Loading;
using Drydock.Reports.Rendering;
using Drydock.Verification;

namespace Drydock.Cli.Commands;

/// <summary>
/// <c>drydock verify [DIR|drydock.yml]</c>: build and start the stack through Compose, measure it through the Engine API
/// against drydock.yml's targets, and tear down what it started.
/// </summary>
public static class VerifyCommand
{
    public static Command Create(CliConsole console)
    {
        var path = new Argument<string>("path")
        {
            Description = "The directory holding the compose file (and optionally drydock.yml), or a drydock.yml.",
            DefaultValueFactory = _ => ".",
        };
        var files = new Option<string[]>("--file", "-f")
        {
            Description = "Compose file(s), in order (default: drydock.yml's compose:, else Compose's discovery).",
            HelpName = "FILE",
        };
        var profiles = new Option<string[]>("--profile") { Description = "Activate a Compose profile (repeatable).", HelpName = "PROFILE" };
        var envFiles = new Option<string[]>("--env-file") { Description = "Interpolation environment file instead of the project's .env (repeatable).", HelpName = "FILE" };
        var noCache = new Option<bool>("--no-cache") { Description = "Build without the build cache: measure a cold build." };
        var keep = new Option<bool>("--keep") { Description = "Leave the stack running afterwards (prints how to remove it)." };
        var removeImages = new Option<bool>("--remove-images") { Description = "Also remove the images this run built (kept by default, for the build cache)." };
        var timeout = new Option<string?>("--timeout") { Description = "The longest the whole run may take (e.g. 10m); overrides drydock.yml's timeout.", HelpName = "DURATION" };
        var reportDir = new Option<string?>("--report-dir") { Description = "Also write report.md, report.json, junit.xml and report.html here.", HelpName = "DIR" };
        var baseline = new Option<string?>("--baseline") { Description = "A previous run's report.json: compare with it in every format, and judge relative targets (> 0.9 * baseline).", HelpName = "REPORT" };
        var format = CommonOptions.Format(ReportFormat.Text, ReportFormat.Json, ReportFormat.Markdown, ReportFormat.Junit, ReportFormat.Html);
        var failOn = CommonOptions.FailOn();
        failOn.DefaultValueFactory = _ => "error";
        failOn.Description = "Fail the run when a runtime finding (RT rules) is at least this severe (none: never). Targets and probes always count.";
        var command = new Command("verify", "Build, start and measure a Compose stack against drydock.yml's targets; always tears down what it started.")
        {
            path, files, profiles, envFiles, noCache, keep, removeImages, timeout, reportDir, baseline, format, failOn,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            TimeSpan? limit = null;
            if (parse.GetValue(timeout) is { } timeoutText)
            {
                if (!ComposeUnits.TryParseDuration(timeoutText, out var parsed, out _) || parsed <= TimeSpan.Zero)
                {
                    throw new DrydockException($"--timeout {timeoutText} is not a duration.", null, "Write e.g. 90s, 10m or 1h30m.");
                }
                limit = parsed;
            }
            var options = new VerifyOptions
            {
                Path = parse.GetValue(path) ?? ".",
                ComposeFiles = parse.GetValue(files) ?? [],
                Profiles = parse.GetValue(profiles) ?? [],
                EnvFiles = parse.GetValue(envFiles) ?? [],
                NoCache = parse.GetValue(noCache),
                Keep = parse.GetValue(keep),
                RemoveImages = parse.GetValue(removeImages),
                Timeout = limit,
                Baseline = parse.GetValue(baseline),
                FailOn = parse.GetFailThreshold(failOn),
                GetEnvironmentVariable = console.GetEnvironmentVariable,
                CurrentDirectory = console.CurrentDirectory,
            };
            using var progress = new VerifyProgressView(console);
            var result = await progress.RunAsync(() => VerifyRunner.RunAsync(options, progress, cancellationToken)).ConfigureAwait(false);
            ReportOutput.Write(console, result.Report, parse.GetFormat(format));
            if (parse.GetValue(reportDir) is { } directory)
            {
                var written = ReportOutput.WriteFiles(console, result.Report, Path.GetFullPath(directory, console.CurrentDirectory),
                    [ReportFormat.Markdown, ReportFormat.Json, ReportFormat.Junit, ReportFormat.Html]);
                Diagnostics.Info(console, $"reports written: {string.Join(", ", written.Select(file => Path.GetRelativePath(console.CurrentDirectory, file)))}");
            }
            if (result.KeepHint is { } hint)
            {
                Diagnostics.Info(console, hint);
            }
            return result.Passed ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }
}
