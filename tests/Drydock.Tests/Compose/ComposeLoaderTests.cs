using System.Diagnostics;
using System.Text;
using Drydock.Compose.Loading;
using Drydock.Compose.Model;

namespace Drydock.Tests.Compose;

public sealed class ComposeLoaderTests
{
    [Fact]
    public void Values_keep_the_span_of_the_file_they_came_from()
    {
        using var project = new ComposeTestProject("""
            x-common: &common
              restart: always
            services:
              web:
                <<: *common
                image: web:1
                extends:
                  file: base.yaml
                  service: base
            """);
        project.Write("base.yaml", "services:\n  base:\n    environment:\n      FROM_BASE: \"1\"\n");
        project.Write("compose.override.yaml", "services:\n  web:\n    image: web:2\n");
        var web = project.LoadClean().FindService("web")!;

        web.Image!.Value.Value.ShouldBe("web:2");
        web.Image.Value.Span.File.ShouldBe(project.PathOf("compose.override.yaml"));
        (web.Image.Value.Span.Line, web.Image.Value.Span.Column).ShouldBe((3, 12));

        var fromBase = web.Environment.Single(variable => variable.Name == "FROM_BASE");
        fromBase.Span.File.ShouldBe(project.PathOf("base.yaml"));
        fromBase.Span.Line.ShouldBe(4);

        web.Restart!.Value.Span.Line.ShouldBe(2); // the anchor's line, not the alias's
        web.Span.ToString().ShouldBe($"{project.PathOf("compose.yaml")}:4:3");
    }

    [Fact]
    public void Discovery_finds_the_main_file_and_its_override_from_a_subdirectory()
    {
        using var project = new ComposeTestProject("services:\n  a:\n    image: a:1\n");
        project.Write("docker-compose.override.yml", "services:\n  a:\n    image: a:2\n");
        var nested = Path.Combine(project.Directory, "deep", "er");
        Directory.CreateDirectory(nested);
        var result = ComposeProjectLoader.Load(new ComposeLoadOptions { WorkingDirectory = nested, Environment = new Dictionary<string, string>() });

        result.Problems.ShouldBeEmpty();
        result.Project!.ComposeFiles.ShouldBe([project.PathOf("compose.yaml"), project.PathOf("docker-compose.override.yml")]);
        result.Project.Services[0].Image!.Value.Value.ShouldBe("a:2");
        result.Project.Name.ShouldBe("app");
    }

    [Fact]
    public void Compose_file_and_profiles_come_from_the_environment()
    {
        using var project = new ComposeTestProject();
        project.Write("one.yaml", "services:\n  a:\n    image: a:1\n  b:\n    image: b:1\n    profiles: [extra]\n");
        project.Write("two.yaml", "services:\n  a:\n    image: a:2\n");
        var loaded = project.LoadClean(new Dictionary<string, string> { ["COMPOSE_FILE"] = "one.yaml;two.yaml", ["COMPOSE_PATH_SEPARATOR"] = ";", ["COMPOSE_PROFILES"] = "extra" });

        loaded.Services.Select(service => service.Name).ShouldBe(["a", "b"]);
        loaded.Services[0].Image!.Value.Value.ShouldBe("a:2");
        loaded.ActiveProfiles.ShouldBe(["extra"]);
    }

    [Fact]
    public void The_env_file_of_the_first_file_s_directory_wins_over_the_current_directory_s()
    {
        using var project = new ComposeTestProject();
        project.Write(".env", "TAG=from-current-directory\n");
        project.Write("sub/compose.yaml", "services:\n  a:\n    image: \"a:${TAG}\"\n");
        project.Write("sub/.env", "TAG=from-project-directory\n");
        var loaded = project.LoadClean(files: ["sub/compose.yaml"]);
        loaded.Services[0].Image!.Value.Value.ShouldBe("a:from-project-directory");
        loaded.WorkingDirectory.ShouldBe(project.PathOf("sub"));
    }

    [Fact]
    public void Project_name_precedence_and_validation()
    {
        using var project = new ComposeTestProject("name: From-File\nservices:\n  a:\n    image: a\n");
        project.LoadClean().Name.ShouldBe("from-file");
        project.LoadClean(new Dictionary<string, string> { ["COMPOSE_PROJECT_NAME"] = "from-env" }).Name.ShouldBe("from-env");
        project.Load(projectName: "cli").Project!.Name.ShouldBe("cli");

        var invalid = project.Load(projectName: "Not Valid");
        invalid.Problems.Single().Message.ShouldContain("invalid project name \"Not Valid\"");
    }

