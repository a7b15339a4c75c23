using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Api.Serialization;
using Cluster.Controllers.Scheduling.Queue;

namespace Cluster.Controllers.Tests.Scheduling.Queue;

public sealed class NodeEventsTests
{
    private static readonly Node Base = new()
    {
        Metadata = new ObjectMeta { Name = "n1", Labels = new Dictionary<string, string> { ["zone"] = "a" }, ResourceVersion = "1" },
        Spec = new NodeSpec { Unschedulable = true, Taints = [new Taint { Key = "k", Effect = "NoSchedule" }] },
        Status = new NodeStatus
        {
            Allocatable = new Dictionary<string, ResourceQuantity> { ["cpu"] = "4", ["memory"] = "8Gi" },
            Conditions = [new NodeCondition { Type = "Ready", Status = "True", LastHeartbeatTime = DateTimeOffset.UnixEpoch }],
        },
    };

    public static TheoryData<string, Node, string[]> Updates => new()
    {
        { "heartbeat and resourceVersion only", Base with
            {
                Metadata = Base.Metadata! with { ResourceVersion = "2" },
                Status = Base.Status! with { Conditions = [new NodeCondition { Type = "Ready", Status = "True", LastHeartbeatTime = DateTimeOffset.UnixEpoch.AddMinutes(1) }] },
            }, [] },
        { "cordon lifted", Base with { Spec = Base.Spec! with { Unschedulable = false } }, ["NodeSpecUnschedulableChange"] },
        { "allocatable grew", Base with { Status = Base.Status! with { Allocatable = new Dictionary<string, ResourceQuantity> { ["cpu"] = "8", ["memory"] = "8Gi" } } }, ["NodeAllocatableChange"] },
        { "label added", Base with { Metadata = Base.Metadata! with { Labels = new Dictionary<string, string> { ["zone"] = "a", ["gpu"] = "yes" } } }, ["NodeLabelChange"] },
        { "taint removed", Base with { Spec = Base.Spec! with { Taints = null } }, ["NodeTaintChange"] },
        { "became not ready", Base with { Status = Base.Status! with { Conditions = [new NodeCondition { Type = "Ready", Status = "False" }] } }, ["NodeConditionChange"] },
        { "annotated", Base with { Metadata = Base.Metadata! with { Annotations = new Dictionary<string, string> { ["a"] = "b" } } }, ["NodeAnnotationChange"] },
        { "uncordoned and untainted", Base with { Spec = new NodeSpec() }, ["NodeSpecUnschedulableChange", "NodeTaintChange"] },
    };

    [Theory]
    [MemberData(nameof(Updates))]
    public void A_node_update_becomes_one_event_per_changed_scheduling_property(string why, Node updated, string[] expected) =>
        Assert.True(expected.SequenceEqual(NodeEvents.ForUpdate(Base, updated).Select(e => e.Label)), why);

    [Fact]
    public void Cordoning_is_not_an_event_that_can_help_pending_pods() =>
        Assert.Empty(NodeEvents.ForUpdate(Base with { Spec = Base.Spec! with { Unschedulable = false } }, Base));
}
