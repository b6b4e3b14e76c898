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
                console.Out.Write(selectedFormat == "json" ? VariablesJson(result.Project) : VariablesTable(result.Project, console));
                var shortened = result.Project.Variables.Count(variable => variable.DefaultValue.Length > MaxShownValue || variable.PresenceValue.Length > MaxShownValue);
                if (shortened > 0)
                {
                    Diagnostics.Info(console, $"{shortened} variable(s) have a default or alternate value longer than {MaxShownValue} characters; the list shows its first {MaxShownValue} and its length.");
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

    /// <summary>
    /// The longest default or alternate value the variable list prints whole. Nested defaults repeat what they nest:
    /// a 1 MB value 31 deep was 31 MB of output (and 500 MB of memory) before values were cut here (issue 15).
    /// </summary>
    internal const int MaxShownValue = 256;

    /// <summary>The value, or its first <see cref="MaxShownValue"/> characters and its length.</summary>
    internal static string Shown(string value) =>
        value.Length <= MaxShownValue
            ? value
            : $"{value[..MaxShownValue]}… ({value.Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} characters)";

    private static string VariablesTable(ComposeProject project, CliConsole console)
    {
        var rows = project.Variables.Select(variable => (IReadOnlyList<string>)
        [
            variable.Name,
            variable.Required ? "true" : "false",
            Shown(variable.DefaultValue),
            Shown(variable.PresenceValue),
            SourceName(variable, console),
        ]).ToList();
        var headers = new[] { "NAME", "REQUIRED", "DEFAULT VALUE", "ALTERNATE VALUE", "SOURCE" };
        var widths = headers.Select((header, column) => Math.Max(header.Length, rows.Count == 0 ? 0 : rows.Max(row => row[column].Length))).ToArray();
        var builder = new System.Text.StringBuilder();
        builder.AppendLine(string.Join("   ", headers.Select((header, column) => header.PadRight(widths[column]))).TrimEnd());
        foreach (var row in rows)
        {
            builder.AppendLine(string.Join("   ", row.Select((cell, column) => cell.PadRight(widths[column]))).TrimEnd());
        }
        return builder.ToString();
    }

    private static string SourceName(ComposeVariable variable, CliConsole console) => variable.Source switch
    {
        VariableSource.Shell => "shell",
        VariableSource.DotEnv => variable.EnvFile is { } file ? DisplayPaths.Relative(file, console.CurrentDirectory) : ".env",
        VariableSource.Default => "default",
        _ => "unset",
    };

    private static string VariablesJson(ComposeProject project)
    {
        var list = new JsonArray();
        foreach (var variable in project.Variables)
        {
            var references = new JsonArray();
            foreach (var span in variable.References)
            {
                references.Add((JsonNode)new JsonObject { ["file"] = span.File, ["line"] = span.Line, ["column"] = span.Column });
            }
            list.Add((JsonNode)new JsonObject
            {
                ["name"] = variable.Name,
                ["required"] = variable.Required,
                ["defaultValue"] = Shown(variable.DefaultValue),
                ["presenceValue"] = Shown(variable.PresenceValue),
                ["hasDefault"] = variable.HasDefault,
                ["source"] = variable.Source switch
                {
                    VariableSource.Shell => "shell",
                    VariableSource.DotEnv => "dotenv",
                    VariableSource.Default => "default",
                    _ => "unset",
                },
                ["envFile"] = variable.EnvFile,
                ["references"] = references,
            });
        }
        var document = new JsonObject { ["schemaVersion"] = 1, ["project"] = project.Name, ["variables"] = list };
        // Written through Utf8JsonWriter rather than ToJsonString(options): JsonSerializerOptions without a resolver
        // falls back to reflection (IL2026), which trimmed publishing cannot keep.
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            document.WriteTo(writer);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
