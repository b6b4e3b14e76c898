using Drydock.BuildContext;
using Drydock.BuildContext.Walker;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.BuildContext;

public sealed class ContextBuilderDetectionTests
{
    private static Func<string, string?> Env(string? buildKit) => name => name == "DOCKER_BUILDKIT" ? buildKit : null;

    [Theory]
    [InlineData("0", ContextBuilder.Classic)]
    [InlineData("false", ContextBuilder.Classic)]
    [InlineData("F", ContextBuilder.Classic)]
    [InlineData("1", ContextBuilder.BuildKit)]
    [InlineData("True", ContextBuilder.BuildKit)]
    public void DOCKER_BUILDKIT_decides_whatever_the_cli_version(string value, ContextBuilder expected)
    {
        ContextBuilderDetection.Detect(Env(value), "Docker version 20.10.24+dfsg1, build 297e128").Builder.ShouldBe(expected);
        ContextBuilderDetection.Detect(Env(value), "Docker version 28.2.2, build e6534b4").Builder.ShouldBe(expected);
    }

    [Fact]
    public void A_value_go_does_not_parse_as_a_boolean_is_an_error()
    {
        Should.Throw<DrydockException>(() => ContextBuilderDetection.Detect(Env("yes"), null)).Message.ShouldContain("DOCKER_BUILDKIT=yes");
    }

    [Theory]
    [InlineData("Docker version 20.10.24+dfsg1, build 297e128", ContextBuilder.Classic)]
    [InlineData("Docker version 22.06.0-beta.0, build abc", ContextBuilder.Classic)]
    [InlineData("Docker version 23.0.0, build e92dd87", ContextBuilder.BuildKit)]
    [InlineData("Docker version 28.2.2, build e6534b4", ContextBuilder.BuildKit)]
    [InlineData(null, ContextBuilder.BuildKit)]
    [InlineData("podman version 4.3.1", ContextBuilder.BuildKit)]
    public void Without_DOCKER_BUILDKIT_the_cli_default_decides(string? version, ContextBuilder expected)
    {
        var choice = ContextBuilderDetection.Detect(Env(null), version);
        choice.Builder.ShouldBe(expected);
        choice.Reason.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task Everything_excluded_then_pyc_re_included_follows_the_builder_docker_build_would_use()
    {
        // The case from issue 19: "**" then "!**/*.pyc". The classic CLI skips keep.txt/ whole ("**/*.pyc/" does not
        // start with "keep.txt/"); BuildKit walks every directory once an exception has a wildcard.
        var root = Path.Combine(Path.GetTempPath(), $"drydock-ctx-auto-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "keep.txt", "test"));
            File.WriteAllText(Path.Combine(root, "keep.txt", "test", "y.pyc"), "y");
            File.WriteAllText(Path.Combine(root, "top.pyc"), "t");
            File.WriteAllText(Path.Combine(root, "other.txt"), "o");
            File.WriteAllText(Path.Combine(root, ".dockerignore"), "**\n!**/*.pyc\n");
            var classic = await CliRunner.RunAsync(["context", root, "--list"], new Dictionary<string, string?> { ["DOCKER_BUILDKIT"] = "0" });
            classic.StandardOutput.ShouldBe("top.pyc\n", classic.ToString());
            var buildKit = await CliRunner.RunAsync(["context", root, "--list"], new Dictionary<string, string?> { ["DOCKER_BUILDKIT"] = "1" });
            buildKit.StandardOutput.ShouldBe("keep.txt/test/y.pyc\ntop.pyc\n", buildKit.ToString());
            var invalid = await CliRunner.RunAsync(["context", root, "--list"], new Dictionary<string, string?> { ["DOCKER_BUILDKIT"] = "maybe" });
            invalid.ExitCode.ShouldBe(2, invalid.ToString());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
