using System.CommandLine;
using Drydock.Cli.Terminal;
using Drydock.Configuration;

namespace Drydock.Cli.Commands;

/// <summary><c>drydock schema [--report]</c>: the JSON Schema of drydock.yml (or of verify's report.json) on stdout, for editors and CI linting.</summary>
public static class SchemaCommand
{
    public static Command Create(CliConsole console)
    {
        var report = new Option<bool>("--report") { Description = "Print the schema of verify's report.json instead (what drydock diff reads)." };
        var command = new Command("schema", "Print the JSON Schema (draft 2020-12) of drydock.yml, for editor completion and validation.") { report };
        command.SetAction(parse =>
        {
            console.Out.Write(parse.GetValue(report) ? Drydock.Reports.Schema.ReportSchema.Json : DrydockSchema.Json);
            console.Out.WriteLine();
            console.Out.Flush();
            return ExitCodes.Success;
        });
        return command;
    }
}
