using Cluster.Api.Core.V1;
using Cluster.Controllers.Scheduling.Framework;
using Cluster.Controllers.Scheduling.Plugins;
using static Cluster.Controllers.Tests.Scheduling.SchedulingObjects;

namespace Cluster.Controllers.Tests.Scheduling.Plugins;

public sealed class NodeAffinityTests
{
    private const string Reason = "node(s) didn't match Pod's node affinity/selector";

    private static readonly Dictionary<string, string> Labels = new() { ["zone"] = "a", ["disk"] = "ssd", ["cores"] = "16", ["name"] = "x" };

    private static NodeSelectorRequirement Req(string key, string op, params string[] values) =>
        new() { Key = key, Operator = op, Values = values.Length == 0 ? null : values };

    private static NodeSelectorTerm Term(params NodeSelectorRequirement[] expressions) => new() { MatchExpressions = expressions };

    private static NodeSelectorTerm Fields(params NodeSelectorRequirement[] fields) => new() { MatchFields = fields };

    public static TheoryData<string, NodeSelectorTerm, bool> TermCases => new()
    {
        { "In with the value", Term(Req("zone", "In", "b", "a")), true },
        { "In without the value", Term(Req("zone", "In", "b", "c")), false },
        { "In on a missing label", Term(Req("rack", "In", "1")), false },
        { "NotIn without the value", Term(Req("zone", "NotIn", "b")), true },
        { "NotIn with the value", Term(Req("zone", "NotIn", "a")), false },
        { "NotIn on a missing label", Term(Req("rack", "NotIn", "1")), true },
        { "Exists", Term(Req("disk", "Exists")), true },
        { "Exists on a missing label", Term(Req("gpu", "Exists")), false },
        { "DoesNotExist", Term(Req("gpu", "DoesNotExist")), true },
        { "DoesNotExist on a present label", Term(Req("disk", "DoesNotExist")), false },
        { "Gt below the label", Term(Req("cores", "Gt", "8")), true },
        { "Gt equal to the label", Term(Req("cores", "Gt", "16")), false },
        { "Gt compares numbers, not strings", Term(Req("cores", "Gt", "9")), true },
        { "Gt on a non-numeric label", Term(Req("zone", "Gt", "1")), false },
        { "Gt on a missing label", Term(Req("rack", "Gt", "1")), false },
        { "Lt above the label", Term(Req("cores", "Lt", "32")), true },
        { "Lt below the label", Term(Req("cores", "Lt", "4")), false },
        { "expressions are ANDed", Term(Req("zone", "In", "a"), Req("disk", "In", "hdd")), false },
        { "all expressions hold", Term(Req("zone", "In", "a"), Req("disk", "In", "ssd")), true },
        { "an empty term matches nothing", new NodeSelectorTerm(), false },
        { "matchFields metadata.name In", Fields(Req("metadata.name", "In", "node-1")), true },
        { "matchFields metadata.name In another node", Fields(Req("metadata.name", "In", "node-2")), false },
        { "matchFields metadata.name NotIn", Fields(Req("metadata.name", "NotIn", "node-2")), true },
        { "matchFields on a label name is not a label", Fields(Req("name", "In", "x")), false },
        { "matchFields and matchExpressions are ANDed", new NodeSelectorTerm { MatchExpressions = [Req("zone", "In", "a")], MatchFields = [Req("metadata.name", "In", "node-2")] }, false },
    };

    [Theory]
    [MemberData(nameof(TermCases))]
    public void Node_selector_terms_match_as_upstream(string name, NodeSelectorTerm term, bool expected)
    {
        Assert.True(expected == NodeSelectorMatch.Term(term, "node-1", Labels), name);
    }

    [Fact]
    public void Node_selector_terms_are_ORed()
    {
        NodeSelectorTerm[] terms = [Term(Req("zone", "In", "b")), Term(Req("disk", "Exists"))];

        Assert.True(NodeSelectorMatch.AnyTerm(terms, "node-1", Labels));
        Assert.False(NodeSelectorMatch.AnyTerm([terms[0]], "node-1", Labels));
    }

    private static Pod Selecting(Dictionary<string, string>? nodeSelector = null, params NodeSelectorTerm[] required) =>
        Pod("p").WithSpec(s => s with
        {
            NodeSelector = nodeSelector,
            Affinity = required.Length == 0 ? null : new Affinity
            {
                NodeAffinity = new NodeAffinity { RequiredDuringSchedulingIgnoredDuringExecution = new NodeSelector { NodeSelectorTerms = required } },
            },
        });

    public static TheoryData<string, Pod, bool> FilterCases => new()
    {
        { "no selector or affinity", Selecting(), true },
        { "nodeSelector matches", Selecting(new() { ["zone"] = "a", ["disk"] = "ssd" }), true },
        { "nodeSelector value differs", Selecting(new() { ["zone"] = "b" }), false },
        { "nodeSelector label missing", Selecting(new() { ["gpu"] = "true" }), false },
        { "required affinity matches", Selecting(null, Term(Req("zone", "In", "a"))), true },
        { "required affinity does not match", Selecting(null, Term(Req("zone", "NotIn", "a"))), false },
        { "nodeSelector and affinity must both hold", Selecting(new() { ["zone"] = "a" }, Term(Req("disk", "In", "hdd"))), false },
        { "affinity by node name", Selecting(null, Fields(Req("metadata.name", "In", "n"))), true },
    };

    [Theory]
    [MemberData(nameof(FilterCases))]
    public void Filter_applies_nodeSelector_and_required_node_affinity(string name, Pod pod, bool fits)
    {
        var result = new NodeAffinityPlugin().Filter(new CycleState(), PodInfo.Of(pod), Info(Node("n", labels: Labels)));

        Assert.True(fits == result.IsSuccess, name);
        if (!fits)
        {
            Assert.Equal([Reason], result.Reasons);
            Assert.True(result.Unresolvable);
        }
    }

    [Fact]
    public void A_node_without_labels_fails_a_nodeSelector()
    {
        var result = new NodeAffinityPlugin().Filter(new CycleState(), PodInfo.Of(Selecting(new() { ["zone"] = "a" })), Info(Node("n")));

        Assert.Equal([Reason], result.Reasons);
    }

    [Fact]
    public void Score_sums_matching_preferred_weights_and_normalizes_to_the_best()
    {
        var plugin = new NodeAffinityPlugin();
        var pod = PodInfo.Of(Pod("p").WithSpec(s => s with
        {
            Affinity = new Affinity
            {
                NodeAffinity = new NodeAffinity
                {
                    PreferredDuringSchedulingIgnoredDuringExecution =
                    [
                        new PreferredSchedulingTerm { Weight = 2, Preference = Term(Req("zone", "In", "a")) },
                        new PreferredSchedulingTerm { Weight = 8, Preference = Term(Req("disk", "In", "ssd")) },
                        new PreferredSchedulingTerm { Weight = 50, Preference = new NodeSelectorTerm() },
                    ],
                },
            },
        }));
        NodeInfo[] nodes =
        [
            Info(Node("zone", labels: new() { ["zone"] = "a" })),
            Info(Node("ssd", labels: new() { ["disk"] = "ssd" })),
            Info(Node("both", labels: new() { ["zone"] = "a", ["disk"] = "ssd" })),
            Info(Node("none")),
        ];
        var state = new CycleState();

        var scores = nodes.Select(n => plugin.Score(state, pod, n)).ToArray();
        Assert.Equal([2L, 8, 10, 0], scores);

        plugin.Normalize(state, pod, scores);
        Assert.Equal([20L, 80, 100, 0], scores);
    }
}
