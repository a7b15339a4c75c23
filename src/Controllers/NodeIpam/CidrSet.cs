using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Cluster.Controllers.NodeIpam;

/// <summary>What <see cref="CidrSet.Occupy"/> did with a CIDR.</summary>
public enum OccupyResult
{
    /// <summary>Every node subnet the CIDR overlaps is now marked used.</summary>
    Occupied,

    /// <summary>The CIDR does not overlap the cluster CIDR (or is not IPv4); nothing was marked.</summary>
    OutOfRange,
}

/// <summary>
/// The node subnets of one cluster CIDR (e.g. the /24s of 10.244.0.0/16), each free or used, as upstream's cidrset: an
/// allocation takes the first free subnet at or after a rotating cursor, so a released subnet is not handed out again at
/// once. Not thread-safe: <see cref="NodeCidrAllocator"/> serialises its use.
/// </summary>
public sealed class CidrSet
{
    /// <summary>At most 2^16 node subnets (upstream's limit on mask size minus cluster prefix).</summary>
    public const int MaxPrefixDifference = 16;

    /// <summary>A node's pod range needs a gateway and a pod address: /30 at most (what the agent accepts).</summary>
    public const int LongestNodeMask = 30;

    private readonly uint _base;
    private readonly bool[] _used;
    private int _next;

    public CidrSet(IPNetwork clusterCidr, int nodeMaskSize)
    {
        if (clusterCidr.BaseAddress.AddressFamily != AddressFamily.InterNetwork)
            throw new ArgumentException($"cluster CIDR {clusterCidr}: only IPv4 is supported", nameof(clusterCidr));
        if (nodeMaskSize < clusterCidr.PrefixLength || nodeMaskSize > LongestNodeMask)
            throw new ArgumentException($"node CIDR mask size {nodeMaskSize} must be between the cluster prefix /{clusterCidr.PrefixLength} and /{LongestNodeMask}", nameof(nodeMaskSize));
        if (nodeMaskSize - clusterCidr.PrefixLength > MaxPrefixDifference)
            throw new ArgumentException($"node CIDR mask size {nodeMaskSize} is more than {MaxPrefixDifference} bits longer than the cluster CIDR {clusterCidr}", nameof(nodeMaskSize));
        ClusterCidr = clusterCidr;
        NodeMaskSize = nodeMaskSize;
        _base = ToNumber(clusterCidr.BaseAddress);
        _used = new bool[1 << (nodeMaskSize - clusterCidr.PrefixLength)];
    }

    public IPNetwork ClusterCidr { get; }

    public int NodeMaskSize { get; }

    /// <summary>How many node subnets the cluster CIDR holds.</summary>
    public int Capacity => _used.Length;

    public int Used { get; private set; }

    /// <summary>The first free subnet at or after the cursor; false when every one is used.</summary>
    public bool TryAllocate(out IPNetwork cidr)
    {
        for (var i = 0; i < _used.Length; i++)
        {
            var index = (_next + i) % _used.Length;
            if (_used[index]) continue;
            _used[index] = true;
            Used++;
            _next = (index + 1) % _used.Length;
            cidr = SubnetAt(index);
            return true;
        }

        cidr = default;
        return false;
    }

    /// <summary>Marks the node subnets <paramref name="cidr"/> overlaps as used (a CIDR of any size; a Node's podCIDR is one subnet).</summary>
    public OccupyResult Occupy(IPNetwork cidr)
    {
        if (Range(cidr) is not var (first, last)) return OccupyResult.OutOfRange;
        for (var i = first; i <= last; i++)
        {
            if (_used[i]) continue;
            _used[i] = true;
            Used++;
        }
        return OccupyResult.Occupied;
    }

    /// <summary>Frees the node subnets <paramref name="cidr"/> overlaps; a CIDR outside the range is ignored.</summary>
    public void Release(IPNetwork cidr)
    {
        if (Range(cidr) is not var (first, last)) return;
        for (var i = first; i <= last; i++)
        {
            if (!_used[i]) continue;
            _used[i] = false;
            Used--;
        }
    }

    public bool IsUsed(IPNetwork cidr) => Range(cidr) is var (first, last) && Enumerable.Range(first, last - first + 1).Any(i => _used[i]);

    /// <summary>The indices of the node subnets overlapping <paramref name="cidr"/>, or null when none does.</summary>
    private (int First, int Last)? Range(IPNetwork cidr)
    {
        if (cidr.BaseAddress.AddressFamily != AddressFamily.InterNetwork) return null;
        var start = ToNumber(cidr.BaseAddress);
        var end = start | HostBits(cidr.PrefixLength);
        var clusterEnd = _base | HostBits(ClusterCidr.PrefixLength);
        if (end < _base || start > clusterEnd) return null;
        start = Math.Max(start, _base);
        end = Math.Min(end, clusterEnd);
        var shift = 32 - NodeMaskSize;
        return ((int)((start - _base) >> shift), (int)((end - _base) >> shift));
    }

    private IPNetwork SubnetAt(int index)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, _base + ((uint)index << (32 - NodeMaskSize)));
        return new IPNetwork(new IPAddress(bytes), NodeMaskSize);
    }

    private static uint HostBits(int prefix) => prefix == 0 ? uint.MaxValue : (1u << (32 - prefix)) - 1;

    private static uint ToNumber(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }
}
