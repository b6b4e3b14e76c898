using System.CommandLine;
using Drydock.Cli.Terminal;
using Drydock.Dockerfiles.Parsing;
using Drydock.Reports.Rendering;

namespace Drydock.Cli.Commands;

/// <summary><c>drydock debug …</c>: views of Drydock's internal models, for bug reports and conformance checks.</summary>
public static class DebugCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<string>("file") { Description = "The Dockerfile to parse." };
        var ast = new Command("dockerfile-ast", "Print a Dockerfile's instruction tree in BuildKit's dump format (one instruction per line).")
        {
            file,
        };
        ast.SetAction(parse =>
        {
            var path = Path.GetFullPath(parse.GetValue(file)!, console.CurrentDirectory);
            var parsed = DockerfileParser.ParseFile(path);
            if (parsed.HasErrors)
            {
                foreach (var error in parsed.Errors)
                {
                    Diagnostics.Error(console, $"{DisplayPaths.Relative(error.Span.ToString(), console.CurrentDirectory)}: {error.Message}");
                }
                console.Error.WriteLine("drydock: hint: BuildKit refuses this file; 'drydock check' reports every problem with its fix.");
                return ExitCodes.Error;
            }
            console.Out.Write(parsed.Dump());
            console.Out.Flush();
            return ExitCodes.Success;
        });
        return new Command("debug", "Show Drydock's internal models (for bug reports and conformance checks).")
        {
            ast,
        };
    }
}
