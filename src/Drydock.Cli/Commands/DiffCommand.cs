using System.CommandLine;
using Drydock.Cli.Terminal;
using Drydock.Configuration;
using Drydock.Reports.Diff;
using Drydock.Reports.Rendering;
using Drydock.Verification.Config;

namespace Drydock.Cli.Commands;

/// <summary>
/// <c>drydock diff OLD/report.json NEW/report.json</c>: two verify runs side by side; exit 1 when a number moved the
/// wrong way by more than its tolerance (drydock.yml <c>baseline:</c>, else the documented defaults).
/// </summary>
public static class DiffCommand
{
    public static Command Create(CliConsole console)
    {
        var oldReport = new Argument<string>("old") { Description = "The earlier run's report.json (drydock verify --report-dir or --format json)." };
        var newReport = new Argument<string>("new") { Description = "The later run's report.json." };
        var config = new Option<string?>("--config") { Description = "The drydock.yml whose baseline: tolerances apply (default: ./drydock.yml when there is one).", HelpName = "FILE" };
        var format = CommonOptions.Format(ReportFormat.Text, ReportFormat.Markdown, ReportFormat.Json);
        var command = new Command("diff", "Compare two verify runs (report.json): every measurement side by side; exit 1 on a regression beyond its tolerance.")
        {
            oldReport, newReport, config, format,
        };
        command.SetAction(parse =>
        {
            var tolerances = DiffTolerances.Default;
            var configPath = parse.GetValue(config) is { } explicitConfig
                ? Path.GetFullPath(explicitConfig, console.CurrentDirectory)
                : DrydockConfigFile.Find(console.CurrentDirectory);
            if (configPath is not null)
            {
                tolerances = new DiffTolerances { Overrides = VerifyConfigParser.Load(configPath).BaselineTolerances };
            }
            var oldName = parse.GetValue(oldReport)!;
            var newName = parse.GetValue(newReport)!;
            var diff = RunDiff.Compare(
                RunSnapshot.Load(Path.GetFullPath(oldName, console.CurrentDirectory), oldName),
                RunSnapshot.Load(Path.GetFullPath(newName, console.CurrentDirectory), newName),
                tolerances);
            ReportOutput.Write(console, DiffReport.Build(diff), parse.GetFormat(format, console));
            return diff.HasRegressions ? ExitCodes.Failed : ExitCodes.Success;
        });
        return command;
    }
}
