namespace Cluster.Kubelet.Network;

/// <summary>Every pod address of the node's pod CIDR is held by a sandbox.</summary>
public sealed class PodAddressesExhaustedException(Ipv4Cidr range, int count)
    : Exception($"no free pod address in {range}: all {count} addresses are allocated");
