namespace Cluster.Kubelet.Proxy;

/// <summary>
/// One address an EndpointSlice offers for a service port, with its conditions as kube-proxy reads them: ready (absent
/// means ready), serving (absent means as ready), terminating (absent means not).
/// </summary>
public sealed record ProxyEndpoint(string Ip, int Port, string? NodeName, bool Ready, bool Serving, bool Terminating)
{
    public override string ToString() => $"{Ip}:{Port}";
}
