namespace Cluster.Kubelet.Network;

/// <summary>Settings of <see cref="BridgeNetwork"/>. Defaults are a k3s-like single node: cluster0 on 10.42.0.0/24.</summary>
public sealed record BridgeNetworkOptions
{
    public const string DefaultPodCidr = "10.42.0.0/24";

    public const string DefaultBridgeName = "cluster0";

    public const string DefaultClusterCidr = "10.244.0.0/16";

    /// <summary>The bridge in the node's namespace (at most 15 characters).</summary>
    public string BridgeName { get; init; } = DefaultBridgeName;

    /// <summary>The node's pod CIDR (IPv4): its spec.podCIDR when set.</summary>
    public string PodCidr { get; init; } = DefaultPodCidr;

    /// <summary>
    /// The IPv4 range of all pods in the cluster: pod traffic to it (other nodes' pods) keeps its source address; only
    /// traffic leaving it is masqueraded. Null, or a range not holding <see cref="PodCidr"/>: only the pod CIDR is spared.
    /// </summary>
    public string? ClusterCidr { get; init; }

    /// <summary>Where the address allocations (<c>ipam/</c>) and hostPort records (<c>hostports/</c>) live; survives restarts.</summary>
    public required string StateDirectory { get; init; }

    /// <summary>The prefix of our iptables chains (A-Z, 0-9, '-', '_'; at most 16): CLUSTER-POD-POSTROUTING and so on.</summary>
    public string ChainPrefix { get; init; } = "CLUSTER-POD";

    /// <summary>The bridge's and the pods' MTU; by default the MTU of the interface holding the default route (1500 without one).</summary>
    public int? Mtu { get; init; }

    /// <summary>The packet-mark bit that asks for hostPort masquerading (bit 13 = 0x2000, as CNI's portmap; kube-proxy uses bit 14).</summary>
    public int MasqueradeMarkBit { get; init; } = 13;

    /// <summary>
    /// The options of a node agent: <paramref name="nodePodCidr"/> (the Node's spec.podCIDR) wins over the configured one,
    /// and <see cref="DefaultPodCidr"/> is the last resort.
    /// </summary>
    public static BridgeNetworkOptions For(KubeletOptions kubelet, string? nodePodCidr) => new()
    {
        BridgeName = kubelet.BridgeName,
        PodCidr = string.IsNullOrEmpty(nodePodCidr) ? kubelet.PodCidr ?? DefaultPodCidr : nodePodCidr,
        ClusterCidr = kubelet.ClusterCidr,
        StateDirectory = Path.Combine(kubelet.DataDirectory, "network", kubelet.BridgeName),
        ChainPrefix = ChainPrefixFor(kubelet.BridgeName),
    };

    /// <summary>
    /// Our chains for a bridge: CLUSTER-POD for the default one; for another, a prefix from its name, so agents with
    /// their own bridges in one network namespace keep their rules apart.
    /// </summary>
    public static string ChainPrefixFor(string bridgeName)
    {
        if (bridgeName == DefaultBridgeName) return "CLUSTER-POD";
        var name = new string(bridgeName.ToUpperInvariant().Select(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) ? c : '-').ToArray());
        return ("CP-" + name)[..Math.Min(NatRules.MaxPrefixLength, 3 + name.Length)];
    }

    public void Validate()
    {
        ValidateBridgeName(BridgeName);
        if (!Ipv4Cidr.TryParse(PodCidr, out _, out var cidrError)) throw new ArgumentException($"pod CIDR: {cidrError}");
        if (ClusterCidr is not null && !Ipv4Cidr.TryParse(ClusterCidr, out _, out var clusterError)) throw new ArgumentException($"cluster CIDR: {clusterError}");
        _ = new NatRules(ChainPrefix, BridgeName, default, MasqueradeMarkBit);
        if (Mtu is < 576 or > 65535) throw new ArgumentException($"MTU {Mtu} is out of range (576-65535)");
        if (string.IsNullOrWhiteSpace(StateDirectory)) throw new ArgumentException("the network state directory must not be empty");
    }

    /// <summary>A Linux interface name: 1-15 characters, no '/', ':', whitespace, and not "." or "..".</summary>
    public static void ValidateBridgeName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 15 || name is "." or ".."
            || name.Any(c => c is '/' or ':' || char.IsWhiteSpace(c) || char.IsControl(c) || !char.IsAscii(c)))
            throw new ArgumentException($"\"{name}\" is not a valid bridge name (1-15 characters, no '/', ':' or spaces)");
    }
}
