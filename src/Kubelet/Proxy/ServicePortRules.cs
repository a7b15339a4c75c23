namespace Cluster.Kubelet.Proxy;

/// <summary>
/// The rules of one service port: the nat chains of its own (cluster, local, external and endpoint chains, each as
/// iptables-restore <c>-A</c> lines), and its lines in the shared chains — the cluster IP match in its dispatch shard,
/// the NodePort match, and the filter rules that reject traffic with nowhere to go. Null where it has none.
/// </summary>
public sealed record ServicePortRules
{
    public required ServicePortName Name { get; init; }

    /// <summary>The dispatch shard (<see cref="ProxyChainNames.ShardOf"/>): the unit of restore runs its chains go in.</summary>
    public required int Shard { get; init; }

    /// <summary>Chain name → its rules; every chain here lives in the nat table.</summary>
    public required IReadOnlyDictionary<string, string> NatChains { get; init; }

    public string? Dispatch { get; init; }

    public string? NodePort { get; init; }

    public string? Reject { get; init; }

    public string? ExternalReject { get; init; }
}
