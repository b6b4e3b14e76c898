using System.Diagnostics;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Scripts;

/// <summary>
/// The repository's scripts never pipe into a reader that stops early: under <c>set -o pipefail</c> the writer's
/// SIGPIPE fails such a pipeline now and then (issue 12). The scanner has its own positive and negative cases.
/// </summary>
public sealed class ScriptPipeTests
{
    [Theory]
    [InlineData("set -o pipefail\nlib=\"$(ldconfig -p | awk '/libgcc/ { print $NF; exit }')\"\n", 2, "awk")]
    [InlineData("ls /usr/lib | head -n 1\n", 1, "head")]
    [InlineData("if ! dpkg-query -W pkg 2>/dev/null | grep -q 'install ok'; then echo x; fi\n", 1, "grep")]
    [InlineData("x=$(seq 1 9 |\n  grep -m1 5)\n", 1, "grep")]
    [InlineData("printf '%s\\n' a b | LC_ALL=C sed -n '2{p;q}'\n", 1, "sed")]
    [InlineData("printf 'a\\n' | sed 1q\n", 1, "sed")]
    [InlineData("while read -r l; do :; done < <(ldd /bin/sh | head -1)\n", 1, "head")]
    [InlineData("# a comment | not code\nv=\"`cat f | grep -l x`\"\n", 2, "grep")]
    [InlineData("[ -n \"$b\" ] && file -L \"$b\" 2>/dev/null | grep -q static || b=/bin/busybox\n", 1, "grep")]
    [InlineData("echo x | read -r y\n", 1, "read")]
    public void Pipes_into_readers_that_stop_early_are_found(string script, int line, string reader)
    {
        var found = EarlyExitingPipes.Find(script).ShouldHaveSingleItem();
        found.Line.ShouldBe(line);
        found.Reader.Split(' ')[0].ShouldBe(reader);
    }

    [Theory]
    [InlineData("lib=\"$(ldconfig -p | awk '!found && /libgcc/ { print $NF; found = 1 }')\"\n")]
    [InlineData("min=$(sort -n f | awk 'NR == 1')\nsort -n f | tail -1\n")]
    [InlineData("head -c 612 /dev/zero | tr '\\0' x > f\n")]
    [InlineData("[ \"$(dpkg-query -W pkg || true)\" = 'install ok installed' ] || echo missing\n")]
    [InlineData("grep -q x <<<\"$(cat f)\" || true\ncmd || grep -q x f\n")]
    [InlineData("awk '/a|b/ { print \"| head\" }' f | sort\n")]
    [InlineData("echo '| head' | sed -n 's/^rps=//p' | grep -E 'q'\n")]
    [InlineData("cat <<EOF > Dockerfile\nRUN curl -s x | head -1\nEOF\necho done | wc -l\n")]
    [InlineData("grep -q x f && echo ok # | head\n")]
    [InlineData("a || b | tee log\n")]
    public void Readers_that_read_everything_are_not_found(string script)
    {
        EarlyExitingPipes.Find(script).ShouldBeEmpty();
    }

    [Fact]
    public void The_repository_scripts_do_not_pipe_into_readers_that_stop_early()
    {
        var scripts = EarlyExitingPipes.ScriptsUnder(RepoPaths.Root).ToList();
        scripts.ShouldContain(path => path.EndsWith(Path.Combine("scripts", "build-base-images.sh"), StringComparison.Ordinal));
        scripts.ShouldContain(path => path.EndsWith(Path.Combine(".ci", "run"), StringComparison.Ordinal));
        var found = scripts
            .SelectMany(path => EarlyExitingPipes.Find(File.ReadAllText(path))
                .Select(pipe => $"{Path.GetRelativePath(RepoPaths.Root, path)}:{pipe.Line}: | {pipe.Reader}"))
            .ToList();
        found.ShouldBeEmpty("capture the writer's output first, or let the reader consume everything (no head/grep -q/awk exit)");
    }

    /// <summary>
    /// Why the class matters: a writer with more to say than a pipe holds always fails once its reader left (141 from
    /// SIGPIPE in a terminal; 1 from EPIPE here, since .NET children inherit SIGPIPE ignored), and pipefail reports it.
    /// </summary>
    [Fact]
    public async Task Under_pipefail_an_early_reader_fails_the_pipeline_and_a_full_reader_does_not()
    {
        (await Bash("set -o pipefail; seq 1 200000 | head -n 1 >/dev/null")).ShouldNotBe(0);
        (await Bash("set -o pipefail; seq 1 200000 | awk 'NR == 1' >/dev/null")).ShouldBe(0);
    }

    private static async Task<int> Bash(string script)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", ["-c", script]) { RedirectStandardError = true })!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
