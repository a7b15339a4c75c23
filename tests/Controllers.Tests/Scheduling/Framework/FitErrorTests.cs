using Cluster.Controllers.Scheduling.Framework;

namespace Cluster.Controllers.Tests.Scheduling.Framework;

public sealed class FitErrorTests
{
    private static FitError Error(int nodes, params (string Node, string[] Reasons)[] results)
    {
        var error = new FitError(nodes);
        foreach (var (node, reasons) in results) error.Record("Plugin", node, FilterResult.Unschedulable(reasons));
        return error;
    }

    public static TheoryData<string, FitError, string> Cases => new()
    {
        {
            "reasons counted over nodes",
            Error(5, ("a", ["Insufficient cpu"]), ("b", ["Insufficient cpu"]), ("c", ["node(s) had untolerated taint {dedicated: gpu}"]),
                ("d", ["node(s) had untolerated taint {dedicated: gpu}"]), ("e", ["node(s) had untolerated taint {dedicated: gpu}"])),
            "0/5 nodes are available: 2 Insufficient cpu, 3 node(s) had untolerated taint {dedicated: gpu}."
        },
        {
            "a node with several reasons counts for each",
            Error(2, ("a", ["Insufficient cpu", "Insufficient memory"]), ("b", ["Insufficient memory"])),
            "0/2 nodes are available: 1 Insufficient cpu, 2 Insufficient memory."
        },
        {
            "sorted as strings, not by count",
            Error(19, [.. Enumerable.Range(0, 10).Select(i => ($"c{i}", new[] { "Too many pods" })), .. Enumerable.Range(0, 9).Select(i => ($"m{i}", new[] { "Insufficient memory" }))]),
            "0/19 nodes are available: 10 Too many pods, 9 Insufficient memory."
        },
        { "no reasons", new FitError(3), "0/3 nodes are available." },
        {
            "preemption outcome follows the reasons",
            WithPostFilter(Error(1, ("a", ["Insufficient cpu"])), "No preemption victims found for incoming pod."),
            "0/1 nodes are available: 1 Insufficient cpu. No preemption victims found for incoming pod."
        },
    };

    private static FitError WithPostFilter(FitError error, string message)
    {
        error.PostFilterMessage = message;
        return error;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Message_is_upstreams_histogram_of_reasons(string name, FitError error, string expected)
    {
        Assert.True(expected == error.Message, $"{name}: {error.Message}");
    }

    [Fact]
    public void Record_keeps_each_nodes_verdict_and_the_rejecting_plugins()
    {
        var error = new FitError(2);
        error.Record("TaintToleration", "a", FilterResult.UnresolvableBy("node(s) had untolerated taint {k: v}"));
        error.Record("NodeResourcesFit", "b", FilterResult.Unschedulable("Insufficient cpu"));

        Assert.True(error.NodeResults["a"].Unresolvable);
        Assert.False(error.NodeResults["b"].Unresolvable);
        Assert.Equal(["NodeResourcesFit", "TaintToleration"], error.RejectingPlugins.Order(StringComparer.Ordinal));
    }
}
