using System.CommandLine;
using Drydock.Cli.Completion;
using Drydock.Cli.Terminal;

namespace Drydock.Cli.Commands;

/// <summary><c>drydock completion bash|zsh|fish</c>: a completion script for the shell, generated from the command tree.</summary>
public static class CompletionCommand
{
    public static Command Create(CliConsole console)
    {
        var shell = new Argument<string>("shell") { Description = "The shell to print the completion script for." };
        shell.AcceptOnlyFromAmong(ShellCompletion.Shells);
        var command = new Command("completion", "Print a shell completion script (bash, zsh or fish) for drydock's commands and options.")
        {
            shell,
        };
        command.SetAction(parse =>
        {
            console.Out.Write(ShellCompletion.Script(parse.GetRequiredValue(shell), parse.RootCommandResult.Command));
            console.Out.Flush();
            return ExitCodes.Success;
        });
        return command;
    }
}
