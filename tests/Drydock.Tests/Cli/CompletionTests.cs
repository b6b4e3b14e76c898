using Drydock.Processes;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Cli;

/// <summary><c>drydock completion</c>: each script is valid for its shell and completes from the real command tree.</summary>
public sealed class CompletionTests
{
    private static async Task<string> ScriptAsync(string shell)
    {
        var result = await CliRunner.RunAsync(["completion", shell]);
        result.ExitCode.ShouldBe(0, result.ToString());
        result.StandardError.ShouldBeEmpty();
        return result.StandardOutput;
    }

    /// <summary>Sources the bash script, completes the given words (the last one is being typed) and returns the candidates.</summary>
    private static async Task<string[]> CompleteInBashAsync(string script, params string[] words)
    {
        var directory = Directory.CreateTempSubdirectory("drydock-completion-");
        try
        {
            var file = Path.Combine(directory.FullName, "drydock.bash");
            await File.WriteAllTextAsync(file, script);
            var quoted = string.Join(' ', words.Select(word => "'" + word + "'"));
            var program = $"source '{file}'; COMP_WORDS=({quoted}); COMP_CWORD={words.Length - 1}; _drydock; printf '%s\\n' \"${{COMPREPLY[@]}}\"";
            var result = await ProcessRunner.RunAsync("bash", ["--noprofile", "--norc", "-c", program],
                new ProcessRunOptions { WorkingDirectory = directory.FullName, Timeout = TimeSpan.FromSeconds(30) });
            result.ExitCode.ShouldBe(0, result.StandardError);
            return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Bash_script_is_valid_bash()
    {
        var directory = Directory.CreateTempSubdirectory("drydock-completion-");
        try
        {
            var file = Path.Combine(directory.FullName, "drydock.bash");
            await File.WriteAllTextAsync(file, await ScriptAsync("bash"));
            var syntax = await ProcessRunner.RunAsync("bash", ["-n", file], new ProcessRunOptions { Timeout = TimeSpan.FromSeconds(30) });
            syntax.ExitCode.ShouldBe(0, syntax.StandardError);
            var lint = await ProcessRunner.RunAsync("shellcheck", ["--shell=bash", file], new ProcessRunOptions { Timeout = TimeSpan.FromSeconds(60) });
            lint.ExitCode.ShouldBe(0, lint.StandardOutput);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Bash_completes_subcommands_nested_subcommands_options_and_option_values()
    {
        var script = await ScriptAsync("bash");
        (await CompleteInBashAsync(script, "drydock", "ch")).ShouldBe(["check"]);
        (await CompleteInBashAsync(script, "drydock", "co")).ShouldBe(["config", "context", "completion"], ignoreOrder: true);
        (await CompleteInBashAsync(script, "drydock", "debug", "dockerfile")).ShouldBe(["dockerfile-ast"]);
        (await CompleteInBashAsync(script, "drydock", "check", "--fail")).ShouldBe(["--fail-on"]);
        // The option's own allowed values, after options and a value that are not commands.
        (await CompleteInBashAsync(script, "drydock", "--debug", "check", "--format", "sa")).ShouldBe(["sarif"]);
        (await CompleteInBashAsync(script, "drydock", "completion", "")).ShouldContain("zsh");
        // Recursive options reach subcommands.
        (await CompleteInBashAsync(script, "drydock", "verify", "--deb")).ShouldBe(["--debug"]);
    }

    [Fact]
    public async Task Zsh_script_is_valid_zsh_and_names_every_command()
    {
        var script = await ScriptAsync("zsh");
        script.ShouldStartWith("#compdef drydock\n");
        script.ShouldContain("'check:Check Dockerfiles");
        await ShellAcceptsAsync("zsh", ["-n"], script);
    }

    [Fact]
    public async Task Fish_script_is_valid_fish_and_names_every_command()
    {
        var script = await ScriptAsync("fish");
        script.ShouldContain("complete -c drydock -n '__fish_use_subcommand' -a 'verify'");
        script.ShouldContain("-l 'format'");
        await ShellAcceptsAsync("fish", ["--no-execute"], script);
    }

    [Fact]
    public async Task Unknown_shell_is_a_usage_error()
    {
        var result = await CliRunner.RunAsync(["completion", "powershell"]);
        result.ExitCode.ShouldBe(2);
        result.StandardOutput.ShouldBeEmpty();
        result.StandardError.ShouldContain("powershell");
    }

    private static async Task ShellAcceptsAsync(string shell, string[] checkArguments, string script)
    {
        var directory = Directory.CreateTempSubdirectory("drydock-completion-");
        try
        {
            var file = Path.Combine(directory.FullName, "drydock." + shell);
            await File.WriteAllTextAsync(file, script);
            // zsh and fish are installed by scripts/setup-engine.sh; a missing one fails here, it does not skip.
            var result = await ProcessRunner.RunAsync(shell, [.. checkArguments, file], new ProcessRunOptions { Timeout = TimeSpan.FromSeconds(30) });
            result.ExitCode.ShouldBe(0, result.StandardError + result.StandardOutput);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
