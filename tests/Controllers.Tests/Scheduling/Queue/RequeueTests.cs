using Cluster.Controllers.Scheduling.Queue;
using static Cluster.Controllers.Tests.Scheduling.Queue.QueueTestPods;

namespace Cluster.Controllers.Tests.Scheduling.Queue;

public sealed class RequeueTests
{
    public static TheoryData<string[], string, bool> EventRelevance => new()
    {
        { [Fit], nameof(ClusterEvent.NodeAdd), true },
        { [Fit], nameof(ClusterEvent.NodeAllocatableChange), true },
        { [Fit], nameof(ClusterEvent.AssignedPodDelete), true },
        { [Fit], nameof(ClusterEvent.NodeTaintChange), false },
        { [Fit], nameof(ClusterEvent.NodeLabelChange), false },
        { [Fit], nameof(ClusterEvent.AssignedPodAdd), false },
        { [Taints], nameof(ClusterEvent.NodeTaintChange), true },
        { [Taints], nameof(ClusterEvent.NodeSpecUnschedulableChange), true },
        { [Taints], nameof(ClusterEvent.NodeAllocatableChange), false },
        { [Affinity], nameof(ClusterEvent.AssignedPodAdd), true },
        { [Affinity], nameof(ClusterEvent.AssignedPodUpdate), true },
        { [Affinity], nameof(ClusterEvent.NodeLabelChange), true },
        { [Affinity], nameof(ClusterEvent.NodeDelete), false },
        { [Fit, Taints], nameof(ClusterEvent.NodeTaintChange), true },
        { [Fit, Taints], nameof(ClusterEvent.NodeConditionChange), false },
        { ["SomeUnregisteredPlugin"], nameof(ClusterEvent.NodeConditionChange), true },
        { [Fit], nameof(ClusterEvent.WildCardEvent), true },
    };

    private static readonly ClusterEvent[] Known =
    [
        ClusterEvent.NodeAdd, ClusterEvent.NodeDelete, ClusterEvent.NodeAllocatableChange, ClusterEvent.NodeLabelChange,
        ClusterEvent.NodeTaintChange, ClusterEvent.NodeSpecUnschedulableChange, ClusterEvent.NodeConditionChange,
        ClusterEvent.AssignedPodAdd, ClusterEvent.AssignedPodUpdate, ClusterEvent.AssignedPodDelete, ClusterEvent.WildCardEvent,
    ];

    private static ClusterEvent Named(string name) => Known.Single(e => e.Label == (name == nameof(ClusterEvent.WildCardEvent) ? "WildCard" : name));

    [Theory]
    [MemberData(nameof(EventRelevance))]
    public async Task An_unschedulable_pod_moves_only_on_an_event_relevant_to_a_rejecting_plugin(string[] rejectors, string happened, bool moves)
    {
        var (queue, _) = NewQueue();
        var info = await queue.MakeUnschedulableAsync(Pod("p"), rejectors);
        queue.MoveAllToActiveOrBackoffQueue(Named(happened));
        Assert.Equal(moves ? SubQueue.Backoff : SubQueue.Unschedulable, queue.QueueOf(info.Key));
    }

