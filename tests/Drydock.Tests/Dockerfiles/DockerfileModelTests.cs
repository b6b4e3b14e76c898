using Drydock.Dockerfiles.Parsing;
using Drydock.Dockerfiles.Stages;

namespace Drydock.Tests.Dockerfiles;

/// <summary>The public model other features use: positions, stages, ARG/ENV resolution, COPY sources, effective USER.</summary>
public sealed class DockerfileModelTests
{
    private const string MultiStage = """
        # syntax=docker/dockerfile:1
        ARG BASE=python
        ARG TAG=3.12-slim
        FROM ${BASE}:${TAG} AS build
        ARG TAG
        ARG APP_VERSION=1.0
        ENV APP_HOME=/opt/app \
            VERSION=${APP_VERSION}
        WORKDIR $APP_HOME
        COPY requirements.txt ./
        COPY --from=nginx:1.27 /etc/nginx/nginx.conf /tmp/
        ADD https://example.com/data.json /data/
        COPY <<EOF /etc/motd
        hello
        EOF
        USER 1000
        FROM build AS final
        COPY --chown=app src/ ${APP_HOME}/src/
        """;

    [Fact]
    public void Instructions_have_positions_and_typed_arguments()
    {
        var document = DockerfileDocument.Parse(MultiStage, "/p/Dockerfile");
        document.Errors.ShouldBeEmpty();
        var env = document.Instructions.OfType<KeyValueInstruction>().Single();
        env.StartLine.ShouldBe(7);
        env.EndLine.ShouldBe(8);
        env.Pairs.Select(p => (p.Key, p.Value)).ShouldBe([("APP_HOME", "/opt/app"), ("VERSION", "${APP_VERSION}")]);
        env.Pairs[1].KeySpan.ToString().ShouldBe("/p/Dockerfile:8:5");
        var copy = document.Instructions.OfType<CopyInstruction>().First();
        copy.Sources.Single().Span.ToString().ShouldBe("/p/Dockerfile:10:6");
        copy.Destination!.Value.ShouldBe("./");
        var heredocCopy = document.Instructions.OfType<CopyInstruction>().Single(c => c.Sources.Any(s => s.Heredoc is not null));
        heredocCopy.Sources[0].Heredoc!.Content.ShouldBe("hello\n");
        heredocCopy.EndLine.ShouldBe(15);
    }

    [Fact]
    public void Resolves_FROM_ARG_and_ENV_like_BuildKit()
    {
        var document = DockerfileDocument.Parse(MultiStage);
        var resolution = document.Resolve(new Dictionary<string, string> { ["APP_VERSION"] = "2.5" });
        var build = resolution.Stages[0];
        build.BaseName.Text.ShouldBe("python:3.12-slim");
        build.Image!.Repository.ShouldBe("python");
        build.Image.Tag.ShouldBe("3.12-slim");
        // A bare ARG in a stage takes the global value; build arguments override defaults; ENV sees both.
        build.FinalScope.Find("TAG")!.Value.ShouldBe("3.12-slim");
        build.FinalScope.Find("VERSION")!.Value.ShouldBe("2.5");
        build.Workdir.ShouldBe("/opt/app");
        var final = resolution.Target!;
        final.Parent.ShouldBe(build);
        // A stage built FROM another inherits its ENV, not its ARGs.
        final.FinalScope.Find("APP_HOME")!.Value.ShouldBe("/opt/app");
        final.FinalScope.Find("TAG").ShouldBeNull();
        var lastCopy = document.Stages[1].OfType<CopyInstruction>().Single();
        resolution.Expand(lastCopy, lastCopy.Destination!.Value).Text.ShouldBe("/opt/app/src/");
    }

    [Fact]
    public void Unknown_values_stay_visible_instead_of_becoming_empty()
    {
        var document = DockerfileDocument.Parse("ARG IMAGE\nFROM ${IMAGE}:${TAG:-1.0}\nARG PKG_VERSION\nRUN echo\n");
        var stage = document.Resolve().Stages[0];
        stage.BaseName.Text.ShouldBe("${IMAGE}:1.0");
        stage.BaseName.IsResolved.ShouldBeFalse();
        stage.BaseName.Unresolved.ShouldBe(["IMAGE"]);
        stage.Image.ShouldBeNull();
        document.Resolve(new Dictionary<string, string> { ["IMAGE"] = "alpine" }).Stages[0].BaseName.Text.ShouldBe("alpine:1.0");
    }

    [Fact]
    public void Lists_COPY_and_ADD_sources_with_spans_and_origin()
    {
        var document = DockerfileDocument.Parse(MultiStage, "/p/Dockerfile");
        var sources = document.CopySources();
        sources.Select(s => (s.Path.Text, s.IsFromBuildContext, s.From)).ShouldBe(
        [
            ("requirements.txt", true, null),
            ("/etc/nginx/nginx.conf", false, "nginx:1.27"),
            ("https://example.com/data.json", false, null),
            ("<<EOF", false, null),
            ("src/", true, null),
        ]);
        sources[4].Span.ToString().ShouldBe("/p/Dockerfile:18:18");
        sources[4].Stage.Stage.Name.ShouldBe("final");
        sources[2].IsAdd.ShouldBeTrue();
    }

    [Fact]
    public void The_final_stage_user_is_inherited_through_FROM_stage()
    {
        var resolution = DockerfileDocument.Parse(MultiStage).Resolve();
        var user = resolution.Target!.EffectiveUser!;
        user.User.ShouldBe("1000");
        user.Stage.Name.ShouldBe("build");
        user.IsRoot.ShouldBeFalse();
        DockerfileDocument.Parse("FROM alpine\n").Resolve().Target!.EffectiveUser.ShouldBeNull();
        DockerfileDocument.Parse("FROM alpine\nUSER root:root\n").Resolve().Target!.EffectiveUser!.IsRoot.ShouldBeTrue();
        DockerfileDocument.Parse("FROM alpine AS a\nUSER 1\nFROM alpine AS b\n").Resolve(target: "a").Target!.EffectiveUser!.User.ShouldBe("1");
    }

    [Fact]
    public void Parses_image_references()
    {
        ImageReference.TryParse("registry.example.com:5000/team/app:1.2@sha256:" + new string('a', 64), out var full).ShouldBeTrue();
        (full.Registry, full.Repository, full.Tag).ShouldBe(("registry.example.com:5000", "team/app", "1.2"));
        ImageReference.TryParse("library/redis", out var hub).ShouldBeTrue();
        hub.EffectiveRegistry.ShouldBe("docker.io");
        ImageReference.TryParse("localhost/app", out var local).ShouldBeTrue();
        local.Registry.ShouldBe("localhost");
        ImageReference.TryParse("team/UPPER", out _).ShouldBeFalse();
        ImageReference.TryParse("app:", out _).ShouldBeFalse();
        ImageReference.TryParse("", out _).ShouldBeFalse();
    }
}
