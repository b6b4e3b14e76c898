using Drydock.Dockerfiles.Shell;

namespace Drydock.Tests.Dockerfiles;

public sealed class ShellScriptParserTests
{
    private static List<string> Names(string script, IVariableLookup? variables = null) =>
        ShellScriptParser.Parse(script, variables).Commands.Select(c => c.Name).ToList();

    [Fact]
    public void Splits_lists_and_pipelines()
    {
        Names("a && b || c; d | e & f\ng").ShouldBe(["a", "b", "c", "d", "e", "f", "g"]);
        var script = ShellScriptParser.Parse("curl -s x | tar xz && echo ok");
        script.Commands[0].Separator.ShouldBe(ShellSeparator.Pipe);
        script.Commands[1].Separator.ShouldBe(ShellSeparator.And);
        script.Pipelines.Single().Select(c => c.Name).ShouldBe(["curl", "tar"]);
    }

    [Fact]
    public void Keeps_quoted_operators_inside_words()
    {
        var script = ShellScriptParser.Parse("echo 'a && b' \"c | d\" e\\;f");
        script.Commands.Count.ShouldBe(1);
        script.Commands[0].Arguments.Select(a => a.Value).ShouldBe(["a && b", "c | d", "e;f"]);
    }

    [Fact]
    public void Finds_commands_in_subshells_substitutions_and_sh_dash_c()
    {
        var script = ShellScriptParser.Parse("(cd /src && make) && echo $(git rev-parse HEAD) `date` && sh -c 'apt-get install -y x'");
        script.Commands.Select(c => c.Name).ShouldBe(["cd", "make", "git", "date", "echo", "sh", "apt-get"]);
        script.Commands.First(c => c.Name == "cd").Context.ShouldHaveFlag(ShellCommandContext.Subshell);
        script.Commands.First(c => c.Name == "git").Context.ShouldHaveFlag(ShellCommandContext.Substitution);
        var inner = script.Commands.Last();
        inner.Context.ShouldHaveFlag(ShellCommandContext.ShellDashC);
        script.Source.Substring(inner.Start, inner.End - inner.Start).ShouldBe("apt-get install -y x");
    }

    [Fact]
    public void Unwraps_sudo_env_and_xargs()
    {
        var script = ShellScriptParser.Parse("sudo -u app env A=1 pip install x && find . | xargs -n 1 rm");
        script.Commands.Select(c => (c.Name, c.WrappedBy)).ShouldBe([("sudo", null), ("env", "sudo"), ("pip", "env"), ("find", null), ("xargs", null), ("rm", "xargs")]);
    }

    [Fact]
    public void Skips_control_keywords_assignments_redirections_and_comments()
    {
        var script = ShellScriptParser.Parse("if [ -f x ]; then A=1 make >/dev/null 2>&1; else echo no; fi\nfor f in a b; do rm $f; done # trailing\ncase $x in a|b) echo ab ;; *) echo other ;; esac");
        script.Commands.Select(c => c.Name).ShouldBe(["[", "make", "echo", "rm", "echo", "echo"]);
        script.Commands[0].Context.ShouldHaveFlag(ShellCommandContext.Condition);
        script.Commands[1].Assignments.Single().Value.ShouldBe("A=1");
        script.Commands[1].Redirections.Select(r => r.Operator).ShouldBe([">", ">&"]);
        script.Commands[3].Context.ShouldHaveFlag(ShellCommandContext.Conditional);
        script.Errors.ShouldBeEmpty();
    }

    [Fact]
    public void Skips_heredoc_bodies_inside_scripts()
    {
        Names("cat <<EOF > /etc/conf\nnot && a command\nEOF\necho done").ShouldBe(["cat", "echo"]);
        Names("cat <<-'END'\n\tignored | too\n\tEND\nls").ShouldBe(["cat", "ls"]);
    }

    [Fact]
    public void Resolves_variables_in_word_values_and_keeps_unknown_ones()
    {
        var variables = new VariableMap([new("VERSION", "1.2.3")]);
        var script = ShellScriptParser.Parse("pip install app==${VERSION} other==$UNKNOWN", variables);
        script.Commands[0].Arguments.Select(a => a.Value).ShouldBe(["install", "app==1.2.3", "other==$UNKNOWN"]);
        script.Commands[0].Arguments.Last().HasExpansion.ShouldBeTrue();
    }

    [Fact]
    public void Flags_and_positionals()
    {
        var command = ShellScriptParser.Parse("apt-get -qy -o Dpkg::Options::=--force-confold install --no-install-recommends curl git").Commands[0];
        command.HasFlag("-y").ShouldBeTrue();
        command.HasFlag("--no-install-recommends").ShouldBeTrue();
        command.HasFlag("-f").ShouldBeFalse();
        command.OptionValue("-o").ShouldBe("Dpkg::Options::=--force-confold");
        command.Positionals(new HashSet<string> { "-o" }).Select(p => p.Value).ShouldBe(["install", "curl", "git"]);
    }

    [Theory]
    [InlineData("echo \"open", "unterminated double quote")]
    [InlineData("echo 'open", "unterminated single quote")]
    [InlineData("(cd x && make", "missing ')'")]
    [InlineData("echo $(date", "unterminated $(")]
    public void Reports_syntax_errors_with_their_offset(string script, string message)
    {
        var parsed = ShellScriptParser.Parse(script);
        parsed.Errors.ShouldNotBeEmpty();
        parsed.Errors[0].Message.ShouldContain(message);
    }

    [Fact]
    public void Never_hangs_or_throws_on_odd_input()
    {
        foreach (var script in new[] { ")", ")))(((", "| | &&", ";;;", "<", "> >", "$(", "`", "\\", "case x in", "if; then; fi; done", new string('(', 200) + "x" })
        {
            Should.NotThrow(() => ShellScriptParser.Parse(script));
        }
    }
}

internal static class ShellContextAssertions
{
    public static void ShouldHaveFlag(this ShellCommandContext context, ShellCommandContext flag) =>
        context.HasFlag(flag).ShouldBeTrue($"{context} should include {flag}");
}
