using System.CommandLine;
using Drydock.Cli.Terminal;

namespace Drydock.Cli.Commands;

/// <summary>Every command, one file each; a command is registered here only once it does real work.</summary>
public static class CommandCatalog
{
    public static IEnumerable<Command> Create(CliConsole console) =>
    [
        EngineCommand.Create(console),
        CheckCommand.Create(console),
        RulesCommand.Create(console),
        DebugCommand.Create(console),
        ConfigCommand.Create(console),
        ContextCommand.Create(console),
        InspectCommand.Create(console),
        VerifyCommand.Create(console),
        DiffCommand.Create(console),
        InitCommand.Create(console),
        SchemaCommand.Create(console),
        CompletionCommand.Create(console),
    ];
}
