using System.CommandLine;
using Drydock.Cli.Terminal;
using Drydock.Configuration;

namespace Drydock.Cli.Commands;

/// <summary><c>drydock schema</c>: the JSON Schema of drydock.yml on stdout, for editors and CI linting.</summary>
public static class SchemaCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("schema", "Print the JSON Schema (draft 2020-12) of drydock.yml, for editor completion and validation.");
        command.SetAction(_ =>
        {
            console.Out.Write(DrydockSchema.Json);
            console.Out.WriteLine();
            console.Out.Flush();
            return ExitCodes.Success;
        });
        return command;
    }
}