    [Fact]
    public async Task A_moved_pod_past_its_backoff_goes_straight_to_activeQ()
    {
        var (queue, time) = NewQueue();
        var info = await queue.MakeUnschedulableAsync(Pod("p"), Fit);
        time.Advance(TimeSpan.FromSeconds(1));
        queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.NodeAdd);
        Assert.Equal(SubQueue.Active, queue.QueueOf(info.Key));
    }

    [Fact]
    public async Task The_pre_check_filters_which_pods_move()
    {
        var (queue, _) = NewQueue();
        var a = await queue.MakeUnschedulableAsync(Pod("a"), Affinity);
        var b = await queue.MakeUnschedulableAsync(Pod("b"), Affinity);
        queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.AssignedPodAdd, p => p.Metadata!.Name == "b");
        Assert.Equal((SubQueue.Unschedulable, SubQueue.Backoff), (queue.QueueOf(a.Key), queue.QueueOf(b.Key)));
    }

    [Theory]
    [InlineData("relevant event during the attempt", true, true, SubQueue.Backoff)]
    [InlineData("irrelevant event during the attempt", true, false, SubQueue.Unschedulable)]
    [InlineData("relevant event before the attempt", false, true, SubQueue.Unschedulable)]
    public async Task A_pod_failing_in_a_cycle_that_saw_a_relevant_move_goes_to_backoffQ(string why, bool duringAttempt, bool relevant, SubQueue expected)
    {
        var (queue, _) = NewQueue();
        var happened = relevant ? ClusterEvent.NodeAdd : ClusterEvent.NodeLabelChange;
        queue.Add(Pod("p"));
        if (!duringAttempt) queue.MoveAllToActiveOrBackoffQueue(happened);
        var info = (await queue.PopAsync(CancellationToken.None))!;
        if (duringAttempt) queue.MoveAllToActiveOrBackoffQueue(happened);
        queue.AddUnschedulableIfNotPresent(info, info.Cycle, [Fit]);
        Assert.True(expected == queue.QueueOf(info.Key), why);
    }

    [Fact]
    public async Task Events_seen_during_another_pods_later_attempt_do_not_count_for_an_earlier_one()
    {
        var (queue, _) = NewQueue();
        queue.Add(Pod("a"));
        queue.Add(Pod("b"));
        var a = (await queue.PopAsync(CancellationToken.None))!;
        queue.AddUnschedulableIfNotPresent(a, a.Cycle, [Fit]);
        var b = (await queue.PopAsync(CancellationToken.None))!;
        queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.NodeTaintChange);
        queue.AddUnschedulableIfNotPresent(b, b.Cycle, [Fit]);
        Assert.Equal((SubQueue.Unschedulable, SubQueue.Unschedulable), (queue.QueueOf(a.Key), queue.QueueOf(b.Key)));
    }

    [Fact]
    public async Task Without_in_flight_record_any_move_request_since_the_cycle_sends_the_pod_to_backoffQ()
    {
        var (queue, _) = NewQueue();
        queue.Add(Pod("p"));
        var info = (await queue.PopAsync(CancellationToken.None))!;
        queue.Done(info.Uid);
        queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.NodeLabelChange);
        queue.AddUnschedulableIfNotPresent(info, info.Cycle, [Fit]);
        Assert.Equal(SubQueue.Backoff, queue.QueueOf(info.Key));
    }

    [Fact]
    public async Task Pods_left_unschedulable_over_5_minutes_are_flushed()
    {
        var (queue, time) = NewQueue();
        var info = await queue.MakeUnschedulableAsync(Pod("p"), Fit);
        time.Advance(TimeSpan.FromMinutes(5));
        queue.FlushUnschedulableLeftover();
        Assert.Equal(SubQueue.Unschedulable, queue.QueueOf(info.Key));
        time.Advance(TimeSpan.FromMilliseconds(1));
        queue.FlushUnschedulableLeftover();
        Assert.Equal(SubQueue.Active, queue.QueueOf(info.Key));
    }

    [Fact]
    public async Task Updating_an_unschedulable_pod_requeues_it()
    {
        var (queue, time) = NewQueue();
        var pod = Pod("p");
        var info = await queue.MakeUnschedulableAsync(pod, Fit);
        var statusOnly = pod with { Status = new() { Message = "0/3 nodes are available" }, Metadata = pod.Metadata! with { ResourceVersion = "2" } };
        queue.Update(pod, statusOnly);
        Assert.Equal(SubQueue.Unschedulable, queue.QueueOf(info.Key));

        var relabelled = statusOnly with { Metadata = statusOnly.Metadata! with { Labels = new Dictionary<string, string> { ["x"] = "y" } } };
        queue.Update(statusOnly, relabelled);
        Assert.Equal(SubQueue.Backoff, queue.QueueOf(info.Key));
        time.Advance(TimeSpan.FromSeconds(1));
        queue.FlushBackoffCompleted();
        Assert.Same(relabelled, (await queue.PopAsync(CancellationToken.None))!.Pod);
    }

    [Fact]
    public async Task A_pod_updated_during_its_attempt_is_retried_with_its_new_version()
    {
        var (queue, _) = NewQueue();
        var pod = Pod("p");
        queue.Add(pod);
        var info = (await queue.PopAsync(CancellationToken.None))!;
        var changed = pod with { Metadata = pod.Metadata! with { Labels = new Dictionary<string, string> { ["x"] = "y" } } };
        queue.Update(pod, changed);
        Assert.Equal(new PendingCounts(0, 0, 0, 0), queue.Pending);
        queue.AddUnschedulableIfNotPresent(info, info.Cycle, [Fit]);
        Assert.Equal(SubQueue.Backoff, queue.QueueOf(info.Key));
        Assert.Same(changed, info.Pod);
    }

    [Fact]
    public async Task A_gated_pod_waits_until_its_gates_are_removed()
    {
        var (queue, _) = NewQueue();
        var gated = Pod("g") with { Spec = Pod("g").Spec! with { SchedulingGates = [new() { Name = "example.com/quota" }] } };
        queue.Add(gated);
        Assert.Equal(new PendingCounts(0, 0, 0, 1), queue.Pending);
        queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.WildCardEvent);
        Assert.Equal(new PendingCounts(0, 0, 0, 1), queue.Pending);
        var released = gated with { Spec = gated.Spec! with { SchedulingGates = null } };
        queue.Update(gated, released);
        Assert.Equal(new PendingCounts(1, 0, 0, 0), queue.Pending);
        Assert.Same(released, (await queue.PopAsync(CancellationToken.None))!.Pod);
    }

    [Fact]
    public async Task Handing_back_a_pod_that_is_already_queued_is_refused()
    {
        var (queue, _) = NewQueue();
        var pod = Pod("p");
        queue.Add(pod);
        var info = (await queue.PopAsync(CancellationToken.None))!;
        queue.Add(pod);
        Assert.False(queue.AddUnschedulableIfNotPresent(info, info.Cycle, [Fit]));
        Assert.Equal(new PendingCounts(1, 0, 0, 0), queue.Pending);
    }

    [Fact]
    public async Task Activate_moves_unschedulable_and_backoff_pods_to_activeQ()
    {
        var (queue, _) = NewQueue();
        var a = await queue.MakeUnschedulableAsync(Pod("a"), Fit);
        queue.Add(Pod("b"));
        var b = (await queue.PopAsync(CancellationToken.None))!;
        queue.RequeueAfterError(b);
        queue.Activate([a.Pod, b.Pod]);
        Assert.Equal(new PendingCounts(2, 0, 0, 0), queue.Pending);
    }
}
