using Drydock.Dockerfiles.Rules;
using Drydock.Dockerfiles.Rules.Shellcheck;
using Drydock.Dockerfiles.Stages;
using Drydock.Findings;

namespace Drydock.Tests.Checking;

/// <summary>
/// The real shellcheck (scripts/setup-engine.sh installs it; CI has it): RUN scripts go through it and its findings
/// come back on the Dockerfile's lines and columns. Fails, never skips, when shellcheck is missing.
/// </summary>
public sealed class ShellcheckIntegrationTests : IDisposable
{
    private readonly TempTree _cache = new();

    public void Dispose() => _cache.Dispose();

    private static ShellcheckOptions Shellcheck(string? cache = null) =>
        ShellcheckOptions.FromPath(cache) ?? throw new InvalidOperationException("shellcheck is not on PATH: run scripts/setup-engine.sh (it installs the Debian package).");

    private static async Task<IReadOnlyList<Finding>> Check(string dockerfile, ShellcheckOptions options)
    {
        var document = DockerfileDocument.Parse(dockerfile, "/w/Dockerfile");
        return (await DockerfileRules.CheckAsync(document, shellcheck: options)).Where(f => f.Rule.Id == "DF079").ToList();
    }

    [Fact]
    public async Task Findings_map_back_to_the_dockerfile_line_and_column_through_continuations()
    {
        var findings = await Check("FROM debian:12\nENV DIR=/opt/app\nRUN mkdir -p /x \\\n    && rm -rf $DIR/cache\n", Shellcheck());
        var quoting = findings.Single(f => f.Message.StartsWith("ShellCheck SC2086:", StringComparison.Ordinal));
        quoting.Span.Line.ShouldBe(4);
        quoting.Span.Column.ShouldBe(15);
        quoting.Severity.ShouldBe(Severity.Info);
        quoting.FixHint.ShouldBe("see https://www.shellcheck.net/wiki/SC2086");
    }

    [Fact]
    public async Task Arg_and_env_names_are_declared_so_they_are_not_unassigned()
    {
        var findings = await Check("FROM debian:12\nARG app_version=1\nENV data_dir=/data\nRUN echo \"$app_version $data_dir $not_declared\"\n", Shellcheck());
        var unassigned = findings.Where(f => f.Message.StartsWith("ShellCheck SC2154:", StringComparison.Ordinal)).Select(f => f.Message).ToList();
        unassigned.Count.ShouldBe(1);
        unassigned[0].ShouldContain("not_declared");
    }

    [Fact]
    public async Task Heredoc_scripts_are_checked_on_their_own_lines()
    {
        var findings = await Check("FROM debian:12\nRUN <<EOF\nset -e\nfor f in $(ls /etc); do echo \"$f\"; done\nEOF\n", Shellcheck());
        findings.ShouldContain(f => f.Message.StartsWith("ShellCheck SC2045:", StringComparison.Ordinal) && f.Span.Line == 4 && f.Span.Column == 10);
    }

    [Fact]
    public async Task A_heredoc_fed_to_a_command_reaches_shellcheck_as_the_builder_runs_it()
    {
        // BuildKit runs "<<EOT bash\n<body>EOT" as one script: no SC1044/SC1072 for a missing terminator.
        var findings = await Check("FROM debian:12\nRUN <<EOT bash\nset -e\necho \"ok\"\nEOT\nRUN <<EOT sh -e\necho \"fine\"\nEOT\n", Shellcheck());
        findings.ShouldBeEmpty(string.Join("\n", findings.Select(f => $"{f.Span} {f.Message}")));
    }

    [Fact]
    public async Task A_heredoc_fed_to_another_interpreter_is_not_shell()
    {
        var findings = await Check("FROM python:3.12\nRUN <<EOF python3\nimport sys\nif len(sys.argv) > 1: print(sys.argv[1] [0])\nEOF\n", Shellcheck());
        findings.ShouldBeEmpty(string.Join("\n", findings.Select(f => $"{f.Span} {f.Message}")));
    }

