using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Drydock.Cli.Terminal;
using Drydock.Compose.Loading;
using Drydock.Compose.Model;
using Drydock.Compose.Rendering;
using Drydock.Reports.Rendering;

namespace Drydock.Cli.Commands;

/// <summary>
/// <c>drydock config</c>: the resolved Compose model, in the shape and with the values of
/// <c>docker compose config</c>; or, with <c>--variables</c>, every variable the files use and where its value comes from.
/// </summary>
public static class ConfigCommand
{
    public static Command Create(CliConsole console)
    {
        var files = new Option<string[]>("--file", "-f")
        {
            Description = "Compose file(s), in order; later files override earlier ones. Default: compose.yaml (and its override) here or in a parent.",
            AllowMultipleArgumentsPerToken = false,
            HelpName = "FILE",
        };
        var profiles = new Option<string[]>("--profile")
        {
            Description = "Activate a profile (repeatable). Default: COMPOSE_PROFILES.",
            HelpName = "PROFILE",
        };
        var envFiles = new Option<string[]>("--env-file")
        {
            Description = "Read the interpolation environment from this file instead of the project's .env (repeatable).",
            HelpName = "FILE",
        };
        var projectDirectory = new Option<string?>("--project-directory")
        {
            Description = "The project directory (relative paths and .env). Default: the first file's directory.",
            HelpName = "DIR",
        };
        var projectName = new Option<string?>("--project-name", "-p")
        {
            Description = "The project name. Default: COMPOSE_PROJECT_NAME, the top-level name:, or the directory name.",
            HelpName = "NAME",
        };
        var format = new Option<string>("--format")
        {
            Description = "Output format: yaml or json (as docker compose config --format).",
            DefaultValueFactory = _ => "yaml",
            HelpName = "yaml|json",
        };
        format.AcceptOnlyFromAmong("yaml", "json");
        var variables = new Option<bool>("--variables")
        {
            Description = "List the variables the files use: default, required, and where the value comes from (shell, .env, default, unset).",
        };
        var command = new Command("config", "Show the resolved Compose model, as docker compose config does, or the variables it uses.")
        {
            files,
            profiles,
            envFiles,
            projectDirectory,
            projectName,
            format,
            variables,
        };
        command.SetAction(parse =>
        {
            var options = new ComposeLoadOptions
            {
                Files = parse.GetValue(files) ?? [],
                Profiles = parse.GetValue(profiles) ?? [],
                EnvFiles = parse.GetValue(envFiles) ?? [],
                ProjectDirectory = parse.GetValue(projectDirectory),
                ProjectName = parse.GetValue(projectName),
                WorkingDirectory = console.CurrentDirectory,
                EnvironmentLookup = console.GetEnvironmentVariable,
            };
            var result = ComposeProjectLoader.Load(options);
            var selectedFormat = parse.GetValue(format) ?? "yaml";
            if (parse.GetValue(variables))
            {
                if (result.Project is null)
                {
                    return Fail(console, result);
                }
                console.Out.Write(selectedFormat == "json" ? ComposeVariablesRenderer.Json(result.Project) : ComposeVariablesRenderer.Table(result.Project, file => DisplayPaths.Relative(file, console.CurrentDirectory)));
                var shortened = result.Project.Variables.Count(variable => variable.DefaultValue.Length > ComposeVariablesRenderer.MaxShownValue || variable.PresenceValue.Length > ComposeVariablesRenderer.MaxShownValue);
                if (shortened > 0)
                {
                    Diagnostics.Info(console, $"{shortened} variable(s) have a default or alternate value longer than {ComposeVariablesRenderer.MaxShownValue} characters; the list shows its first {ComposeVariablesRenderer.MaxShownValue} and its length.");
                }
                return ExitCodes.Success;
            }
            if (!result.Succeeded)
            {
                return Fail(console, result);
            }
            var project = result.Project!;
            console.Out.Write(selectedFormat == "json" ? ComposeConfigRenderer.ToJson(project) + "\n" : ComposeConfigRenderer.ToYaml(project));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Every problem on stderr, each with its place; exit 2.</summary>
    private static int Fail(CliConsole console, ComposeLoadResult result)
    {
        foreach (var problem in result.Problems)
        {
            var place = problem.Span.HasPosition || problem.Span.File.Length > 0 ? DisplayPaths.Relative(problem.Span.ToString(), console.CurrentDirectory) + ": " : string.Empty;
            // Multi-line messages (include cycles, extends cycles) stay readable: continuation lines are indented.
            Diagnostics.Error(console, place + problem.Message.Replace("\n", "\n    ", StringComparison.Ordinal), problem.Fix);
        }
        if (result.Problems.Count > 1)
        {
            Diagnostics.Info(console, $"{result.Problems.Count} problems.");
        }
        return ExitCodes.Error;
    }
}
