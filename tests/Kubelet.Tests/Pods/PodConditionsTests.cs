using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Kubelet.Pods;
using static Cluster.Kubelet.Tests.Pods.PodStatusFixtures;

namespace Cluster.Kubelet.Tests.Pods;

public sealed class PodConditionsTests
{
    private static readonly DateTimeOffset Then = DateTimeOffset.UnixEpoch;
    private static readonly DateTimeOffset Now = Then.AddMinutes(1);

    private static Pod PodOf(PodSpec spec, params PodCondition[] conditions) =>
        new() { Metadata = new ObjectMeta { Name = "p" }, Spec = spec, Status = new PodStatus { Conditions = conditions } };

    private static PodCondition Get(IReadOnlyList<PodCondition> conditions, string type) => conditions.Single(c => c.Type == type);

    [Fact]
    public void A_running_ready_pod_has_every_kubelet_condition_true_and_keeps_pod_scheduled_first()
    {
        var scheduled = new PodCondition { Type = "PodScheduled", Status = "True", LastTransitionTime = Then };
        var conditions = PodConditions.Compute(PodOf(Spec("Always", ["a"]), scheduled), true, [], [Running("a")], "Running", Now);
        Assert.Equal(["PodScheduled", "PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready"], conditions.Select(c => c.Type));
        Assert.All(conditions, c => Assert.Equal("True", c.Status));
        Assert.Equal(Then, Get(conditions, "PodScheduled").LastTransitionTime);
    }

    [Fact]
    public void Unready_containers_are_named_in_upstreams_message()
    {
        var conditions = PodConditions.Compute(PodOf(Spec("Always", ["a", "b", "c"])), true, [], [Running("a"), Running("b", ready: false)], "Running", Now);
        var ready = Get(conditions, "Ready");
        Assert.Equal(("False", "ContainersNotReady", "containers with unready status: [b c]"), (ready.Status, ready.Reason, ready.Message));
        Assert.Equal(("False", "ContainersNotReady"), (Get(conditions, "ContainersReady").Status, Get(conditions, "ContainersReady").Reason));
    }

    [Fact]
    public void Unfinished_init_containers_leave_the_pod_uninitialized()
    {
        var conditions = PodConditions.Compute(PodOf(Spec("Always", ["a"], inits: ["i1", "i2"])), true, [Exited("i1", 0), Running("i2")], [], "Pending", Now);
        var initialized = Get(conditions, "Initialized");
        Assert.Equal(("False", "ContainersNotInitialized", "containers with incomplete status: [i2]"), (initialized.Status, initialized.Reason, initialized.Message));
    }

    [Fact]
    public void A_pod_without_its_sandbox_is_not_ready_to_start_containers()
    {
        var conditions = PodConditions.Compute(PodOf(Spec("Always", ["a"])), false, [], [], "Pending", Now);
        Assert.Equal("False", Get(conditions, "PodReadyToStartContainers").Status);
    }

    [Fact]
    public void A_finished_pod_is_not_ready_because_it_completed()
    {
        var conditions = PodConditions.Compute(PodOf(Spec("Never", ["a"])), false, [], [Exited("a", 0)], "Succeeded", Now);
        Assert.Equal(("False", "PodCompleted"), (Get(conditions, "Ready").Status, Get(conditions, "Ready").Reason));
        Assert.Equal("True", Get(conditions, "Initialized").Status);
    }

    [Fact]
    public void A_readiness_gate_whose_condition_is_not_true_holds_ready_false()
    {
        var spec = Spec("Always", ["a"]) with { ReadinessGates = [new PodReadinessGate { ConditionType = "example.com/lb" }] };
        var notYet = PodConditions.Compute(PodOf(spec), true, [], [Running("a")], "Running", Now);
        Assert.Equal(("False", "ReadinessGatesNotReady"), (Get(notYet, "Ready").Status, Get(notYet, "Ready").Reason));
        var gate = new PodCondition { Type = "example.com/lb", Status = "True" };
        var done = PodConditions.Compute(PodOf(spec, gate), true, [], [Running("a")], "Running", Now);
        Assert.Equal("True", Get(done, "Ready").Status);
        Assert.Equal("True", Get(done, "example.com/lb").Status);
    }

    [Fact]
    public void Transition_times_hold_while_a_status_holds()
    {
        var before = new PodCondition { Type = "Ready", Status = "True", LastTransitionTime = Then };
        var same = PodConditions.Compute(PodOf(Spec("Always", ["a"]), before), true, [], [Running("a")], "Running", Now);
        Assert.Equal(Then, Get(same, "Ready").LastTransitionTime);
        var changed = PodConditions.Compute(PodOf(Spec("Always", ["a"]), before), true, [], [Running("a", ready: false)], "Running", Now);
        Assert.Equal(Now, Get(changed, "Ready").LastTransitionTime);
    }
}