    [Fact]
    public async Task The_body_of_a_heredoc_fed_to_bash_is_still_checked_on_its_own_lines()
    {
        var findings = await Check("FROM debian:12\nRUN <<EOT bash\nset -e\nfor f in $(ls /etc); do echo \"$f\"; done\nEOT\n", Shellcheck());
        findings.ShouldContain(f => f.Message.StartsWith("ShellCheck SC2045:", StringComparison.Ordinal) && f.Span.Line == 4 && f.Span.Column == 10);
    }

    [Fact]
    public async Task Sc_codes_can_be_suppressed_per_instruction()
    {
        var findings = await Check("FROM debian:12\nENV D=/x\n# drydock ignore=SC2086\nRUN rm -rf $D/a\nRUN rm -rf $D/b\n", Shellcheck());
        findings.Select(f => f.Span.Line).ShouldBe([5]);
    }

    [Fact]
    public async Task Stages_with_a_non_posix_shell_are_not_passed_to_shellcheck()
    {
        var findings = await Check("FROM mcr.microsoft.com/powershell:7.4-debian-12\nSHELL [\"pwsh\", \"-Command\"]\nRUN echo $env:PATH | Out-Null\n", Shellcheck());
        findings.ShouldBeEmpty();
    }

    [Fact]
    public async Task Results_are_cached_by_script_and_give_the_same_findings()
    {
        var dockerfile = "FROM debian:12\nENV D=/x\nRUN rm -rf $D/a && cd /tmp\n";
        var first = await Check(dockerfile, Shellcheck(_cache.Root));
        first.ShouldNotBeEmpty();
        var cached = Directory.GetFiles(_cache.Root, "*.txt").ShouldHaveSingleItem();
        var second = await Check(dockerfile, Shellcheck(_cache.Root));
        second.Select(f => (f.Message, f.Span)).ShouldBe(first.Select(f => (f.Message, f.Span)));
        // Proof that the second run read the cache instead of running shellcheck: an edited entry comes back as edited.
        await File.WriteAllTextAsync(cached, (await File.ReadAllTextAsync(cached)).Replace("Double quote", "From the cache: double quote", StringComparison.Ordinal));
        (await Check(dockerfile, Shellcheck(_cache.Root))).ShouldContain(f => f.Message.Contains("From the cache", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_script_nested_past_the_budget_is_one_finding_and_the_other_runs_are_still_checked()
    {
        var nested = string.Concat(Enumerable.Repeat("$(", 3000)) + "x" + new string(')', 3000);
        var findings = await Check($"FROM debian:12\nENV D=/x\nRUN echo {nested}\nRUN rm -rf $D/b\n", Shellcheck());
        findings.Where(f => f.Span.Line == 3).Select(f => f.Message).ShouldBe(
            ["ShellCheck was not run on this script: the script nests parentheses or braces 3000 deep, more than the 64 Drydock gives to ShellCheck"]);
        findings.ShouldContain(f => f.Span.Line == 4 && f.Message.StartsWith("ShellCheck SC2086:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_batch_over_its_time_budget_is_checked_script_by_script_and_each_over_budget_is_one_finding()
    {
        var options = Shellcheck() with { Timeout = TimeSpan.FromMilliseconds(1), ScriptTimeout = TimeSpan.FromMilliseconds(1) };
        var findings = await Check("FROM debian:12\nENV D=/x\nRUN rm -rf $D/a\nRUN rm -rf $D/b\n", options);
        findings.Select(f => (f.Span.Line, f.Message)).ShouldBe(
        [
            (3, "ShellCheck was not run on this script: it did not finish within 0.001 s"),
            (4, "ShellCheck was not run on this script: it did not finish within 0.001 s"),
        ]);
    }

    [Fact]
    public void The_budget_counts_size_and_nesting()
    {
        ShellcheckRunner.OverBudget("echo $(date) ${HOME}").ShouldBeNull();
        ShellcheckRunner.OverBudget(new string('x', ShellcheckRunner.MaxScriptChars + 1)).ShouldNotBeNull().ShouldContain("more than the 128 KB");
        ShellcheckRunner.OverBudget(new string('(', 65) + new string(')', 65)).ShouldNotBeNull().ShouldContain("65 deep");
        ShellcheckRunner.OverBudget(string.Concat(Enumerable.Repeat("(x) ", 1000))).ShouldBeNull();
    }
}
