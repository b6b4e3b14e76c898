using Drydock.Compose.Rendering;

namespace Drydock.Tests.Compose;

/// <summary>Merge, extends, include, profiles, interpolation and short syntax: the resolved JSON of each corpus case.</summary>
public sealed class ComposeCorpusTests
{
    public static TheoryData<string> Cases => ComposeCorpus.Cases();

    [Fact]
    public void The_corpus_has_its_cases()
    {
        Cases.Count.ShouldBeGreaterThanOrEqualTo(10);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Resolved_model_matches_the_expected_json(string name)
    {
        var result = ComposeCorpus.Load(name);
        result.Problems.ShouldBeEmpty(string.Join("\n", result.Problems));
        ComposeConfigRenderer.ToJson(result.Project!).ShouldBe(ComposeCorpus.Expected(name));
    }
}
