using Cluster.Api.Core.V1;
using Cluster.Api.Discovery.V1;
using System.Net;
using System.Net.Sockets;

namespace Cluster.Kubelet.Proxy;

/// <summary>
/// Reads a Service and its EndpointSlices into the ports the proxy programs. Headless services (clusterIP None),
/// ExternalName services and services without an IPv4 cluster IP have none, as kube-proxy.
/// </summary>
public static class ProxyServicePorts
{
    /// <summary>The label EndpointSlices carry naming their service.</summary>
    public const string ServiceNameLabel = "kubernetes.io/service-name";

    /// <summary>A Service with this label is left to the proxy it names, as kube-proxy does.</summary>
    public const string ServiceProxyNameLabel = "service.kubernetes.io/service-proxy-name";

    public static IReadOnlyList<ProxyServicePort> From(Service? service, IEnumerable<EndpointSlice> slices)
    {
        if (service?.Spec is not { } spec || service.Metadata is not { Name: { } name } meta) return [];
        if (spec.Type == "ExternalName" || !IsIpv4(spec.ClusterIP)) return [];
        if (meta.Labels?.ContainsKey(ServiceProxyNameLabel) == true) return [];        // served by another proxy
        var external = spec.Type is "NodePort" or "LoadBalancer";
        int? affinity = spec.SessionAffinity == "ClientIP" ? spec.SessionAffinityConfig?.ClientIP?.TimeoutSeconds ?? 10800 : null;
        var sliceList = slices.Where(s => s.AddressType is null or "IPv4").ToList();
        var ports = new List<ProxyServicePort>();
        foreach (var port in spec.Ports ?? [])
        {
            if (port.Port is not { } number || !IsPort(number)) continue;
            var protocol = (port.Protocol ?? "TCP").ToLowerInvariant();
            if (protocol is not ("tcp" or "udp" or "sctp")) continue;
            ports.Add(new ProxyServicePort
            {
                Name = new ServicePortName(meta.Namespace ?? "", name, port.Name ?? "", protocol),
                ClusterIp = spec.ClusterIP!,
                Port = number,
                NodePort = external && port.NodePort is { } nodePort && IsPort(nodePort) ? nodePort : null,
                AffinitySeconds = affinity,
                InternalLocal = spec.InternalTrafficPolicy == "Local",
                ExternalLocal = external && spec.ExternalTrafficPolicy == "Local",
                Endpoints = EndpointsOf(sliceList, port.Name ?? "", protocol),
            });
        }
        return ports;
    }

    /// <summary>The endpoints of the slices' port named <paramref name="portName"/>, one per address.</summary>
    private static IReadOnlyList<ProxyEndpoint> EndpointsOf(List<EndpointSlice> slices, string portName, string protocol)
    {
        var endpoints = new List<ProxyEndpoint>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var slice in slices)
        {
            var port = slice.Ports?.FirstOrDefault(p => (p.Name ?? "") == portName && (p.Protocol ?? "TCP").Equals(protocol, StringComparison.OrdinalIgnoreCase));
            // The API does not bound a slice's port numbers: one iptables refuses would fail every sync after it.
            if (port?.Port is not { } number || !IsPort(number)) continue;
            foreach (var endpoint in slice.Endpoints ?? [])
            {
                if (endpoint.Addresses is not [var address, ..] || !IsIpv4(address) || !seen.Add(address)) continue;
                var ready = endpoint.Conditions?.Ready ?? true;
                endpoints.Add(new ProxyEndpoint(address, number, endpoint.NodeName, ready, endpoint.Conditions?.Serving ?? ready, endpoint.Conditions?.Terminating ?? false));
            }
        }
        endpoints.Sort((a, b) => string.CompareOrdinal(a.Ip, b.Ip));
        return endpoints;
    }

    private static bool IsPort(int number) => number is >= 1 and <= 65535;

    private static bool IsIpv4(string? address) =>
        IPAddress.TryParse(address, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork && address!.Count(c => c == '.') == 3;
}
