using Cluster.Api.Core.V1;
using Cluster.Controllers.Scheduling.Queue;
using static Cluster.Controllers.Tests.Scheduling.Queue.QueueTestPods;

namespace Cluster.Controllers.Tests.Scheduling.Queue;

public sealed class NominatorAndEventTests
{
    private static Pod NominatedTo(Pod pod, string? node) => pod with { Status = new PodStatus { NominatedNodeName = node } };

    [Fact]
    public void Nominations_are_listed_per_node_in_order_and_removed_on_delete()
    {
        var (queue, _) = NewQueue();
        var a = Pod("a");
        var b = Pod("b");
        queue.AddNominatedPod(a, "n1");
        queue.AddNominatedPod(b, "n1");
        queue.AddNominatedPod(Pod("c"), "n2");
        Assert.Equal(["a", "b"], queue.NominatedPodsForNode("n1").Select(p => p.Metadata!.Name));
        queue.DeleteNominatedPodIfExists(a);
        Assert.Equal(["b"], queue.NominatedPodsForNode("n1").Select(p => p.Metadata!.Name));
        queue.AddNominatedPod(b, "n2");
        Assert.Empty(queue.NominatedPodsForNode("n1"));
        Assert.Equal(["c", "b"], queue.NominatedPodsForNode("n2").Select(p => p.Metadata!.Name));
    }

    [Fact]
    public void Queued_pods_carrying_a_nomination_are_tracked_until_deleted()
    {
        var (queue, _) = NewQueue();
        var pod = NominatedTo(Pod("p"), "n1");
        queue.Add(pod);
        Assert.Single(queue.NominatedPodsForNode("n1"));
        queue.Delete(pod);
        Assert.Empty(queue.NominatedPodsForNode("n1"));
    }

    [Fact]
    public void An_update_without_nomination_on_either_side_keeps_the_in_memory_nomination()
    {
        var (queue, _) = NewQueue();
        var pod = Pod("p");
        queue.Add(pod);
        queue.AddNominatedPod(pod, "n1");
        var relabelled = pod with { Metadata = pod.Metadata! with { Labels = new Dictionary<string, string> { ["a"] = "b" } } };
        queue.Update(pod, relabelled);
        Assert.Same(relabelled, Assert.Single(queue.NominatedPodsForNode("n1")));
        queue.Update(relabelled, NominatedTo(relabelled, "n2"));
        Assert.Empty(queue.NominatedPodsForNode("n1"));
        Assert.Single(queue.NominatedPodsForNode("n2"));
    }

    [Theory]
    [InlineData(EventResource.Node, ActionType.Add, EventResource.Node, ActionType.Add, true)]
    [InlineData(EventResource.Node, ActionType.Add | ActionType.UpdateNodeTaint, EventResource.Node, ActionType.UpdateNodeTaint, true)]
    [InlineData(EventResource.Node, ActionType.Update, EventResource.Node, ActionType.UpdateNodeLabel, true)]
    [InlineData(EventResource.Node, ActionType.UpdateNodeLabel, EventResource.Node, ActionType.UpdateNodeTaint, false)]
    [InlineData(EventResource.Node, ActionType.All, EventResource.AssignedPod, ActionType.Add, false)]
    [InlineData(EventResource.Pod, ActionType.Delete, EventResource.AssignedPod, ActionType.Delete, true)]
    [InlineData(EventResource.Pod, ActionType.Delete, EventResource.UnscheduledPod, ActionType.Delete, true)]
    [InlineData(EventResource.AssignedPod, ActionType.Delete, EventResource.Pod, ActionType.Delete, false)]
    [InlineData(EventResource.WildCard, ActionType.Add, EventResource.PersistentVolume, ActionType.Add, true)]
    [InlineData(EventResource.StorageClass, ActionType.Add, EventResource.WildCard, ActionType.All, true)]
    public void A_registration_matches_events_of_its_resource_sharing_an_action(
        EventResource registeredResource, ActionType registeredAction, EventResource resource, ActionType action, bool matches) =>
        Assert.Equal(matches, new ClusterEvent(registeredResource, registeredAction, "r").Matches(new ClusterEvent(resource, action, "e")));

    [Fact]
    public void Only_scheduling_relevant_pod_changes_count()
    {
        var pod = Pod("p");
        Assert.False(PodChanges.MayAffectScheduling(pod, pod with { Metadata = pod.Metadata! with { ResourceVersion = "9", Finalizers = ["f"] } }));
        Assert.False(PodChanges.MayAffectScheduling(pod, pod with { Status = new PodStatus { Phase = "Pending" } }));
        Assert.False(PodChanges.MayAffectScheduling(pod, Pod("p")));
        Assert.True(PodChanges.MayAffectScheduling(pod, pod with { Spec = pod.Spec! with { Priority = 3 } }));
        Assert.True(PodChanges.MayAffectScheduling(pod, pod with { Status = new PodStatus { ResourceClaimStatuses = [new() { Name = "c" }] } }));
    }
}
