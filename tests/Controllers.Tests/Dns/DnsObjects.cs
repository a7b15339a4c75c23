using Cluster.Api.Core.V1;
using Cluster.Api.Discovery.V1;
using Cluster.Api.Meta.V1;
using EndpointPort = Cluster.Api.Discovery.V1.EndpointPort;

namespace Cluster.Controllers.Tests.Dns;

/// <summary>Services and EndpointSlices for the DNS tests.</summary>
internal static class DnsObjects
{
    public static Service ClusterIp(string name, string ns, params string[] clusterIps) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns },
        Spec = new ServiceSpec
        {
            ClusterIP = clusterIps[0],
            ClusterIPs = clusterIps,
            Ports = [new ServicePort { Name = "http", Port = 80, Protocol = "TCP" }, new ServicePort { Name = "dns", Port = 53, Protocol = "UDP" }],
        },
    };

    public static Service Headless(string name, string ns) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns },
        Spec = new ServiceSpec { ClusterIP = "None", ClusterIPs = ["None"], Ports = [new ServicePort { Name = "http", Port = 80 }] },
    };

    public static Service ExternalName(string name, string ns, string target) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns },
        Spec = new ServiceSpec { Type = "ExternalName", ExternalName = target },
    };

    public static Endpoint Endpoint(string ip, string? hostname = null, bool? ready = true) =>
        new() { Addresses = [ip], Hostname = hostname, Conditions = new EndpointConditions { Ready = ready } };

    public static EndpointSlice Slice(string service, string ns, string addressType, params Endpoint[] endpoints) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = service + "-" + addressType.ToLowerInvariant(),
            Namespace = ns,
            Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = service },
        },
        AddressType = addressType,
        Endpoints = endpoints,
        Ports = [new EndpointPort { Name = "http", Port = 8080, Protocol = "TCP" }],
    };
}
