using Cluster.Api.Coordination.V1;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Controllers.NodeLifecycle;

namespace Cluster.Controllers.Tests.NodeLifecycle;

public sealed class NodeHealthRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(50);

    private static Node NodeWith(string ready, params Taint[] taints) => new()
    {
        Metadata = new ObjectMeta { Name = "n", CreationTimestamp = Now.AddHours(-1) },
        Spec = new NodeSpec { Taints = taints.Length == 0 ? null : taints },
        Status = new NodeStatus
        {
            Conditions =
            [
                new NodeCondition { Type = "Ready", Status = ready, LastHeartbeatTime = Now.AddHours(-1) },
                new NodeCondition { Type = "MemoryPressure", Status = "False", LastHeartbeatTime = Now.AddHours(-1) },
            ],
        },
    };

    private static Lease RenewedAgo(int seconds) => new() { Spec = new LeaseSpec { RenewTime = Now.AddSeconds(-seconds) } };

    [Fact]
    public void A_node_renewing_within_the_grace_period_is_left_alone() =>
        Assert.Null(NodeHealthRules.ConditionsAfterSilence(NodeWith("True"), RenewedAgo(49), Grace, Now));

    [Fact]
    public void A_silent_node_gets_every_kubelet_condition_unknown_once()
    {
        var conditions = NodeHealthRules.ConditionsAfterSilence(NodeWith("True"), RenewedAgo(51), Grace, Now)!;
        Assert.All(conditions, c => Assert.Equal(("Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status."), (c.Status, c.Reason, c.Message)));
        Assert.Equal(["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"], conditions.Select(c => c.Type));
        var node = NodeWith("True") with { Status = new NodeStatus { Conditions = conditions } };
        Assert.Null(NodeHealthRules.ConditionsAfterSilence(node, RenewedAgo(60), Grace, Now));
    }

    [Theory]
    [InlineData("Unknown", "node.kubernetes.io/unreachable")]
    [InlineData("False", "node.kubernetes.io/not-ready")]
    [InlineData("True", null)]
    public void The_ready_condition_decides_the_no_execute_taint_and_other_taints_stay(string ready, string? taint)
    {
        var own = new Taint { Key = "dedicated", Value = "db", Effect = "NoSchedule" };
        var stale = new Taint { Key = "node.kubernetes.io/unreachable", Effect = "NoExecute", TimeAdded = Now.AddMinutes(-5) };
        var taints = NodeHealthRules.Taints(NodeWith(ready, own, stale), Now);
        Assert.Contains(taints, t => t.Key == "dedicated");
        Assert.Equal(taint is null ? [] : [taint], taints.Where(t => t.Effect == "NoExecute").Select(t => t.Key));
    }

    [Theory]
    [InlineData("Unknown", false, false, "node.kubernetes.io/unreachable")]
    [InlineData("False", false, false, "node.kubernetes.io/not-ready")]
    [InlineData("True", true, false, "node.kubernetes.io/memory-pressure")]
    [InlineData("True", false, true, "node.kubernetes.io/unschedulable")]
    [InlineData("True", false, false, null)]
    public void Conditions_and_cordoning_put_no_schedule_taints_that_keep_the_scheduler_away(string ready, bool memoryPressure, bool cordoned, string? taint)
    {
        var stale = new Taint { Key = "node.kubernetes.io/memory-pressure", Effect = "NoSchedule" };
        var plain = NodeWith(ready, stale);
        var node = plain with
        {
            Spec = plain.Spec! with { Unschedulable = cordoned },
            Status = new NodeStatus
            {
                Conditions = [.. plain.Status!.Conditions!.Select(c => c.Type == "MemoryPressure" ? c with { Status = memoryPressure ? "True" : "False" } : c)],
            },
        };
        var noSchedule = NodeHealthRules.Taints(node, Now).Where(t => t.Effect == "NoSchedule").Select(t => t.Key).ToList();
        Assert.Equal(taint is null ? [] : [taint], noSchedule);
    }

    private static readonly Taint Unreachable = new() { Key = "node.kubernetes.io/unreachable", Effect = "NoExecute", TimeAdded = Now.AddSeconds(-10) };

    private static Pod Tolerating(params Toleration[] tolerations) => new() { Spec = new PodSpec { Tolerations = tolerations } };

    [Fact]
    public void Eviction_is_at_once_without_a_toleration_after_the_seconds_with_one_and_never_without_a_limit()
    {
        Assert.Equal(Now, NodeHealthRules.EvictAt(Tolerating(), [Unreachable], Now));
        Assert.Equal(Now.AddSeconds(290), NodeHealthRules.EvictAt(Tolerating(new Toleration { Key = Unreachable.Key, Operator = "Exists", Effect = "NoExecute", TolerationSeconds = 300 }), [Unreachable], Now));
        Assert.Null(NodeHealthRules.EvictAt(Tolerating(new Toleration { Operator = "Exists" }), [Unreachable], Now));
        Assert.Equal(Now, NodeHealthRules.EvictAt(Tolerating(new Toleration { Key = "other", Operator = "Exists" }), [Unreachable], Now));
    }

    [Theory]
    [InlineData("node.kubernetes.io/unreachable", "Exists", null, "NoExecute", true)]
    [InlineData("", "Exists", null, "", true)]
    [InlineData("node.kubernetes.io/unreachable", "Exists", null, "NoSchedule", false)]
    [InlineData("dedicated", "Equal", "db", "NoExecute", false)]
    public void Tolerations_match_taints_as_upstream(string key, string op, string? value, string effect, bool tolerates) =>
        Assert.Equal(tolerates, Common.Tolerations.Tolerates(new Toleration { Key = key, Operator = op, Value = value, Effect = effect }, Unreachable));
}
