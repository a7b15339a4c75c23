using Cluster.Api.Core.V1;
using Cluster.Controllers.Scheduling.Framework;

namespace Cluster.Controllers.Scheduling.Cache;

/// <summary>
/// The scheduler's view of nodes and the pods on them, fed by the informers and by the scheduler's own decisions:
/// an assumed pod counts on its node at once, before its binding is observed; the bound pod arriving from the
/// informer confirms it; a failed binding forgets it; an assumed pod whose binding finished but never shows up
/// expires after <see cref="AssumedTtl"/>. Also keeps each namespace's requested cpu and memory, for fairness.
/// Thread-safe.
/// </summary>
public sealed class SchedulerCache(TimeProvider time)
{
    public static readonly TimeSpan AssumedTtl = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, NodeInfo> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PodState> _pods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long MilliCpu, long Memory)> _namespaces = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private long _dirtySince;
    private long _generation;
    private long _membershipGeneration;
    private long _allocatableMilliCpu;
    private long _allocatableMemory;

    /// <summary>Nodes the cache knows (a removed node lingering for its pods is not counted).</summary>
    public int NodeCount
    {
        get
        {
            lock (_lock) return _nodes.Values.Count(n => n.Node is not null);
        }
    }

    /// <summary>Pods counted on nodes, assumed ones included.</summary>
    public int PodCount
    {
        get
        {
            lock (_lock) return _pods.Count;
        }
    }

    public void AddNode(Node node) => UpdateNode(node);

    public void UpdateNode(Node node)
    {
        var name = node.Metadata?.Name ?? "";
        lock (_lock)
        {
            var info = NodeNamed(name);
            if (info.Node is { } old)
            {
                var before = Resources.From(old.Status?.Allocatable);
                _allocatableMilliCpu -= before.MilliCpu;
                _allocatableMemory -= before.Memory;
            }
            else
            {
                _membershipGeneration = _generation + 1;
            }
            info.SetNode(node);
            _allocatableMilliCpu += info.Allocatable.MilliCpu;
            _allocatableMemory += info.Allocatable.Memory;
            Touch(info);
        }
    }

    public void RemoveNode(Node node)
    {
        var name = node.Metadata?.Name ?? "";
        lock (_lock)
        {
            if (!_nodes.TryGetValue(name, out var info) || info.Node is null) return;
            _allocatableMilliCpu -= info.Allocatable.MilliCpu;
            _allocatableMemory -= info.Allocatable.Memory;
            info.ClearNode();
            _membershipGeneration = _generation + 1;
            Touch(info);
            // Pods may still name the node until they are deleted; keep the entry while they do.
            if (info.Pods.Count == 0) _nodes.Remove(name);
        }
    }

    /// <summary>A pod bound to a node, from the informer: confirms an assumption, or adds it.</summary>
    public void AddPod(Pod pod)
    {
        if (pod.Spec?.NodeName is not { Length: > 0 } nodeName) return;
        var info = PodInfo.Of(pod);
        lock (_lock)
        {
            if (_pods.TryGetValue(info.Uid, out var state)) Detach(state);
            Attach(new PodState(info, nodeName, Assumed: false, Deadline: null));
        }
    }

    public void UpdatePod(Pod pod) => AddPod(pod);

    public void RemovePod(Pod pod)
    {
        var uid = pod.Metadata?.Uid ?? "";
        lock (_lock)
        {
            if (_pods.TryGetValue(uid, out var state)) Detach(state);
        }
    }

    /// <summary>Counts <paramref name="pod"/> on <paramref name="nodeName"/> now, ahead of its binding.</summary>
    public void AssumePod(PodInfo pod, string nodeName)
    {
        lock (_lock)
        {
            if (_pods.TryGetValue(pod.Uid, out var state)) Detach(state);
            Attach(new PodState(pod, nodeName, Assumed: true, Deadline: null));
        }
    }

    /// <summary>The binding succeeded: the assumption stands until the informer confirms it, or expires.</summary>
    public void FinishBinding(PodInfo pod)
    {
        lock (_lock)
        {
            if (_pods.TryGetValue(pod.Uid, out var state) && state.Assumed) _pods[pod.Uid] = state with { Deadline = time.GetUtcNow() + AssumedTtl };
        }
    }

    /// <summary>The binding failed: the pod no longer counts anywhere (unless the informer has meanwhile seen it bound).</summary>
    public void ForgetPod(PodInfo pod)
    {
        lock (_lock)
        {
            if (_pods.TryGetValue(pod.Uid, out var state) && state.Assumed) Detach(state);
        }
    }

    public bool IsAssumed(string uid)
    {
        lock (_lock) return _pods.TryGetValue(uid, out var state) && state.Assumed;
    }

    /// <summary>Drops assumed pods whose binding finished more than <see cref="AssumedTtl"/> ago without the informer confirming them.</summary>
    public int CleanupExpired()
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var expired = _pods.Values.Where(s => s.Assumed && s.Deadline is { } d && d < now).ToList();
            foreach (var state in expired) Detach(state);
            return expired.Count;
        }
    }

    /// <summary>
    /// The namespace's dominant share: the larger of its requested cpu and memory (bound and assumed pods) over the
    /// cluster's allocatable.
    /// </summary>
    public double DominantShare(string ns)
    {
        lock (_lock)
        {
            if (!_namespaces.TryGetValue(ns, out var use)) return 0;
            var cpu = _allocatableMilliCpu > 0 ? (double)use.MilliCpu / _allocatableMilliCpu : 0;
            var memory = _allocatableMemory > 0 ? (double)use.Memory / _allocatableMemory : 0;
            return Math.Max(cpu, memory);
        }
    }

    /// <summary>
    /// Brings <paramref name="snapshot"/> up to date, copying only the nodes that changed since it was last updated:
    /// the nodes touched since the previous update when the snapshot is the one updated last (the usual case), else
    /// every node newer than the snapshot.
    /// </summary>
    public void UpdateSnapshot(Snapshot snapshot)
    {
        lock (_lock)
        {
            if (snapshot.Generation == _generation) return;
            var rebuild = _membershipGeneration > snapshot.Generation;
            IEnumerable<NodeInfo> changed = snapshot.Generation >= _dirtySince
                ? _dirty.Select(name => _nodes.GetValueOrDefault(name)).OfType<NodeInfo>()
                : _nodes.Values;
            foreach (var info in changed)
            {
                if (info.Generation <= snapshot.Generation) continue;
                rebuild |= !snapshot.ByName.ContainsKey(info.Name);
                var copy = info.Clone();
                snapshot.ByName[info.Name] = copy;
                if (!rebuild) snapshot.Replace(copy);
            }
            if (rebuild)
            {
                foreach (var name in snapshot.ByName.Keys.Where(n => !_nodes.ContainsKey(n)).ToList()) snapshot.ByName.Remove(name);
                snapshot.Rebuild();
            }
            _dirty.Clear();
            _dirtySince = _generation;
            snapshot.Generation = _generation;
        }
    }

    private NodeInfo NodeNamed(string name)
    {
        if (!_nodes.TryGetValue(name, out var info)) _nodes[name] = info = new NodeInfo(name);
        return info;
    }

    private void Touch(NodeInfo info)
    {
        info.Generation = ++_generation;
        _dirty.Add(info.Name);
    }

    private void Attach(PodState state)
    {
        var node = NodeNamed(state.NodeName);
        node.AddPod(state.Pod);
        Touch(node);
        _pods[state.Pod.Uid] = state;
        var use = _namespaces.GetValueOrDefault(state.Pod.Namespace);
        _namespaces[state.Pod.Namespace] = (use.MilliCpu + state.Pod.Requests.MilliCpu, use.Memory + state.Pod.Requests.Memory);
    }

    private void Detach(PodState state)
    {
        _pods.Remove(state.Pod.Uid);
        if (_nodes.TryGetValue(state.NodeName, out var node) && node.RemovePod(state.Pod))
        {
            Touch(node);
            if (node.Node is null && node.Pods.Count == 0)
            {
                _nodes.Remove(node.Name);
                // Snapshots must drop their copy of the gone node, too.
                _membershipGeneration = _generation;
            }
        }
        var use = _namespaces.GetValueOrDefault(state.Pod.Namespace);
        _namespaces[state.Pod.Namespace] = (use.MilliCpu - state.Pod.Requests.MilliCpu, use.Memory - state.Pod.Requests.Memory);
    }

    private sealed record PodState(PodInfo Pod, string NodeName, bool Assumed, DateTimeOffset? Deadline);
}
