using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Controllers.Scheduling.Queue;
using Cluster.TestKit;

namespace Cluster.Controllers.Tests.Scheduling.Queue;

/// <summary>Pending pods, a queue on a manual clock, and the steps that put a pod into a given sub-queue.</summary>
internal static class QueueTestPods
{
    public const string Fit = "NodeResourcesFit";
    public const string Taints = "TaintToleration";
    public const string Affinity = "InterPodAffinity";

    public static PluginEventMap Plugins { get; } = new(new Dictionary<string, IReadOnlyList<ClusterEvent>>
    {
        [Fit] = [ClusterEvent.NodeAdd, ClusterEvent.NodeAllocatableChange, ClusterEvent.AssignedPodDelete],
        [Taints] = [ClusterEvent.NodeAdd, ClusterEvent.NodeTaintChange],
        [Affinity] = [ClusterEvent.AssignedPodAdd, ClusterEvent.AssignedPodUpdate, ClusterEvent.AssignedPodDelete, ClusterEvent.NodeLabelChange],
    });

    public static Pod Pod(string name, string ns = "default", int? priority = null) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns, Uid = $"uid-{ns}-{name}", ResourceVersion = "1" },
        Spec = new PodSpec { Priority = priority, Containers = [new Container { Name = "c", Image = "busybox" }] },
    };

    public static (SchedulingQueue Queue, ManualTime Time) NewQueue(SchedulingQueueOptions? options = null)
    {
        var time = new ManualTime();
        return (new SchedulingQueue(options ?? new SchedulingQueueOptions { Plugins = Plugins }, time), time);
    }

    /// <summary>Pops the head, which must be the given pod.</summary>
    public static async Task<QueuedPodInfo> PopAsync(this SchedulingQueue queue, Pod expected)
    {
        var info = await queue.PopAsync(CancellationToken.None);
        Assert.NotNull(info);
        Assert.Equal(expected.Metadata!.Name, info.Pod.Metadata!.Name);
        return info;
    }

    /// <summary>Adds, pops and hands back the pod as rejected by <paramref name="rejectors"/> with no event meanwhile.</summary>
    public static async Task<QueuedPodInfo> MakeUnschedulableAsync(this SchedulingQueue queue, Pod pod, params string[] rejectors)
    {
        queue.Add(pod);
        var info = await queue.PopAsync(pod);
        Assert.True(queue.AddUnschedulableIfNotPresent(info, info.Cycle, rejectors));
        Assert.Equal(SubQueue.Unschedulable, queue.QueueOf(info.Key));
        return info;
    }

    /// <summary>Pops every active pod and returns their names in pop order.</summary>
    public static async Task<List<string>> DrainAsync(this SchedulingQueue queue)
    {
        var names = new List<string>();
        while (queue.Pending.Active > 0)
        {
            var info = await queue.PopAsync(CancellationToken.None);
            names.Add(info!.Pod.Metadata!.Name!);
            queue.Done(info.Uid);
        }
        return names;
    }
}