    [Fact]
    public void Shell_wins_over_dotenv_and_variables_report_their_source()
    {
        using var project = new ComposeTestProject("""
            services:
              a:
                image: "app:${TAG:-latest}"
                environment:
                  FROM_DOTENV: ${DOTENV_ONLY}
                  FROM_SHELL: ${SHARED}
                  REQUIRED: ${NEEDED:?set NEEDED}
                  UNSET: ${NOT_SET}
            """);
        project.Write(".env", "DOTENV_ONLY=dotenv\nSHARED=dotenv\nNEEDED=yes\n");
        var loaded = project.LoadClean(new Dictionary<string, string> { ["SHARED"] = "shell" });
        var a = loaded.Services[0];
        a.GetEnvironment("FROM_DOTENV").ShouldBe("dotenv");
        a.GetEnvironment("FROM_SHELL").ShouldBe("shell");
        a.Image!.Value.Value.ShouldBe("app:latest");

        var variables = loaded.Variables.ToDictionary(variable => variable.Name);
        variables["TAG"].Source.ShouldBe(VariableSource.Default);
        variables["TAG"].DefaultValue.ShouldBe("latest");
        variables["DOTENV_ONLY"].Source.ShouldBe(VariableSource.DotEnv);
        variables["DOTENV_ONLY"].EnvFile.ShouldBe(project.PathOf(".env"));
        variables["SHARED"].Source.ShouldBe(VariableSource.Shell);
        variables["NEEDED"].Required.ShouldBeTrue();
        variables["NOT_SET"].Source.ShouldBe(VariableSource.Unset);
        variables["NOT_SET"].References.Single().Line.ShouldBe(8);
    }

    [Fact]
    public void A_missing_required_variable_names_the_variable_the_key_and_the_position()
    {
        using var project = new ComposeTestProject("services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${DB_PASSWORD:?set DB_PASSWORD in .env}\n");
        var problem = project.Load().Problems.ShouldHaveSingleItem();
        problem.Kind.ShouldBe(ComposeProblemKind.Interpolation);
        problem.Message.ShouldBe("error while interpolating services.db.environment.POSTGRES_PASSWORD: required variable DB_PASSWORD is missing a value: set DB_PASSWORD in .env");
        (problem.Span.Line, problem.Span.Column).ShouldBe((5, 26));
    }

