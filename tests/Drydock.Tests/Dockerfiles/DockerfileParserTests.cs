using Drydock.Dockerfiles.Parsing;
using Drydock.Dockerfiles.Stages;

namespace Drydock.Tests.Dockerfiles;

/// <summary>What the conformance vectors do not cover: recovery after errors, positions, directives, BOM.</summary>
public sealed class DockerfileParserTests
{
    [Fact]
    public void Every_error_is_reported_and_parsing_goes_on()
    {
        var parsed = DockerfileParser.Parse("FROM alpine\nENV ONLYKEY\nCMD [\"a\", [\"nested\"]]\nLABEL ok=1\nRUN <<EOF\nnever ends\n", "/d/Dockerfile");
        parsed.Errors.Select(e => (e.Span.Line, e.Message)).ShouldBe(
        [
            (2, "ENV must have two arguments"),
            (3, "when using JSON array syntax, arrays must be comprised of strings only"),
            (5, "unterminated heredoc EOF"),
        ]);
        parsed.Instructions.Select(i => i.Value).ShouldBe(["FROM", "ENV", "CMD", "LABEL", "RUN"]);
        parsed.Instructions[3].ArgumentValues.ShouldBe(["ok", "1", "="]);
    }

    [Fact]
    public void Directives_are_read_only_at_the_top_and_only_once()
    {
        var parsed = DockerfileParser.Parse("# syntax=docker/dockerfile:1\n# escape=`\n# check=skip=all\nFROM alpine\nRUN echo a `\n  b\n");
        parsed.Directives.Select(d => (d.Name, d.Value, d.Line)).ShouldBe([("syntax", "docker/dockerfile:1", 1), ("escape", "`", 2), ("check", "skip=all", 3)]);
        parsed.EscapeToken.ShouldBe('`');
        parsed.Instructions[1].Next!.Value.ShouldBe("echo a   b");
        DockerfileParser.Parse("# escape=\\\n# escape=`\nFROM alpine\n").Errors.Single().Message.ShouldBe("only one escape parser directive can be used");
        DockerfileParser.Parse("# escape=x\nFROM alpine\n").Errors.Single().Message.ShouldContain("invalid escape token 'x'");
    }

    [Fact]
    public void Positions_survive_a_byte_order_mark_tabs_and_continuations()
    {
        var document = DockerfileDocument.Parse("\uFEFFFROM alpine:3.20\n\tRUN apk add \\\n\t\tcurl\n", "/d/Dockerfile");
        document.Instructions[0].KeywordSpan.ToString().ShouldBe("/d/Dockerfile:1:1");
        var run = (RunInstruction)document.Instructions[1];
        run.KeywordSpan.ToString().ShouldBe("/d/Dockerfile:2:2");
        run.StartLine.ShouldBe(2);
        run.EndLine.ShouldBe(3);
        run.SpanOf(run.ShellCommandOffset + "apk add \t\t".Length, run.ShellCommandOffset + "apk add \t\tcurl".Length).ToString().ShouldBe("/d/Dockerfile:3:3");
    }

    [Fact]
    public void Heredocs_attach_their_bodies_and_lines()
    {
        var document = DockerfileDocument.Parse("FROM alpine\nCOPY <<A <<-B /etc/\none\nA\n\ttwo\n\tB\nRUN echo done\n");
        var copy = document.Instructions.OfType<CopyInstruction>().Single();
        copy.Sources.Select(s => (s.Heredoc!.Name, s.Heredoc.BodyStartLine, s.Heredoc.EffectiveContent)).ShouldBe([("A", 3, "one\n"), ("B", 5, "two\n")]);
        copy.EndLine.ShouldBe(6);
        document.Instructions[2].StartLine.ShouldBe(7);
    }

    [Fact]
    public void Onbuild_triggers_are_typed_and_positioned()
    {
        var document = DockerfileDocument.Parse("FROM alpine\nONBUILD COPY --chown=app . /app\n", "/d/Dockerfile");
        var onbuild = document.Instructions.OfType<OnbuildInstruction>().Single();
        var trigger = onbuild.Trigger.ShouldBeOfType<CopyInstruction>();
        trigger.IsOnbuildTrigger.ShouldBeTrue();
        trigger.Chown!.Value.ShouldBe("app");
        trigger.Destination!.Span.ToString().ShouldBe("/d/Dockerfile:2:28");
    }

    [Fact]
    public void Builder_flags_are_validated_like_buildkit()
    {
        var document = DockerfileDocument.Parse("FROM --platform alpine\nCOPY --link=maybe a /b\nRUN --mount=type=cache,target=/c --mount=type=secret,id=x true\nWORKDIR --x /a\n");
        document.Errors.Select(e => e.Message).ShouldBe(
        [
            "missing a value on flag: platform",
            "expecting boolean value for flag link, not: maybe",
            "unknown flag: x (WORKDIR takes no flags)",
        ]);
        ((RunInstruction)document.Instructions[2]).Mounts.Select(m => m["type"]).ShouldBe(["cache", "secret"]);
    }
}

public sealed class HostileInputTests
{
    [Fact]
    public void Deeply_nested_substitutions_are_an_error_not_a_crash()
    {
        var word = string.Concat(Enumerable.Repeat("${a:-", 50_000)) + "x" + new string('}', 50_000);
        var result = new Drydock.Dockerfiles.Shell.ShellLexer().ProcessWord(word, Drydock.Dockerfiles.Shell.VariableMap.Empty);
        result.Failed.ShouldBeTrue();
        result.Error!.ShouldContain("nested too deeply");
        var document = DockerfileDocument.Parse("FROM alpine\nENV A=" + word + "\nRUN echo " + new string('(', 20_000) + "\n");
        Should.NotThrow(() => Drydock.Dockerfiles.Rules.DockerfileRules.Run(new Drydock.Dockerfiles.Rules.DockerfileAnalysis(document)));
    }
}
