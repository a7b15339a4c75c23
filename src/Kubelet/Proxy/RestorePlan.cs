namespace Cluster.Kubelet.Proxy;

/// <summary>
/// One sync's iptables-restore inputs, to run in order with <c>--noflush</c> (each one is atomic; the order keeps every
/// run valid on its own: leaf chains, then each shard's service chains with its dispatch chain, then the shared chains,
/// then the flushes and deletions of chains nothing refers to any more), and what the kernel holds once all succeeded.
/// </summary>
public sealed record RestorePlan
{
    public required IReadOnlyList<string> Payloads { get; init; }

    public required IReadOnlyList<KeyValuePair<ChainKey, string>> Written { get; init; }

    public required IReadOnlyList<ChainKey> Deleted { get; init; }

    public required bool Full { get; init; }

    public bool IsEmpty => Payloads.Count == 0;
}