    [Fact]
    public void Structural_errors_are_all_reported_with_positions()
    {
        using var project = new ComposeTestProject("""
            services:
              web:
                imagee: nginx:1.25
                ports: "8080:80"
                restart: [always]
                read_only: sometimes
                healthcheck:
                  interval: 10
                  test: ["CMD", "true"]
                volumes:
                  - type: magic
                    target: /x
            """);
        var problems = project.Load().Problems;
        var messages = problems.Select(problem => $"{problem.Span.Line}:{problem.Span.Column} {problem.Message}").ToList();
        messages.ShouldContain("3:5 services.web: additional property 'imagee' is not allowed (did you mean 'image'?)");
        messages.ShouldContain(message => message.StartsWith("4:12 services.web.ports must be a list", StringComparison.Ordinal));
        messages.ShouldContain(message => message.StartsWith("5:14 services.web.restart must be a string, not a list", StringComparison.Ordinal));
        messages.ShouldContain(message => message.StartsWith("8:17 services.web.healthcheck.interval must be a string", StringComparison.Ordinal));
        messages.ShouldContain(message => message.StartsWith("11:15 services.web.volumes.[].type must be one of: bind, volume", StringComparison.Ordinal));
        messages.ShouldContain(message => message.StartsWith("6:16 services.web.read_only must be a boolean", StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_durations_ports_and_sizes_are_reported()
    {
        using var project = new ComposeTestProject("""
            services:
              web:
                image: web
                mem_limit: lots
                stop_grace_period: 10 seconds
                ports:
                  - "70000:80"
                  - "8000-7000:80"
                  - "1.2.3:80:80"
                  - target: 99999
            """);
        var messages = project.Load().Problems.Select(problem => $"{problem.Span.Line} {problem.Message}").ToList();
        messages.ShouldContain(message => message.StartsWith("4 services.web.mem_limit is not a valid size: \"lots\"", StringComparison.Ordinal));
        messages.ShouldContain(message => message.StartsWith("5 services.web.stop_grace_period: time: ", StringComparison.Ordinal));
        messages.ShouldContain("7 services.web.ports: invalid hostPort: 70000");
        messages.ShouldContain("8 services.web.ports: invalid hostPort: 8000-7000");
        messages.ShouldContain("9 services.web.ports: invalid IP address: 1.2.3");
        messages.ShouldContain(message => message.StartsWith("10 services.web.ports: invalid container port \"99999\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Undefined_references_and_dependency_cycles_are_reported()
    {
        using var project = new ComposeTestProject("""
            services:
              a:
                image: a
                networks: [missing-net]
                volumes: [missing-vol:/data]
                secrets: [missing-secret]
                configs: [missing-config]
                depends_on: [b, ghost]
              b:
                image: b
                depends_on: [c]
              c:
                image: c
                depends_on: [a]
              d: {}
            """);
        var messages = project.Load().Problems.Select(problem => problem.Message).ToList();
        messages.ShouldContain("service \"a\" refers to undefined network missing-net");
        messages.ShouldContain("service \"a\" refers to undefined volume missing-vol");
        messages.ShouldContain("service \"a\" refers to undefined secret missing-secret");
        messages.ShouldContain("service \"a\" refers to undefined config missing-config");
        messages.ShouldContain("service \"a\" depends on undefined service \"ghost\"");
        messages.ShouldContain("service \"d\" has neither an image nor a build context specified");
        messages.ShouldContain(message => message.StartsWith("dependency cycle detected: a -> b -> c -> a", StringComparison.Ordinal));
    }

    [Fact]
    public void Extends_and_include_cycles_and_missing_files_are_reported()
    {
        using var project = new ComposeTestProject("""
            include:
              - other/compose.yaml
            services:
              a:
                extends: b
              b:
                extends: a
              c:
                extends:
                  file: nowhere.yaml
                  service: x
            """);
        project.Write("other/compose.yaml", "include:\n  - ../compose.yaml\nservices:\n  o:\n    image: o\n");
        var messages = project.Load().Problems.Select(problem => problem.Message).ToList();
        messages.ShouldContain(message => message.StartsWith("Circular reference:", StringComparison.Ordinal));
        messages.ShouldContain(message => message.StartsWith("include cycle detected:", StringComparison.Ordinal));
        messages.ShouldContain(message => message.StartsWith("extends file ", StringComparison.Ordinal) && message.EndsWith("nowhere.yaml does not exist", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("services:\n  web:\n    image: [unclosed\n", "4:1")]
    [InlineData("services:\n\tweb:\n    image: x\n", "2:1")]
    [InlineData("services:\n  web:\n    image: a\n    image: b\n", "4:5")]
    [InlineData("services: &a\n  web: *b\n", "2:8")]
    [InlineData("- just\n- a list\n", "1:1")]
    public void Malformed_yaml_is_one_clear_problem_with_a_position(string yaml, string position)
    {
        using var project = new ComposeTestProject(yaml);
        var problem = project.Load().Problems.First();
        problem.Span.ToString().ShouldContain($"compose.yaml:{position}");
        problem.Message.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void A_tab_indented_file_says_so()
    {
        using var project = new ComposeTestProject("services:\n\tweb:\n\t\timage: x\n");
        project.Load().Problems[0].Message.ShouldContain("tab");
    }

    [Fact]
    public void A_ten_megabyte_file_is_refused_quickly_with_a_clear_message()
    {
        using var project = new ComposeTestProject();
        var builder = new StringBuilder("services:\n");
        var i = 0;
        while (builder.Length < 10 * 1024 * 1024)
        {
            builder.Append("  s").Append(i++).Append(":\n    image: example/app:1.0\n    environment:\n      A: \"some value to make this file big\"\n");
        }
        project.Write("compose.yaml", builder.ToString());
        var watch = Stopwatch.StartNew();
        var problem = project.Load().Problems.ShouldHaveSingleItem();
        watch.Stop();
        problem.Message.ShouldContain("MB; Compose files larger than 4 MB are not read");
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void A_large_but_allowed_file_loads()
    {
        using var project = new ComposeTestProject();
        var builder = new StringBuilder("services:\n");
        for (var i = 0; i < 2000; i++)
        {
            builder.Append("  s").Append(i).Append(":\n    image: example/app:1.0\n    ports: [\"127.0.0.1:").Append(10000 + i).Append(":80\"]\n    environment:\n      A: \"${VALUE:-x}\"\n");
        }
        project.Write("compose.yaml", builder.ToString());
        project.LoadClean().Services.Count.ShouldBe(2000);
    }

    [Fact]
    public void An_alias_bomb_is_stopped_with_an_error()
    {
        var builder = new StringBuilder("x-0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var level = 1; level < 12; level++)
        {
            builder.Append($"x-{level}: &a{level} [");
            builder.Append(string.Join(", ", Enumerable.Repeat($"*a{level - 1}", 9)));
            builder.Append("]\n");
        }
        builder.Append("services:\n  a:\n    image: a\n");
        using var project = new ComposeTestProject(builder.ToString());
        var watch = Stopwatch.StartNew();
        var problem = project.Load().Problems.ShouldHaveSingleItem();
        watch.Stop();
        problem.Message.ShouldContain("alias");
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Deep_nesting_is_stopped_with_an_error()
    {
        var yaml = "services:\n  a:\n    image: a\n    labels:\n      x: " + new string('[', 5000) + new string(']', 5000) + "\n";
        using var project = new ComposeTestProject(yaml);
        project.Load().Problems.ShouldHaveSingleItem().Message.ShouldContain("nesting");
    }

    [Fact]
    public void String_commands_split_like_compose_and_stop_at_shell_operators()
    {
        using var project = new ComposeTestProject("""
            services:
              a:
                image: a
                command: sh -c "echo 'hi there'" && echo never
            """);
        var command = project.LoadClean().Services[0].Command!;
        command.IsShellForm.ShouldBeTrue();
        command.Words.ShouldBe(["sh", "-c", "echo 'hi there'"]);
    }

    [Fact]
    public void Env_file_missing_is_a_problem_unless_optional()
    {
        using var project = new ComposeTestProject("""
            services:
              a:
                image: a
                env_file:
                  - required.env
                  - path: optional.env
                    required: false
            """);
        var problem = project.Load().Problems.ShouldHaveSingleItem();
        problem.Kind.ShouldBe(ComposeProblemKind.File);
        problem.Message.ShouldContain("required.env not found");
        problem.Span.Line.ShouldBe(5);
    }

    [Fact]
    public void Depending_on_a_service_of_an_inactive_profile_needs_required_false()
    {
        using var project = new ComposeTestProject("""
            services:
              app:
                image: app
                depends_on:
                  tools:
                    condition: service_started
                    required: false
              tools:
                image: tools
                profiles: [tools]
            """);
        var loaded = project.LoadClean();
        loaded.Services.Select(service => service.Name).ShouldBe(["app"]);
        loaded.DisabledServices.Select(service => service.Name).ShouldBe(["tools"]);
    }

    [Fact]
    public void Units_parse_as_compose_parses_them()
    {
        ComposeUnits.TryParseDuration("1m30s", out var duration, out _).ShouldBeTrue();
        duration.ShouldBe(TimeSpan.FromSeconds(90));
        ComposeUnits.FormatDuration(duration).ShouldBe("1m30s");
        ComposeUnits.FormatDuration(TimeSpan.FromHours(1)).ShouldBe("1h0m0s");
        ComposeUnits.FormatDuration(TimeSpan.FromMilliseconds(1500)).ShouldBe("1.5s");
        ComposeUnits.FormatDuration(TimeSpan.FromMilliseconds(300)).ShouldBe("300ms");
        ComposeUnits.TryParseDuration("2d", out var days, out _).ShouldBeTrue();
        days.ShouldBe(TimeSpan.FromDays(2));
        ComposeUnits.TryParseDuration("10", out _, out var error).ShouldBeFalse();
        error.ShouldBe("time: missing unit in duration \"10\"");
        ComposeUnits.TryParseBytes("256m", out var bytes).ShouldBeTrue();
        bytes.ShouldBe(256L * 1024 * 1024);
        ComposeUnits.TryParseBytes("1.5GiB", out var gib).ShouldBeTrue();
        gib.ShouldBe((long)(1.5 * 1024 * 1024 * 1024));
        ComposeUnits.TryParseBytes("lots", out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("80", "", "", 80, "tcp")]
    [InlineData("8080:80", "", "8080", 80, "tcp")]
    [InlineData("127.0.0.1:8080:80/udp", "127.0.0.1", "8080", 80, "udp")]
    [InlineData("8000-8010:80", "", "8000-8010", 80, "tcp")]
    [InlineData("[::1]:53:53/sctp", "::1", "53", 53, "sctp")]
    public void Short_port_syntax(string spec, string ip, string published, int target, string protocol)
    {
        var port = ShortSyntax.ParsePort(spec).ShouldHaveSingleItem();
        port.ShouldBe(new ParsedPort(ip, published, target, protocol));
    }

    [Theory]
    [InlineData("data:/var/lib/data", "volume", "data", "/var/lib/data", false)]
    [InlineData("./src:/app:ro", "bind", "./src", "/app", true)]
    [InlineData("/tmp", "volume", "", "/tmp", false)]
    [InlineData("~/.ssh:/root/.ssh:ro,z", "bind", "~/.ssh", "/root/.ssh", true)]
    [InlineData("${DATA_DIR:-./d}:/d", "volume", "${DATA_DIR:-./d}", "/d", false)]
    public void Short_volume_syntax(string spec, string type, string source, string target, bool readOnly)
    {
        var volume = ShortSyntax.ParseVolume(spec);
        (volume.Type, volume.Source, volume.Target, volume.ReadOnly).ShouldBe((type, source, target, readOnly));
    }
}
