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
            Description = "Dockerfiles, compose files or directories to search (default: the current directory); '-' reads one file from standard input.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var format = CommonOptions.Format(ReportFormat.Text, ReportFormat.Json, ReportFormat.Sarif, ReportFormat.Junit, ReportFormat.Markdown, ReportFormat.Github, ReportFormat.Codeclimate, ReportFormat.Checkstyle);
        var failOn = CommonOptions.FailOn();
        var outputs = CommonOptions.Outputs(format);
        var composeFiles = new Option<string[]>("--file", "-f")
        {
            Description = "A Compose file of one project (repeatable, in order): the files are merged as 'docker compose -f a -f b' merges them, relative paths resolved from the first file's directory.",
            HelpName = "FILE",
            AllowMultipleArgumentsPerToken = false,
        };
        var stdinKind = new Option<string>("--stdin-kind")
        {
            Description = "What '-' (standard input) holds: a dockerfile (the default) or a compose file.",
            DefaultValueFactory = _ => "dockerfile",
            HelpName = "dockerfile|compose",
        };
        stdinKind.AcceptOnlyFromAmong("dockerfile", "compose");
        var ignore = new Option<string[]>("--ignore")
        {
            Description = "Drop the findings of this rule (id, alias or SC code; repeatable), whatever drydock.yml says; DRYDOCK_IGNORE adds more.",
            HelpName = "ID",
            AllowMultipleArgumentsPerToken = false,
        };
        var composeTarget = new Option<string?>("--compose-target")
        {
            Description = "The Compose implementation the Compose files must suit (DC049): auto (what verify would use here), v1 (docker-compose 1.x), v2 or none. Default: check.compose_target, else auto.",
            HelpName = "auto|v1|v2|none",
        };
        composeTarget.AcceptOnlyFromAmong([.. ComposeTargets.Names]);
        var config = new Option<string?>("--config")
        {
            Description = "The drydock.yml to use (default: the nearest one from the first path up to the repository root, else the one in the current directory).",
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
            outputs,
            composeFiles,
            stdinKind,
            ignore,
            composeTarget,
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
            var files = parse.GetValue(composeFiles) ?? [];
            // With -f and no path, only that project is checked (as docker compose -f); else the current directory.
            var requested = parse.GetValue(paths) is { Length: > 0 } given ? given : files.Length > 0 ? [] : ["."];
            var standardInput = requested.Contains(CheckRunner.StandardInputPath, StringComparer.Ordinal)
                ? ReadStandardInput(console, parse.GetValue(stdinKind) == "compose" ? CheckInputKind.Compose : CheckInputKind.Dockerfile)
                : null;
            var ignored = (parse.GetValue(ignore) ?? []).Concat(console.GetEnvironmentVariable(IgnoreVariable) is { Length: > 0 } fromEnvironment ? [fromEnvironment] : []).ToList();
            var result = await CheckRunner.RunAsync(new CheckRequest
            {
                Paths = requested,
                ComposeFiles = files,
                StandardInput = standardInput,
                Ignore = ignored,
                ComposeTarget = parse.GetValue(composeTarget),
                WorkingDirectory = console.CurrentDirectory,
                ConfigurationFile = parse.GetValue(config),
                BuildArgs = arguments,
                Shellcheck = !parse.GetValue(noShellcheck),
                CacheDirectory = CacheDirectory(console),
                EnvironmentLookup = console.GetEnvironmentVariable,
                Profile = CheckProfiles.TryParse(parse.GetValue(profile), out var chosen) ? chosen : null,
            }, cancellationToken).ConfigureAwait(false);
            var sources = new FileSourceTextProvider();
            foreach (var (file, text) in result.InMemorySources)
            {
                sources.Add(file, text);
            }
            var threshold = parse.GetFailThreshold(failOn, console, result.Configuration.FailOn);
            ReportOutput.Write(console, result.Report, parse.GetFormat(format, console), parse.GetOutputs(outputs), sources);
            if (result.Inputs.FileCount == 0)
            {
                Diagnostics.Warning(console, $"no Dockerfile or compose file found in {string.Join(", ", requested)}");
            }
            else if (!result.ShellcheckUsed && !parse.GetValue(noShellcheck) && result.Configuration.Shellcheck && result.Inputs.Dockerfiles.Count > 0)
            {
                Diagnostics.Info(console, "note: shellcheck is not on PATH, so RUN scripts were not passed to it (install the shellcheck package).");
            }
            return result.Report.Findings.Any(finding => threshold.IsFailure(finding.Severity)) ? ExitCodes.Failed : ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Rules to drop, comma- or space-separated; added to --ignore.</summary>
    public const string IgnoreVariable = "DRYDOCK_IGNORE";

    private static CheckStandardInput ReadStandardInput(CliConsole console, CheckInputKind kind)
    {
        using var stream = console.OpenInput();
        return CheckStandardInput.Read(stream, kind);
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
