using Cluster.Api.Core.V1;
using Cluster.Kubelet.Nodes;

namespace Cluster.Kubelet.Tests.Nodes;

public sealed class NodeConditionsTests
{
    private static readonly DateTimeOffset Then = new(2026, 11, 23, 5, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Then.AddMinutes(1);
    private static readonly EvictionThresholds Thresholds = new();
    private const long Gi = 1024L * 1024 * 1024;

    private static NodeReadings Healthy => new(8 * Gi, new Filesystem(100 * Gi, 50 * Gi), 300, 32768);

    private static NodeCondition Get(IReadOnlyList<NodeCondition> conditions, string type) => conditions.Single(c => c.Type == type);

    [Fact]
    public void A_healthy_node_is_ready_without_pressure_with_the_kubelets_reasons()
    {
        var conditions = NodeConditions.Compute(Healthy, Thresholds, runtimeProblem: null, previous: null, Now);
        Assert.Equal(["MemoryPressure", "DiskPressure", "PIDPressure", "Ready"], conditions.Select(c => c.Type));
        Assert.Equal(("False", "KubeletHasSufficientMemory"), (Get(conditions, "MemoryPressure").Status, Get(conditions, "MemoryPressure").Reason));
        Assert.Equal(("False", "KubeletHasNoDiskPressure"), (Get(conditions, "DiskPressure").Status, Get(conditions, "DiskPressure").Reason));
        Assert.Equal(("False", "KubeletHasSufficientPID"), (Get(conditions, "PIDPressure").Status, Get(conditions, "PIDPressure").Reason));
        Assert.Equal(("True", "KubeletReady", "kubelet is posting ready status"), (Get(conditions, "Ready").Status, Get(conditions, "Ready").Reason, Get(conditions, "Ready").Message));
        Assert.All(conditions, c => Assert.Equal((Now, Now), (c.LastHeartbeatTime, c.LastTransitionTime)));
    }

    public static TheoryData<string, NodeReadings, string> Pressures => new()
    {
        { "MemoryPressure", new NodeReadings(99L * 1024 * 1024, new Filesystem(100 * Gi, 50 * Gi), 300, 32768), "KubeletHasInsufficientMemory" },
        { "DiskPressure", new NodeReadings(8 * Gi, new Filesystem(100 * Gi, 9 * Gi), 300, 32768), "KubeletHasDiskPressure" },
        { "PIDPressure", new NodeReadings(8 * Gi, new Filesystem(100 * Gi, 50 * Gi), 31500, 32768), "KubeletHasInsufficientPID" },
    };

    [Theory]
    [MemberData(nameof(Pressures))]
    public void Crossing_a_hard_eviction_threshold_sets_its_pressure_condition(string type, NodeReadings readings, string reason)
    {
        var conditions = NodeConditions.Compute(readings, Thresholds, null, null, Now);
        Assert.Equal(("True", reason), (Get(conditions, type).Status, Get(conditions, type).Reason));
        Assert.Single(conditions, c => c.Status == "True" && c.Type != "Ready");
        Assert.Equal("True", Get(conditions, "Ready").Status);
    }

    [Fact]
    public void Exactly_at_a_threshold_is_no_pressure()
    {
        var readings = new NodeReadings(Thresholds.MemoryAvailableBytes, new Filesystem(100 * Gi, 10 * Gi), 0, 32768);
        Assert.All(NodeConditions.Compute(readings, Thresholds, null, null, Now).Where(c => c.Type != "Ready"), c => Assert.Equal("False", c.Status));
    }

    [Fact]
    public void A_runtime_problem_makes_the_node_not_ready_with_its_message()
    {
        var ready = Get(NodeConditions.Compute(Healthy, Thresholds, "container runtime is down", null, Now), "Ready");
        Assert.Equal(("False", "KubeletNotReady", "container runtime is down"), (ready.Status, ready.Reason, ready.Message));
    }

    [Fact]
    public void A_condition_keeps_its_transition_time_while_its_status_holds_and_takes_a_new_one_when_it_changes()
    {
        var before = NodeConditions.Compute(Healthy, Thresholds, null, null, Then);
        var same = NodeConditions.Compute(Healthy, Thresholds, null, before, Now);
        Assert.All(same, c => Assert.Equal((Then, Now), (c.LastTransitionTime, c.LastHeartbeatTime)));
        Assert.False(NodeConditions.Changed(before, same));

        var notReady = NodeConditions.Compute(Healthy, Thresholds, "runtime down", before, Now);
        Assert.Equal(Now, Get(notReady, "Ready").LastTransitionTime);
        Assert.Equal(Then, Get(notReady, "MemoryPressure").LastTransitionTime);
        Assert.True(NodeConditions.Changed(before, notReady));
    }

    [Fact]
    public void Conditions_another_component_marked_unknown_count_as_changed()
    {
        var posted = NodeConditions.Compute(Healthy, Thresholds, null, null, Then);
        var marked = posted.Select(c => c with { Status = "Unknown", Reason = "NodeStatusUnknown", Message = "Kubelet stopped posting node status." }).ToList();
        var fresh = NodeConditions.Compute(Healthy, Thresholds, null, marked, Now);
        Assert.True(NodeConditions.Changed(marked, fresh));
        Assert.All(fresh, c => Assert.Equal(Now, c.LastTransitionTime));
        Assert.True(NodeConditions.Changed(null, fresh));
    }
}
