using System.CommandLine;
using Drydock.Checking;
using Drydock.Cli.Terminal;
using Drydock.Reports.Rendering;

namespace Drydock.Cli.Commands;

/// <summary><c>drydock check [PATH…]</c>: static analysis of Dockerfiles, Compose files and build contexts.</summary>
public static class CheckCommand
{
    public static Command Create(CliConsole console)
    {
        var paths = new Argument<string[]>("path")
        {
            Description = "Dockerfiles, compose files or directories to search (default: the current directory).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var format = CommonOptions.Format(ReportFormat.Text, ReportFormat.Json, ReportFormat.Sarif, ReportFormat.Junit, ReportFormat.Markdown, ReportFormat.Github);
        var failOn = CommonOptions.FailOn();
        var config = new Option<string?>("--config")
        {
            Description = "The drydock.yml to use (default: the nearest one to the first path, or in the current directory).",
            HelpName = "file",
        };
        var buildArgs = new Option<string[]>("--build-arg")
        {
            Description = "A build argument the Dockerfiles are resolved with, as NAME=VALUE (repeatable); wins over check.build_args and a compose service's build args.",
            HelpName = "NAME=VALUE",
            AllowMultipleArgumentsPerToken = false,
        };
        var noShellcheck = new Option<bool>("--no-shellcheck")
        {
            Description = "Do not run ShellCheck on RUN scripts (it runs when shellcheck is on PATH).",
        };
        var profile = new Option<string?>("--profile")
        {
            Description = "default: one hardening finding per Compose service (DC048); strict: one per missing setting, as DC004, DC005, DC023, DC024, DC025 (default: check.profile of drydock.yml).",
            HelpName = "default|strict",
        };
        profile.AcceptOnlyFromAmong(CheckProfiles.Names);
        var command = new Command("check", "Check Dockerfiles, Compose files and build contexts for problems, without an engine.")
        {
            paths,
            format,
            failOn,
            config,
            buildArgs,
            noShellcheck,
            profile,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in parse.GetValue(buildArgs) ?? [])
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    Diagnostics.Error(console, $"--build-arg '{pair}' is not NAME=VALUE", "write --build-arg VERSION=1.2.3.");
                    return ExitCodes.Error;
                }
                arguments[pair[..equals]] = pair[(equals + 1)..];
            }
            var requested = parse.GetValue(paths) is { Length: > 0 } given ? given : ["."];
            var result = await CheckRunner.RunAsync(new CheckRequest
            {
                Paths = requested,
                WorkingDirectory = console.CurrentDirectory,
                ConfigurationFile = parse.GetValue(config),
                BuildArgs = arguments,
                Shellcheck = !parse.GetValue(noShellcheck),
                CacheDirectory = CacheDirectory(console),
                EnvironmentLookup = console.GetEnvironmentVariable,
                Profile = CheckProfiles.TryParse(parse.GetValue(profile), out var chosen) ? chosen : null,
            }, cancellationToken).ConfigureAwait(false);
            ReportOutput.Write(console, result.Report, parse.GetFormat(format));
            if (result.Inputs.FileCount == 0)
            {
                Diagnostics.Warning(console, $"no Dockerfile or compose file found in {string.Join(", ", requested)}");
            }
            else if (!result.ShellcheckUsed && !parse.GetValue(noShellcheck) && result.Configuration.Shellcheck && result.Inputs.Dockerfiles.Count > 0)
            {
                Diagnostics.Info(console, "note: shellcheck is not on PATH, so RUN scripts were not passed to it (install the shellcheck package).");
            }
            var threshold = parse.GetFailThreshold(failOn);
            return result.Report.Findings.Any(finding => threshold.IsFailure(finding.Severity)) ? ExitCodes.Failed : ExitCodes.Success;
        });
        return command;
    }

    /// <summary>DRYDOCK_CACHE_DIR, else $XDG_CACHE_HOME/drydock, else ~/.cache/drydock; "off" disables caching.</summary>
    private static string? CacheDirectory(CliConsole console)
    {
        var configured = console.GetEnvironmentVariable("DRYDOCK_CACHE_DIR");
        if (configured is "off" or "0" or "none")
        {
            return null;
        }
        if (!string.IsNullOrEmpty(configured))
        {
            return Path.Combine(configured, "shellcheck");
        }
        var xdg = console.GetEnvironmentVariable("XDG_CACHE_HOME");
        var home = console.GetEnvironmentVariable("HOME");
        var root = !string.IsNullOrEmpty(xdg) ? xdg : !string.IsNullOrEmpty(home) ? Path.Combine(home, ".cache") : null;
        return root is null ? null : Path.Combine(root, "drydock", "shellcheck");
    }
}
