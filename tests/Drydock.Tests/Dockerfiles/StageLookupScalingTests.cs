using System.Text;
using Drydock.Dockerfiles.Rules;
using Drydock.Dockerfiles.Stages;

namespace Drydock.Tests.Dockerfiles;

/// <summary>
/// Issue 15: 160,000 stages took minutes in <c>check</c> because every FROM (and COPY --from) scanned the stages before
/// it. Counted, not timed: the stages examined by every lookup of a whole check stay linear in the stage count.
/// </summary>
public sealed class StageLookupScalingTests
{
    private static DockerfileDocument ManyStages(int count)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            // Most stages start FROM an image (a name that is no stage: the lookup that scanned everything before it);
            // some FROM the stage before, and some COPY from two stages back, so found names are looked up too.
            text.Append(i % 10 == 9 ? $"FROM s{i - 1} AS s{i}\n" : $"FROM busybox:1.36 AS s{i}\n");
            text.Append(i >= 2 && i % 7 == 0 ? $"COPY --from=s{i - 2} /a /a\n" : $"RUN echo {i}\n");
        }
        return DockerfileDocument.Parse(text.ToString(), "/p/Dockerfile");
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(8_000)]
    public void A_check_examines_a_bounded_number_of_stages_per_stage(int stages)
    {
        var document = ManyStages(stages);
        document.Stages.Count.ShouldBe(stages);
        DockerfileRules.Run(new DockerfileAnalysis(document));
        // Each stage's lookups (its FROM, a COPY --from, the rules that look again) examine O(log n) stages each:
        // 8,000 stages stay under 40 steps a stage, where one scan per FROM made it ~4,000 a stage (n/2).
        var perStage = (double)document.StageLookupSteps / stages;
        perStage.ShouldBeLessThan(40, $"{document.StageLookupSteps:N0} stage lookup steps for {stages:N0} stages");
        document.StageLookupSteps.ShouldBeGreaterThan(stages, "every FROM is looked up once at least");
    }

    [Fact]
    public void A_name_defined_twice_refers_to_the_nearest_earlier_stage_and_case_does_not_matter()
    {
        var document = DockerfileDocument.Parse("FROM busybox:1.36 AS a\nFROM busybox:1.36 AS b\nFROM busybox:1.36 AS A\nFROM a\n");
        document.FindStage("a")!.Index.ShouldBe(2);
        document.FindStage("A", before: 2)!.Index.ShouldBe(0);
        document.FindStage("a", before: 0).ShouldBeNull();
        document.FindStage("b", before: 2)!.Index.ShouldBe(1);
        document.FindStage("busybox:1.36").ShouldBeNull();
        document.Resolve().Stages[3].Parent!.Stage.Index.ShouldBe(2);
    }
}
