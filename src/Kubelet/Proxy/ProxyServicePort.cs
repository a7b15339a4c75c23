namespace Cluster.Kubelet.Proxy;

/// <summary>
/// What the proxy programs for one service port: its cluster IP, port and protocol (tcp, udp or sctp), the NodePort
/// (null when none), ClientIP affinity (null when none, else its timeout), the Local traffic policies, and every
/// endpoint the service's EndpointSlices offer for the port (ready or not; the rules pick).
/// </summary>
public sealed record ProxyServicePort
{
    public required ServicePortName Name { get; init; }

    public required string ClusterIp { get; init; }

    public required int Port { get; init; }

    public string Protocol => Name.Protocol;

    public int? NodePort { get; init; }

    public int? AffinitySeconds { get; init; }

    /// <summary>internalTrafficPolicy: Local — cluster IP traffic goes only to endpoints on this node.</summary>
    public bool InternalLocal { get; init; }

    /// <summary>externalTrafficPolicy: Local — NodePort traffic goes only to endpoints on this node, unmasqueraded.</summary>
    public bool ExternalLocal { get; init; }

    public IReadOnlyList<ProxyEndpoint> Endpoints { get; init; } = [];
}
