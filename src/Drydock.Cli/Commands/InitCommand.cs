using System.CommandLine;
using Drydock.Cli.Terminal;
using Drydock.Compose.Loading;
using Drydock.Configuration;
using Drydock.Measurements;
using Drydock.Reports;
using Drydock.Verification.Init;
using Drydock.Verification;

namespace Drydock.Cli.Commands;

/// <summary>
/// <c>drydock init [DIR]</c>: writes a starter drydock.yml from the compose file, with probes from its health checks and
/// published ports and, after one measured run, commented target suggestions.
/// </summary>
public static class InitCommand
{
    public static Command Create(CliConsole console)
    {
        var path = new Argument<string>("dir") { Description = "The directory holding the compose file.", DefaultValueFactory = _ => "." };
        var files = new Option<string[]>("--file", "-f") { Description = "Compose file(s), in order (default: Compose's discovery).", HelpName = "FILE" };
        var profiles = new Option<string[]>("--profile") { Description = "Activate a Compose profile (repeatable).", HelpName = "PROFILE" };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing drydock.yml." };
        var noRun = new Option<bool>("--no-run") { Description = "Do not build and measure the stack; write probes only, without measured suggestions." };
        var command = new Command("init", "Write a starter drydock.yml: probes from health checks and published ports, targets suggested from one measured run.")
        {
            path, files, profiles, force, noRun,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var directory = Path.GetFullPath(parse.GetValue(path) ?? ".", console.CurrentDirectory);
            if (!Directory.Exists(directory))
            {
                throw new DrydockException($"{directory} is not a directory.", null, "Pass the directory holding the compose file.");
            }
            var target = Path.Combine(directory, DrydockConfigFile.FileNames[0]);
            var existing = DrydockConfigFile.Find(directory);
            if (existing is not null && !parse.GetValue(force))
            {
                throw new DrydockException($"{Path.GetRelativePath(console.CurrentDirectory, existing)} already exists.", null, "Pass --force to overwrite it.");
            }
            var composeFiles = (parse.GetValue(files) ?? []).Select(file => Path.GetFullPath(file, console.CurrentDirectory)).ToList();
            var project = ComposeProjectLoader.Load(new ComposeLoadOptions
            {
                Files = composeFiles,
                ProjectDirectory = composeFiles.Count == 0 ? directory : null,
                WorkingDirectory = directory,
                Profiles = parse.GetValue(profiles) ?? [],
                EnvironmentLookup = console.GetEnvironmentVariable,
            }).GetProjectOrThrow();

            IReadOnlyList<Measurement> measured = [];
            if (!parse.GetValue(noRun))
            {
                using var progress = new VerifyProgressView(console);
                var run = await progress.RunAsync(() => VerifyRunner.RunAsync(new VerifyOptions
                {
                    Path = directory,
                    ComposeFiles = composeFiles,
                    Profiles = parse.GetValue(profiles) ?? [],
                    ZeroConfig = true,
                    GetEnvironmentVariable = console.GetEnvironmentVariable,
                    CurrentDirectory = console.CurrentDirectory,
                }, progress, cancellationToken)).ConfigureAwait(false);
                measured = run.Report.Measurements;
                if (!run.Passed)
                {
                    Diagnostics.Warning(console, "the measured run did not pass; suggestions come from what could be measured (run `drydock verify` for the details).");
                }
            }
            await File.WriteAllTextAsync(target, StarterConfig.Generate(project, measured), cancellationToken).ConfigureAwait(false);
            Diagnostics.Info(console, $"wrote {Path.GetRelativePath(console.CurrentDirectory, target)} ({project.Services.Count} service(s){(measured.Count > 0 ? ", targets suggested from one measured run" : string.Empty)}); edit it, then run `drydock verify {Path.GetRelativePath(console.CurrentDirectory, directory)}`.");
            return ExitCodes.Success;
        });
        return command;
    }
}
