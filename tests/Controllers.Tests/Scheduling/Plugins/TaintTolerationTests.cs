using Cluster.Api.Core.V1;
using Cluster.Controllers.Common;
using Cluster.Controllers.Scheduling.Framework;
using Cluster.Controllers.Scheduling.Plugins;
using static Cluster.Controllers.Tests.Scheduling.SchedulingObjects;

namespace Cluster.Controllers.Tests.Scheduling.Plugins;

public sealed class TaintTolerationTests
{
    private static readonly TaintTolerationPlugin Plugin = new();

    public static TheoryData<string, Toleration, Taint, bool> ToleratesCases => new()
    {
        { "Exists with empty key and effect tolerates everything", Toleration(null, "Exists"), Taint("any", "thing", "NoExecute"), true },
        { "Exists with a key tolerates any value", Toleration("dedicated", "Exists"), Taint("dedicated", "gpu", "NoSchedule"), true },
        { "Exists with another key does not", Toleration("other", "Exists"), Taint("dedicated", "gpu", "NoSchedule"), false },
        { "Equal with the same value", Toleration("dedicated", "Equal", "gpu"), Taint("dedicated", "gpu", "NoSchedule"), true },
        { "Equal with another value", Toleration("dedicated", "Equal", "cpu"), Taint("dedicated", "gpu", "NoSchedule"), false },
        { "empty operator means Equal", Toleration("dedicated", null, "gpu"), Taint("dedicated", "gpu", "NoSchedule"), true },
        { "empty value equals a taint without value", Toleration("dedicated", "Equal"), Taint("dedicated", null, "NoSchedule"), true },
        { "same effect", Toleration("dedicated", "Exists", effect: "NoSchedule"), Taint("dedicated", "gpu", "NoSchedule"), true },
        { "another effect", Toleration("dedicated", "Exists", effect: "NoSchedule"), Taint("dedicated", "gpu", "NoExecute"), false },
        { "empty effect matches NoExecute", Toleration("dedicated", "Equal", "gpu"), Taint("dedicated", "gpu", "NoExecute"), true },
        { "Exists with empty key but an effect tolerates only that effect", Toleration(null, "Exists", effect: "NoExecute"), Taint("k", "v", "NoExecute"), true },
        { "Exists with empty key but an effect rejects other effects", Toleration(null, "Exists", effect: "NoExecute"), Taint("k", "v", "NoSchedule"), false },
        { "an unknown operator tolerates nothing", Toleration("dedicated", "Gt", "1"), Taint("dedicated", "2", "NoSchedule"), false },
    };

    [Theory]
    [MemberData(nameof(ToleratesCases))]
    public void Toleration_matching_is_upstreams_ToleratesTaint(string name, Toleration toleration, Taint taint, bool expected)
    {
        Assert.True(expected == Tolerations.Tolerates(toleration, taint), name);
    }

    public static TheoryData<string, Taint[], Toleration[], string?> FilterCases => new()
    {
        { "no taints", [], [], null },
        { "untolerated NoSchedule", [Taint("dedicated", "gpu", "NoSchedule")], [], "node(s) had untolerated taint {dedicated: gpu}" },
        { "untolerated NoExecute", [Taint("node.kubernetes.io/not-ready", null, "NoExecute")], [], "node(s) had untolerated taint {node.kubernetes.io/not-ready: }" },
        { "PreferNoSchedule does not filter", [Taint("spot", "true", "PreferNoSchedule")], [], null },
        { "tolerated NoSchedule", [Taint("dedicated", "gpu", "NoSchedule")], [Toleration("dedicated", "Equal", "gpu", "NoSchedule")], null },
        { "tolerated NoExecute", [Taint("k", "v", "NoExecute")], [Toleration("k", "Exists", effect: "NoExecute")], null },
        { "the first untolerated taint is reported", [Taint("a", "1", "NoSchedule"), Taint("b", "2", "NoSchedule")], [Toleration("a", "Exists")], "node(s) had untolerated taint {b: 2}" },
        { "tolerating everything", [Taint("a", "1", "NoSchedule"), Taint("b", "2", "NoExecute")], [Toleration(null, "Exists")], null },
        { "a toleration for another effect does not help", [Taint("a", "1", "NoExecute")], [Toleration("a", "Exists", effect: "NoSchedule")], "node(s) had untolerated taint {a: 1}" },
    };

    [Theory]
    [MemberData(nameof(FilterCases))]
    public void Filter_rejects_nodes_with_untolerated_NoSchedule_or_NoExecute_taints(string name, Taint[] taints, Toleration[] tolerations, string? reason)
    {
        var pod = Pod("p").WithSpec(s => s with { Tolerations = tolerations });

        var result = Plugin.Filter(new CycleState(), PodInfo.Of(pod), Info(Node("n", taints: taints)));

        Assert.True(reason == result.Reasons?.Single(), $"{name}: {string.Join(", ", result.Reasons ?? [])}");
        Assert.Equal(reason is not null, result.Unresolvable);
    }

    [Fact]
    public void Score_counts_untolerated_PreferNoSchedule_taints_and_normalizes_fewer_to_higher()
    {
        var pod = PodInfo.Of(Pod("p").WithSpec(s => s with
        {
            Tolerations = [Toleration("tolerated", "Exists", effect: "PreferNoSchedule"), Toleration("noschedule-only", "Exists", effect: "NoSchedule")],
        }));
        NodeInfo[] nodes =
        [
            Info(Node("clean")),
            Info(Node("one", taints: [Taint("spot", "true", "PreferNoSchedule"), Taint("tolerated", "x", "PreferNoSchedule")])),
            Info(Node("two", taints: [Taint("spot", "true", "PreferNoSchedule"), Taint("noschedule-only", "x", "PreferNoSchedule")])),
            Info(Node("hard", taints: [Taint("other", "x", "NoSchedule")])),
        ];
        var state = new CycleState();

        var scores = nodes.Select(n => Plugin.Score(state, pod, n)).ToArray();
        Assert.Equal([0L, 1, 2, 0], scores);

        Plugin.Normalize(state, pod, scores);
        Assert.Equal([100L, 50, 0, 100], scores);
    }

    [Fact]
    public void Score_is_the_maximum_everywhere_when_no_node_has_untolerated_preferences()
    {
        long[] scores = [0, 0, 0];

        Plugin.Normalize(new CycleState(), PodInfo.Of(Pod("p")), scores);

        Assert.Equal([100L, 100, 100], scores);
    }
}
