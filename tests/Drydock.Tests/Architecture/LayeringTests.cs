using System.Text.RegularExpressions;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Architecture;

/// <summary>
/// The library's flow runs one way (docs/design.md, "The flow"): Findings is the leaf every rule family builds on, and
/// the families know nothing of the commands, reports and verification built on them. These tests read the sources'
/// namespace references (using directives, qualified names, crefs) so that a new backwards reference fails here.
/// </summary>
public sealed partial class LayeringTests
{
    private static readonly string[] Families = ["Dockerfiles", "Compose", "BuildContext", "Images", "Engine"];

    /// <summary>What a rule family must not reference: the layers built on the families.</summary>
    private static readonly string[] AboveFamilies = ["Reports", "Checking", "Verification", "Catalog"];

    /// <summary>
    /// The inspect report is built in Images/Analysis until every command's report is built in one place (issue 13):
    /// listed here, file by file, so that nothing else can join it.
    /// </summary>
    private static readonly HashSet<(string File, string Namespace)> KnownUntilReportsMove =
    [
        ("Images/Analysis/InspectReport.cs", "Reports"),
    ];

    private static string Library => Path.Combine(RepoPaths.Root, "src", "Drydock");

    [Fact]
    public void Findings_references_no_family_and_nothing_built_on_it()
    {
        var offending = References("Findings", [.. Families, .. AboveFamilies]).ToList();
        offending.ShouldBeEmpty();
    }

    [Fact]
    public void No_family_references_reports_checking_verification_or_the_catalog()
    {
        var offending = Families
            .SelectMany(family => References(family, AboveFamilies))
            .Where(reference => !KnownUntilReportsMove.Contains((reference.File, reference.Namespace)))
            .ToList();
        offending.ShouldBeEmpty();
    }

    [Fact]
    public void The_scan_finds_a_backwards_reference_when_there_is_one()
    {
        // The scanner itself: a using, a qualified name and a cref each count; a word in a comment's prose does not.
        Referenced("using Drydock.Reports;\nnamespace Drydock.Images;", "Reports").ShouldBeTrue();
        Referenced("namespace Drydock.Images;\nclass A { object B => Drydock.Checking.CheckRunner.X; }", "Checking").ShouldBeTrue();
        Referenced("namespace Drydock.Images;\n/// <see cref=\"Verification.VerifyRunner\"/>\nclass A { }", "Verification").ShouldBeTrue();
        Referenced("using static Drydock.Reports.Units;\nnamespace Drydock.Images;", "Reports").ShouldBeTrue();
        Referenced("namespace Drydock.Images;\n// Reports.Units formats bytes elsewhere.\nclass A { }", "Reports").ShouldBeFalse();
        Referenced("namespace Drydock.Images;\n/// <summary>For <c>Catalog.RuleCatalog</c>.</summary>\nclass A { }", "Catalog").ShouldBeFalse();
        Referenced("namespace Drydock.Images;\nclass A { string B => \"Reports.Units\"; }", "Reports").ShouldBeFalse();
    }

    private static IEnumerable<(string File, string Namespace)> References(string folder, IReadOnlyList<string> forbidden)
    {
        var root = Path.Combine(Library, folder);
        Directory.Exists(root).ShouldBeTrue(root);
        foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Library, file).Replace('\\', '/');
            if (relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal))
            {
                continue;
            }
            var text = File.ReadAllText(file);
            foreach (var name in forbidden)
            {
                if (Referenced(text, name))
                {
                    yield return (relative, name);
                }
            }
        }
    }

    /// <summary>
    /// Whether code or a doc reference names <c>Drydock.{name}</c>: a using directive, a qualified name, or a name
    /// relative to the file's namespace (<c>Reports.Units</c> inside <c>Drydock.Images</c>). Ordinary comments and string
    /// literals are left out, so prose may still mention a layer.
    /// </summary>
    private static bool Referenced(string source, string name)
    {
        var withCrefsOnly = DocComment().Replace(source, line => string.Join(' ', Cref().Matches(line.Value).Select(cref => cref.Groups[1].Value)));
        var code = StringLiteral().Replace(PlainComment().Replace(withCrefsOnly, string.Empty), "\"\"");
        return new Regex($@"(?<![\w.])(Drydock\.)?{name}\.[A-Z]\w*|\busing\s+(static\s+)?Drydock\.{name}\b").IsMatch(code);
    }

    /// <summary>A doc comment line: only its crefs are references, its prose is not.</summary>
    [GeneratedRegex(@"///[^\n]*")]
    private static partial Regex DocComment();

    [GeneratedRegex("cref=\"([^\"]*)\"")]
    private static partial Regex Cref();

    [GeneratedRegex(@"//[^\n]*")]
    private static partial Regex PlainComment();

    [GeneratedRegex("\"(?:[^\"\\\\\\n]|\\\\.)*\"")]
    private static partial Regex StringLiteral();
}
