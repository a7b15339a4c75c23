using Cluster.Kubelet.Network;

namespace Cluster.Kubelet.Proxy;

/// <summary>Settings of <see cref="ServiceProxy"/>. Defaults are kube-proxy's iptables mode on a k3s-like node.</summary>
public sealed record ServiceProxyOptions
{
    public const string DefaultClusterCidr = Network.BridgeNetworkOptions.DefaultClusterCidr;

    public const string DefaultChainPrefix = "CLUSTER-SVC";

    /// <summary>This node: endpoints whose nodeName is this one are "local" for the Local traffic policies.</summary>
    public required string NodeName { get; init; }

    /// <summary>The pods' address range: service traffic from outside it is masqueraded (kube-proxy's --cluster-cidr).</summary>
    public string ClusterCidr { get; init; } = DefaultClusterCidr;

    /// <summary>The prefix of our chains (A-Z, 0-9, '-'; at most <see cref="ProxyChainNames.MaxPrefixLength"/>).</summary>
    public string ChainPrefix { get; init; } = DefaultChainPrefix;

    /// <summary>The packet-mark bit that asks for masquerading (bit 14 = 0x4000, as kube-proxy).</summary>
    public int MasqueradeMarkBit { get; init; } = 14;

    /// <summary>Changes are coalesced: two syncs start at least this far apart (kube-proxy's --iptables-min-sync-period).</summary>
    public TimeSpan MinSyncInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often every chain is written again, whatever changed (kube-proxy's --iptables-sync-period).</summary>
    public TimeSpan FullSyncInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Full syncs are also spaced by this many times the last one's cost: at 200, a table whose full sync takes seconds
    /// (10,000 services) is rewritten every ~17 minutes, so changes wait behind full syncs under 0.5% of the time.
    /// </summary>
    public int FullSyncCostFactor { get; init; } = 200;

    /// <summary>
    /// The most lines one iptables-restore run gets while our chains are not yet reachable from the built-in ones (the
    /// first sync); four times as many afterwards. iptables-nft's restore slows quadratically with the number of chains
    /// one run names, so a large sync is split into runs of whole shards.
    /// </summary>
    public int MaxLinesPerRestore { get; init; } = 6000;

    /// <summary>Runs iptables inside this named network namespace (<c>ip netns exec</c>) instead of the agent's own; for tests.</summary>
    public string? NetworkNamespace { get; init; }

    /// <summary>The options of a node agent: chains named after its bridge, like the pod network's.</summary>
    public static ServiceProxyOptions For(KubeletOptions kubelet) => new()
    {
        NodeName = kubelet.NodeName,
        ClusterCidr = kubelet.ClusterCidr,
        ChainPrefix = ChainPrefixFor(kubelet.BridgeName),
    };

    /// <summary>
    /// CLUSTER-SVC for the default bridge; for another, a prefix from its name (CS-&lt;NAME&gt;), so agents with their own
    /// bridges in one network namespace keep their service rules apart.
    /// </summary>
    public static string ChainPrefixFor(string bridgeName)
    {
        if (bridgeName == BridgeNetworkOptions.DefaultBridgeName) return DefaultChainPrefix;
        var name = new string(bridgeName.ToUpperInvariant().Select(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) ? c : '-').ToArray());
        return ("CS-" + name)[..Math.Min(ProxyChainNames.MaxPrefixLength, 3 + name.Length)];
    }

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(NodeName)) throw new ArgumentException("the node name must not be empty");
        if (!Ipv4Cidr.TryParse(ClusterCidr, out _, out var error)) throw new ArgumentException($"cluster CIDR: {error}");
        _ = new ProxyChainNames(ChainPrefix);
        if (MasqueradeMarkBit is < 0 or > 31) throw new ArgumentException("the masquerade mark bit is 0..31");
        if (MinSyncInterval < TimeSpan.Zero || FullSyncInterval <= MinSyncInterval)
            throw new ArgumentException("the sync intervals must be positive and the full one longer than the minimum");
        if (FullSyncCostFactor < 0) throw new ArgumentException("the full sync cost factor must not be negative");
        if (MaxLinesPerRestore < 100) throw new ArgumentException("an iptables-restore run must take at least 100 lines");
    }
}
