using Cluster.Api.Core.V1;
using Cluster.Controllers.Scheduling.Preemption;
using static Cluster.Controllers.Tests.Scheduling.Preemption.PreemptionWorld;

namespace Cluster.Controllers.Tests.Scheduling.Preemption;

public sealed class CandidatePickerTests
{
    /// <summary>A candidate written as "violations|priority@startMinute,priority@startMinute..." (victims most important first).</summary>
    private static Candidate Parse(string name, string spec)
    {
        var parts = spec.Split('|');
        var victims = parts[1].Split(',').Select((v, i) =>
        {
            var fields = v.Split('@');
            return Pod($"{name}-v{i}", int.Parse(fields[0], System.Globalization.CultureInfo.InvariantCulture), node: name,
                startMinute: int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture));
        });
        return new Candidate(name, [.. victims], int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("fewest PDB violations beats lower priority", "1|1@0", "0|50@0", "b")]
    [InlineData("lowest highest-victim priority", "0|20@0", "0|10@0,10@0,10@0", "b")]
    [InlineData("smallest sum of priorities", "0|10@0,9@0", "0|10@0,5@0", "b")]
    [InlineData("sum counts negative priorities as more, not less", "0|-5@0,-5@0", "0|-5@0", "b")]
    [InlineData("fewest victims (equal shifted sums)", "0|0@0", "0|0@0,-2147483648@0", "a")]
    [InlineData("latest start among the highest-priority victims", "0|10@5,1@0", "0|10@7,1@0", "b")]
    [InlineData("start time of lower-priority victims does not count", "0|10@5,1@99", "0|10@7,1@0", "b")]
    [InlineData("earliest of several highest-priority victims", "0|10@9,10@1", "0|10@3,10@4", "b")]
    [InlineData("full tie: the first", "0|10@3", "0|10@3", "a")]
    public void Picks_by_upstream_criteria_in_order(string criterion, string a, string b, string expected)
    {
        Assert.NotEmpty(criterion);

        var picked = CandidatePicker.Pick([Parse("a", a), Parse("b", b)]);

        Assert.Equal(expected, picked!.NodeName);
    }

    [Fact]
    public void No_candidates_give_none_and_one_gives_itself()
    {
        var only = new Candidate("n1", [Pod("v", 1, node: "n1")], 3);

        Assert.Null(CandidatePicker.Pick([]));
        Assert.Same(only, CandidatePicker.Pick([only]));
    }

    [Fact]
    public void Importance_orders_by_priority_then_longest_running()
    {
        Pod[] pods = [Pod("young", 5, node: "n", startMinute: 9), Pod("pending", 5), Pod("old", 5, node: "n", startMinute: 1), Pod("vip", 9, node: "n", startMinute: 50)];

        var ordered = pods.Order(PodImportance.MostImportantFirst);

        Assert.Equal(["vip", "old", "young", "pending"], Names(ordered));
    }
}
