using System.CommandLine;
using Drydock.Cli.Commands;
using Drydock.Cli.Terminal;

namespace Drydock.Cli;

/// <summary>Builds the command tree and runs it with the shared conventions: exit codes, errors, no stack traces.</summary>
public static class CliApp
{
    public static readonly Option<bool> DebugOption = new("--debug")
    {
        Description = "On errors, print the full exception and stack trace.",
        Recursive = true,
    };

    public static RootCommand BuildRootCommand(CliConsole console)
    {
        var root = new RootCommand("Drydock tells you, with measured evidence, whether your containerized service is ready to ship.")
        {
            DebugOption,
        };
        foreach (var command in CommandCatalog.Create(console))
        {
            root.Subcommands.Add(command);
        }
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        var root = BuildRootCommand(console);
        var parse = root.Parse(args);
        var debug = args.Contains("--debug", StringComparer.Ordinal);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                // One line per error: the parser's lists ("Must be one of:\n\t'a'\n\t'b'") are folded for grep.
                var message = string.Join(' ', error.Message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                console.Error.WriteLine($"drydock: error: {message}");
            }
            var commandPath = string.Join(' ', parse.CommandResult.Command.Name == root.Name ? [] : CommandPath(parse.CommandResult));
            console.Error.WriteLine($"drydock: hint: run 'drydock {(commandPath.Length > 0 ? commandPath + " " : string.Empty)}--help' for usage.");
            console.Error.Flush();
            return ExitCodes.Error;
        }
        var configuration = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            EnableDefaultExceptionHandler = false,
            // Commands cancel through our token and clean up; the library must not kill the process under them.
            ProcessTerminationTimeout = null,
        };
        try
        {
            return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return HandleException(console, ex, debug, cancellationToken);
        }
        finally
        {
            await console.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            await console.Error.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Turns any exception into one clear message and an exit code; the stack trace only with --debug.</summary>
    public static int HandleException(CliConsole console, Exception ex, bool debug, CancellationToken cancellationToken)
    {
        if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            Diagnostics.Error(console, "interrupted.");
            return ExitCodes.Interrupted;
        }
        if (ex is Drydock.Configuration.ConfigException several)
        {
            // Every error of the file, in reading order, each with its file:line:column.
            foreach (var error in several.Errors)
            {
                ReportError(console, error);
            }
        }
        else if (ex is DrydockException known)
        {
            ReportError(console, known);
        }
        else
        {
            Diagnostics.Error(console, $"internal error: {ex.GetType().Name}: {ex.Message}", debug ? null : "run again with --debug for the stack trace, and please report it.");
        }
        if (debug)
        {
            console.Error.WriteLine(ex.ToString());
        }
        return ExitCodes.Error;
    }

    private static void ReportError(CliConsole console, DrydockException error)
    {
        var place = error.Span is { } span ? $"{Reports.Rendering.DisplayPaths.Relative(span.ToString(), console.CurrentDirectory)}: " : string.Empty;
        Diagnostics.Error(console, place + error.Message, error.Fix);
    }

    private static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new Stack<string>();
        for (var current = result; current is not null && current.Parent is not null; current = current.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Push(current.Command.Name);
        }
        return names;
    }
}
