using System.Net;
using Cluster.Api.Core.V1;

namespace Cluster.Controllers.NodeIpam;

/// <summary>
/// Which node holds which subnet of the cluster CIDR, as upstream's range allocator keeps it: rebuilt from every Node's
/// podCIDR when the controller starts (so nothing is handed out twice across restarts), a subnet chosen for a node is
/// remembered until its Node shows it (a retried write reuses it), and freed when the Node goes. podCIDRs outside the
/// cluster CIDR are left alone. Thread-safe (one lock around the set and the map).
/// </summary>
public sealed class NodeCidrAllocator(IPNetwork clusterCidr, int nodeMaskSize)
{
    private readonly Lock _lock = new();
    private readonly CidrSet _set = new(clusterCidr, nodeMaskSize);               // guarded by _lock
    private readonly Dictionary<string, IPNetwork> _byNode = new(StringComparer.Ordinal); // guarded by _lock

    public IPNetwork ClusterCidr => _set.ClusterCidr;

    public int Capacity => _set.Capacity;

    public int Used
    {
        get
        {
            lock (_lock) return _set.Used;
        }
    }

    /// <summary>Marks every in-range podCIDR of <paramref name="nodes"/> as used (on start, before any allocation).</summary>
    public void Rebuild(IEnumerable<Node> nodes)
    {
        foreach (var node in nodes) Observe(node);
    }

    /// <summary>
    /// Takes note of a Node's podCIDRs (set by us or by anyone else): they are used from now on. A subnet this allocator had
    /// chosen for the node but that the Node does not show is freed. Returns false when a podCIDR lies outside the range.
    /// </summary>
    public bool Observe(Node node)
    {
        if (node.Metadata?.Name is not { Length: > 0 } name || PodCidrs(node) is not { Count: > 0 } cidrs) return true;
        lock (_lock)
        {
            var inRange = cidrs.Where(c => _set.Occupy(c) == OccupyResult.Occupied).ToList();
            if (_byNode.TryGetValue(name, out var chosen) && !inRange.Contains(chosen)) _set.Release(chosen);
            if (inRange.Count > 0) _byNode[name] = inRange[0];
            else _byNode.Remove(name);
            return inRange.Count == cidrs.Count;
        }
    }

    /// <summary>The subnet for a node that has none: the one chosen before (not yet written), or a free one; null when none is free.</summary>
    public IPNetwork? Assign(string nodeName)
    {
        lock (_lock)
        {
            if (_byNode.TryGetValue(nodeName, out var chosen)) return chosen;
            if (!_set.TryAllocate(out var cidr)) return null;
            _byNode[nodeName] = cidr;
            return cidr;
        }
    }

    /// <summary>Frees the subnet of a node that is gone; false when it had none from this range.</summary>
    public bool Release(string nodeName)
    {
        lock (_lock)
        {
            if (!_byNode.Remove(nodeName, out var cidr)) return false;
            _set.Release(cidr);
            return true;
        }
    }

    /// <summary>The Node's podCIDRs (podCIDR when podCIDRs is empty) that parse as networks.</summary>
    public static IReadOnlyList<IPNetwork> PodCidrs(Node node)
    {
        var texts = node.Spec?.PodCIDRs is { Count: > 0 } list ? list : node.Spec?.PodCIDR is { Length: > 0 } one ? [one] : [];
        var cidrs = new List<IPNetwork>();
        foreach (var text in texts)
            if (IPNetwork.TryParse(text, out var cidr)) cidrs.Add(cidr);
        return cidrs;
    }
}
