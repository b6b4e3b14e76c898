using System.Diagnostics;
using System.Text;
using Drydock.Compose.Interpolation;
using Drydock.Compose.Loading;
using Drydock.Files;
using Drydock.Findings;
using Drydock.Images.Sources;
using Drydock.Reports.Rendering;
using Drydock.Text;

namespace Drydock.Tests.Text;

/// <summary>The mechanisms behind issue 15, one by one: file opening, escaping, nesting, ranges, caps, masking.</summary>
public sealed class HostileInputUnitTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("drydock-unit-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Control_characters_are_escaped_and_tabs_and_text_kept()
    {
        TerminalText.Escape("plain text, tab\there, é ü 日本").ShouldBe("plain text, tab\there, é ü 日本");
        TerminalText.Escape("a\u001b]0;title\u0007b").ShouldBe("a\\x1b]0;title\\x07b");
        TerminalText.Escape("line\nbreak\r").ShouldBe("line\\nbreak\\r");
        TerminalText.Escape("line\nbreak", keepLineBreaks: true).ShouldBe("line\nbreak");
        TerminalText.Escape("\u009b2J \u202eevil").ShouldBe("\\u009b2J \\u202eevil");
        TerminalText.Escape("del\u007f").ShouldBe("del\\x7f");
    }

    [Fact]
    public void A_fifo_a_device_a_directory_and_an_oversized_file_are_refused_before_reading()
    {
        var fifo = Path.Combine(_directory, "pipe");
        using (var mkfifo = Process.Start("mkfifo", [fifo])!)
        {
            mkfifo.WaitForExit();
        }
        Should.Throw<UserFileException>(() => UserFiles.ReadAllText(fifo)).Message.ShouldStartWith("it is a named pipe (FIFO), not a regular file");
        Should.Throw<UserFileException>(() => UserFiles.ReadAllBytes("/dev/zero")).Message.ShouldStartWith("it is a device, not a regular file");
        Should.Throw<UserFileException>(() => UserFiles.ReadAllText(_directory)).Message.ShouldBe("it is a directory, not a file");
        var big = Path.Combine(_directory, "big");
        File.WriteAllBytes(big, new byte[2048]);
        Should.Throw<UserFileException>(() => UserFiles.ReadAllText(big, maxBytes: 1024)).Message.ShouldBe("it is 2048 bytes; Drydock reads such files only up to 1024 bytes");
        Should.Throw<FileNotFoundException>(() => UserFiles.ReadAllText(Path.Combine(_directory, "missing")));
        Should.Throw<UserFileException>(() => UserFiles.ReadAllText(string.Join('/', Enumerable.Repeat(new string('a', 250), 20)))).Message.ShouldContain("PATH_MAX");
        var text = Path.Combine(_directory, "ok");
        File.WriteAllText(text, "\uFEFFhello");
        UserFiles.ReadAllText(text).ShouldBe("hello");
    }

    [Fact]
    public void A_symbolic_link_is_resolved_to_its_real_path()
    {
        var target = Path.Combine(_directory, "target");
        File.WriteAllText(target, "x");
        var link = Path.Combine(_directory, "link");
        File.CreateSymbolicLink(link, target);
        FileKinds.RealPath(link).ShouldBe(FileKinds.RealPath(target));
        FileKinds.RealPath(Path.Combine(_directory, "nothing")).ShouldBeNull();
    }

    [Fact]
    public void Interpolation_nested_past_the_limit_fails_and_up_to_it_succeeds()
    {
        static string Nest(int depth) => string.Concat(Enumerable.Range(0, depth).Select(i => $"${{V{i}:-")) + "x" + new string('}', depth);
        ComposeTemplate.Substitute(Nest(ComposeTemplate.MaxNesting), _ => null).Value.ShouldBe("x");
        var deep = ComposeTemplate.Substitute(Nest(50_000), _ => null);
        deep.Error.ShouldBeOfType<TemplateTooDeepException>();
        ComposeTemplate.Substitute(Nest(ComposeTemplate.MaxNesting + 1), _ => null).Error.ShouldBeOfType<TemplateTooDeepException>();
        ComposeTemplate.ExtractVariables(Nest(50_000)).ShouldBeEmpty();
        ComposeTemplate.ExtractVariables(Nest(3)).Select(reference => reference.Name).ShouldBe(["V0", "V1", "V2"]);
        ComposeTemplate.Substitute(string.Concat(Enumerable.Repeat("${A:-a}", 150)), _ => null).Value.ShouldBe(new string('a', 150));
        ComposeTemplate.Substitute(string.Concat(Enumerable.Repeat("${A:-a}", ComposeTemplate.MaxRecursion + 2)), _ => null).Error.ShouldBeOfType<TemplateTooDeepException>();
        ComposeTemplate.NestingDepth("${A:-${B}} ${C} {x}}").ShouldBe(2);
    }

    [Theory]
    [InlineData("99999999999999999999999s")]
    [InlineData("9999999999999999999999h")]
    [InlineData("99999999999w")]
    public void Durations_that_overflow_are_invalid_not_exceptions(string text)
    {
        ComposeUnits.TryParseDuration(text, out _, out var error).ShouldBeFalse();
        error.ShouldBe($"time: invalid duration \"{text}\"");
    }

    [Fact]
    public void Findings_past_the_cap_become_one_summary_per_rule_and_file()
    {
        var rule = new RuleDescriptor("DF999", "test", RuleCategories.Correctness, Severity.Warning, "{0}", "help");
        var other = new RuleDescriptor("DF998", "test", RuleCategories.Correctness, Severity.Warning, "{0}", "help");
        var findings = Enumerable.Range(1, 250).Select(line => Finding.Create(rule, SourceSpan.At("Dockerfile", line, 1), $"line {line}"))
            .Append(Finding.Create(other, SourceSpan.At("Dockerfile", 300, 1), "other"))
            .Concat(Enumerable.Range(1, 3).Select(line => Finding.Create(rule, SourceSpan.At("b/Dockerfile", line, 1), "b")))
            .Order(FindingOrder.Instance).ToList();
        var capped = FindingCap.Apply(findings);
        capped.Count.ShouldBe(100 + 1 + 1 + 3);
        var summary = capped.Single(f => f.Message.StartsWith('…'));
        summary.Message.ShouldBe("… and 150 more DF999 findings in this file (only the first 100 are listed)");
        summary.Span.Line.ShouldBe(101);
        var few = findings.Take(100).ToList();
        FindingCap.Apply(few).ShouldBeSameAs(few);
    }

    [Theory]
    [InlineData("      DB_PASSWORD: hunter2", "      DB_PASSWORD: ********")]
    [InlineData("ENV GITHUB_TOKEN=ghp_x", "ENV GITHUB_TOKEN=********")]
    [InlineData("ENV API_TOKEN abc def", "ENV API_TOKEN ********")]
    [InlineData("      - DB_PASSWORD=x", "      - DB_PASSWORD=********")]
    [InlineData("ARG TOKEN", "ARG TOKEN")]
    public void Credential_code_frames_keep_the_key_and_mask_the_value(string line, string shown) =>
        TextReportRenderer.MaskValues(line).ShouldBe(shown);

    [Fact]
    public void A_manifest_listing_more_layers_than_the_limit_or_a_null_image_is_a_sentence()
    {
        var layers = string.Join(',', Enumerable.Range(0, ImageLayoutResolver.MaxLayers + 1).Select(i => $"\"{i}/layer.tar\""));
        var many = Encoding.UTF8.GetBytes($"[{{\"Config\":\"c.json\",\"Layers\":[{layers}]}}]");
        Should.Throw<DrydockException>(() => ImageLayoutResolver.Resolve(path => path == "manifest.json" ? many : null, "image.tar"))
            .Message.ShouldBe("image.tar: manifest.json lists 4,097 layers; Drydock reads images of at most 4,096 layers.");
        // An OCI manifest claiming as many: refused by counting, before its 5,000 descriptors are deserialized.
        var digest = "sha256:" + new string('a', 64);
        var index = Encoding.UTF8.GetBytes($"{{\"schemaVersion\":2,\"manifests\":[{{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"{digest}\",\"size\":1}}]}}");
        var descriptors = string.Join(',', Enumerable.Range(0, 5_000).Select(i => $"{{\"digest\":\"{digest}\",\"size\":{i},\"layers\":[1,2]}}"));
        var manifest = Encoding.UTF8.GetBytes($"{{\"schemaVersion\":2,\"config\":{{\"digest\":\"{digest}\"}},\"layers\":[{descriptors}]}}");
        Should.Throw<DrydockException>(() => ImageLayoutResolver.Resolve(path => path == "index.json" ? index : path.StartsWith("blobs/", StringComparison.Ordinal) ? manifest : null, "layout"))
            .Message.ShouldBe($"layout: the manifest {digest} lists 5,000 layers; Drydock reads images of at most 4,096 layers.");
        var nulls = "[null]"u8.ToArray();
        Should.Throw<DrydockException>(() => ImageLayoutResolver.Resolve(path => path == "manifest.json" ? nulls : null, "image.tar"))
            .Message.ShouldBe("image.tar: manifest.json lists an image that is null.");
        var nullLayer = "[{\"Config\":\"c.json\",\"Layers\":[null]}]"u8.ToArray();
        Should.Throw<DrydockException>(() => ImageLayoutResolver.Resolve(path => path == "manifest.json" ? nullLayer : null, "image.tar"))
            .Message.ShouldBe("image.tar: manifest.json lists a layer that is null.");
    }
}
