using Cluster.Api.Core.V1;

namespace Cluster.Controllers.Scheduling.Framework;

/// <summary>
/// A node with the pods on it (bound or assumed) and their sums: requested and non-zero requested resources, host
/// ports in use, pods with affinity terms. <see cref="Generation"/> grows with every change, so a snapshot copies
/// only what changed. Not thread-safe: the cache guards its own, snapshots are read by one scheduling cycle.
/// </summary>
public sealed class NodeInfo
{
    private readonly List<PodInfo> _pods = [];
    private readonly List<PodInfo> _withAffinity = [];
    private readonly List<PodInfo> _withRequiredAntiAffinity = [];
    private readonly List<HostPort> _usedPorts = [];

    public NodeInfo(string name) => Name = name;

    public string Name { get; }

    /// <summary>The Node object; null while only pods name it (a node the informer has not delivered, or deleted).</summary>
    public Node? Node { get; private set; }

    // Read for every node of every cycle: kept here rather than reached through the Node object each time.
    public IReadOnlyDictionary<string, string>? Labels { get; private set; }
    public IReadOnlyList<Taint> Taints { get; private set; } = [];
    public bool Unschedulable { get; private set; }
    public Resources Allocatable { get; private set; } = new();
    public Resources Requested { get; private set; } = new();
    public long NonZeroMilliCpu { get; private set; }
    public long NonZeroMemory { get; private set; }
    public IReadOnlyList<PodInfo> Pods => _pods;
    public IReadOnlyList<PodInfo> PodsWithAffinity => _withAffinity;
    public IReadOnlyList<PodInfo> PodsWithRequiredAntiAffinity => _withRequiredAntiAffinity;
    public IReadOnlyList<HostPort> UsedPorts => _usedPorts;
    public long Generation { get; set; }

    // Copies of the amounts filtering and scoring read for hundreds of nodes per pod, kept in this object so that the
    // resource checks of most nodes touch it alone (Allocatable, Requested and the pod list are three more objects).
    public long AllocatableMilliCpu { get; private set; }
    public long AllocatableMemory { get; private set; }
    public long RequestedMilliCpu { get; private set; }
    public long RequestedMemory { get; private set; }
    private long _freeMilliCpu;
    private long _freeMemory;
    private long _freeEphemeralStorage;
    private long _freePods;

    /// <summary>
    /// True when <paramref name="request"/>, without extended resources, fits the room left (cpu, memory,
    /// ephemeral storage and one more pod); false means "look closer", not "does not fit".
    /// </summary>
    public bool HasRoomFor(Resources request) =>
        request.Scalar is null
        && _freePods >= 1
        && (request.MilliCpu <= 0 || request.MilliCpu <= _freeMilliCpu)
        && (request.Memory <= 0 || request.Memory <= _freeMemory)
        && (request.EphemeralStorage <= 0 || request.EphemeralStorage <= _freeEphemeralStorage);

    private void RefreshRoom()
    {
        AllocatableMilliCpu = Allocatable.MilliCpu;
        AllocatableMemory = Allocatable.Memory;
        RequestedMilliCpu = Requested.MilliCpu;
        RequestedMemory = Requested.Memory;
        _freeMilliCpu = Allocatable.MilliCpu - Requested.MilliCpu;
        _freeMemory = Allocatable.Memory - Requested.Memory;
        _freeEphemeralStorage = Allocatable.EphemeralStorage - Requested.EphemeralStorage;
        _freePods = Allocatable.Pods - _pods.Count;
    }

    public void SetNode(Node node)
    {
        Node = node;
        Labels = node.Metadata?.Labels;
        Taints = node.Spec?.Taints ?? [];
        Unschedulable = node.Spec?.Unschedulable == true;
        Allocatable = Resources.From(node.Status?.Allocatable);
        RefreshRoom();
    }

    public void ClearNode()
    {
        Node = null;
        Labels = null;
        Taints = [];
        Unschedulable = false;
    }

    public void AddPod(PodInfo pod)
    {
        _pods.Add(pod);
        if (pod.HasAffinity) _withAffinity.Add(pod);
        if (pod.RequiredAntiAffinity.Count > 0) _withRequiredAntiAffinity.Add(pod);
        _usedPorts.AddRange(pod.HostPorts);
        Requested.Add(pod.Requests);
        NonZeroMilliCpu += pod.NonZeroMilliCpu;
        NonZeroMemory += pod.NonZeroMemory;
        RefreshRoom();
    }

    /// <summary>Removes the pod with <paramref name="pod"/>'s uid; false if it is not here.</summary>
    public bool RemovePod(PodInfo pod)
    {
        var index = _pods.FindIndex(p => p.Uid == pod.Uid);
        if (index < 0) return false;
        var removed = _pods[index];
        _pods[index] = _pods[^1];
        _pods.RemoveAt(_pods.Count - 1);
        _withAffinity.RemoveAll(p => p.Uid == removed.Uid);
        _withRequiredAntiAffinity.RemoveAll(p => p.Uid == removed.Uid);
        foreach (var port in removed.HostPorts) _usedPorts.Remove(port);
        Requested.Add(removed.Requests, -1);
        NonZeroMilliCpu -= removed.NonZeroMilliCpu;
        NonZeroMemory -= removed.NonZeroMemory;
        RefreshRoom();
        return true;
    }

    /// <summary>An independent copy (pods shared, as they are immutable), for snapshots and what-if checks such as preemption.</summary>
    public NodeInfo Clone()
    {
        var copy = new NodeInfo(Name)
        {
            Node = Node,
            Labels = Labels,
            Taints = Taints,
            Unschedulable = Unschedulable,
            Allocatable = Allocatable,
            Requested = Requested.Clone(),
            NonZeroMilliCpu = NonZeroMilliCpu,
            NonZeroMemory = NonZeroMemory,
            Generation = Generation,
        };
        copy._pods.AddRange(_pods);
        copy._withAffinity.AddRange(_withAffinity);
        copy._withRequiredAntiAffinity.AddRange(_withRequiredAntiAffinity);
        copy._usedPorts.AddRange(_usedPorts);
        copy.RefreshRoom();
        return copy;
    }
}
