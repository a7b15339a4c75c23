namespace Cluster.Kubelet.Proxy;

/// <summary>One port of one Service, named as kube-proxy names it: <c>namespace/name:port</c> plus the protocol.</summary>
public readonly record struct ServicePortName(string Namespace, string Name, string Port, string Protocol)
{
    /// <summary>Ordinal order by namespace, name, port, protocol: the order of the rules in shared chains.</summary>
    public static IComparer<ServicePortName> Order { get; } = Comparer<ServicePortName>.Create(static (a, b) =>
    {
        var order = string.CompareOrdinal(a.Namespace, b.Namespace);
        if (order == 0) order = string.CompareOrdinal(a.Name, b.Name);
        if (order == 0) order = string.CompareOrdinal(a.Port, b.Port);
        return order != 0 ? order : string.CompareOrdinal(a.Protocol, b.Protocol);
    });

    public override string ToString() => $"{Namespace}/{Name}:{Port}/{Protocol}";
}
