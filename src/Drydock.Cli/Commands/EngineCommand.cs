using System.CommandLine;
using Drydock.Cli.Terminal;
using Drydock.Reports.Rendering;
using Drydock.Verification.Stack;

namespace Drydock.Cli.Commands;

/// <summary><c>drydock engine</c>: the engine Drydock reaches and the Compose implementation it would drive, or why none.</summary>
public static class EngineCommand
{
    public static Command Create(CliConsole console)
    {
        var format = CommonOptions.Format(ReportFormat.Text, ReportFormat.Json, ReportFormat.Markdown);
        var command = new Command("engine", "Show the Docker engine and the Compose implementation Drydock will use, or why it reached none.")
        {
            format,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var diagnosis = await EngineDiagnosis.RunAsync(console.GetEnvironmentVariable, cancellationToken).ConfigureAwait(false);
            ReportOutput.Write(console, EngineReport.Build(diagnosis), parse.GetFormat(format));
            if (diagnosis.EngineError is { } error)
            {
                Diagnostics.Error(console, error.Message, error.Fix);
                return ExitCodes.Error;
            }
            if (diagnosis.Compose is null)
            {
                Diagnostics.Error(console, diagnosis.ComposeProblem ?? "No Compose implementation was found.", ComposeToolLocator.InstallHint);
                return ExitCodes.Error;
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
