using Cluster.Api.Core.V1;

namespace Cluster.Controllers.Scheduling.Queue;

/// <summary>
/// Pods nominated to nodes by preemption (upstream's nominator): each pod (by uid) on at most one node, in the order
/// nominated. The in-memory nomination may run ahead of status.nominatedNodeName: an update that carries no
/// nomination on either side keeps the one recorded here. Not thread-safe; <see cref="SchedulingQueue"/> serialises it,
/// except <see cref="Count"/>, which may be read at any time.
/// </summary>
internal sealed class PodNominator
{
    private readonly Dictionary<string, List<Pod>> _byNode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _nodeByUid = new(StringComparer.Ordinal);
    private int _count;

    /// <summary>Pods nominated now; safe to read without the queue's lock (possibly a moment old).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Records the pod on <paramref name="nodeName"/>, or on its status.nominatedNodeName when null.</summary>
    public void Add(Pod pod, string? nodeName)
    {
        Delete(pod);
        var node = nodeName ?? pod.Status?.NominatedNodeName;
        if (string.IsNullOrEmpty(node)) return;
        var uid = UidOf(pod);
        _nodeByUid[uid] = node;
        if (!_byNode.TryGetValue(node, out var pods))
        {
            pods = [];
            _byNode.Add(node, pods);
        }
        pods.Add(pod);
        Volatile.Write(ref _count, _nodeByUid.Count);
    }

    public void Delete(Pod pod)
    {
        var uid = UidOf(pod);
        if (!_nodeByUid.Remove(uid, out var node)) return;
        var pods = _byNode[node];
        pods.RemoveAll(p => UidOf(p) == uid);
        if (pods.Count == 0) _byNode.Remove(node);
        Volatile.Write(ref _count, _nodeByUid.Count);
    }

    public void Update(Pod oldPod, Pod newPod)
    {
        string? keep = null;
        if (string.IsNullOrEmpty(oldPod.Status?.NominatedNodeName) && string.IsNullOrEmpty(newPod.Status?.NominatedNodeName)
            && _nodeByUid.TryGetValue(UidOf(oldPod), out var node))
        {
            keep = node;
        }
        Delete(oldPod);
        Add(newPod, keep);
    }

    public IReadOnlyList<Pod> ForNode(string nodeName) =>
        _byNode.TryGetValue(nodeName, out var pods) ? pods.ToArray() : [];

    private static string UidOf(Pod pod) =>
        pod.Metadata?.Uid ?? (pod.Metadata?.Namespace + "/" + pod.Metadata?.Name);
}
