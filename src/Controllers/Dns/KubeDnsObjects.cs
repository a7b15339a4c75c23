using System.Net;
using System.Net.Sockets;
using Cluster.Api.Core.V1;
using Cluster.Api.Discovery.V1;
using Cluster.Api.Meta.V1;
using Cluster.Controllers.EndpointSlices;
using EndpointPort = Cluster.Api.Discovery.V1.EndpointPort;

namespace Cluster.Controllers.Dns;

/// <summary>
/// The objects that make cluster DNS reachable at its ClusterIP: the selectorless Service <c>kube-system/kube-dns</c>
/// (labelled as CoreDNS's is, ports dns 53/UDP and dns-tcp 53/TCP) and, per server, an EndpointSlice
/// <c>kube-dns-&lt;node&gt;</c> whose one endpoint is where that server's DNS listens. A slice per server lets several
/// servers on one etcd each serve DNS, and lets a restarted server move its own endpoint only.
/// </summary>
public static class KubeDnsObjects
{
    public const string Namespace = "kube-system";
    public const string ServiceName = "kube-dns";
    public const string DefaultServiceIp = "10.96.0.10";
    public const string FieldManager = "cluster-dns";

    /// <summary>The endpointslice.kubernetes.io/managed-by value of our slices (the EndpointSlice controller leaves them alone).</summary>
    public const string ManagedBy = "cluster-dns.cluster.local";

    private static Dictionary<string, string> ServiceLabels() => new(StringComparer.Ordinal)
    {
        ["k8s-app"] = "kube-dns",
        ["kubernetes.io/name"] = "CoreDNS",
        ["kubernetes.io/cluster-service"] = "true",
    };

    public static string SliceName(string nodeName) => $"{ServiceName}-{nodeName}";

    /// <summary>The Service; its targetPort is 53 whatever port each server listens on: the slices carry the real ports (a selectorless Service's proxy reads those).</summary>
    public static Service Service(string clusterIp) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = new ObjectMeta { Name = ServiceName, Namespace = Namespace, Labels = ServiceLabels() },
        Spec = new ServiceSpec
        {
            Type = "ClusterIP",
            ClusterIP = clusterIp,
            ClusterIPs = [clusterIp],
            Ports =
            [
                new ServicePort { Name = "dns", Port = 53, Protocol = "UDP", TargetPort = 53 },
                new ServicePort { Name = "dns-tcp", Port = 53, Protocol = "TCP", TargetPort = 53 },
            ],
        },
    };

    public static EndpointSlice Slice(string nodeName, IPEndPoint dns, Service owner) => new()
    {
        ApiVersion = "discovery.k8s.io/v1",
        Kind = "EndpointSlice",
        Metadata = new ObjectMeta
        {
            Name = SliceName(nodeName),
            Namespace = Namespace,
            Labels = new Dictionary<string, string>(ServiceLabels(), StringComparer.Ordinal)
            {
                [EndpointSliceRules.ServiceNameLabel] = ServiceName,
                [EndpointSliceRules.ManagedByLabel] = ManagedBy,
            },
            OwnerReferences = owner.Metadata?.Uid is { Length: > 0 } ? [Runtime.Ownership.OwnerReferences.ControllerReference(owner)] : null,
        },
        AddressType = dns.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4",
        Endpoints =
        [
            new Endpoint
            {
                Addresses = [dns.Address.ToString()],
                Conditions = new EndpointConditions { Ready = true, Serving = true, Terminating = false },
                NodeName = nodeName,
            },
        ],
        Ports =
        [
            new EndpointPort { Name = "dns", Port = dns.Port, Protocol = "UDP" },
            new EndpointPort { Name = "dns-tcp", Port = dns.Port, Protocol = "TCP" },
        ],
    };

    /// <summary>Whether <paramref name="actual"/> already says what <paramref name="desired"/> says (other fields may differ).</summary>
    public static bool Satisfies(Service? actual, Service desired) =>
        actual?.Spec is { } spec
        && actual.Metadata?.DeletionTimestamp is null
        && HasLabels(actual.Metadata?.Labels, desired.Metadata!.Labels!)
        && spec.ClusterIP == desired.Spec!.ClusterIP
        && spec.Selector is not { Count: > 0 }
        && PortsKey(spec.Ports) == PortsKey(desired.Spec.Ports);

    public static bool Satisfies(EndpointSlice? actual, EndpointSlice desired) =>
        actual is not null
        && actual.Metadata?.DeletionTimestamp is null
        && HasLabels(actual.Metadata?.Labels, desired.Metadata!.Labels!)
        && actual.AddressType == desired.AddressType
        && actual.Endpoints is [var endpoint] && EndpointSliceRules.SameEndpoint(endpoint, desired.Endpoints![0])
        && EndpointSliceRules.PortsKey(actual.AddressType ?? "", actual.Ports) == EndpointSliceRules.PortsKey(desired.AddressType ?? "", desired.Ports);

    private static bool HasLabels(IReadOnlyDictionary<string, string>? actual, IReadOnlyDictionary<string, string> desired) =>
        desired.All(kv => actual?.GetValueOrDefault(kv.Key) == kv.Value);

    private static string PortsKey(IReadOnlyList<ServicePort>? ports) =>
        string.Join(";", (ports ?? []).Select(p => $"{p.Name}/{p.Port}/{p.Protocol ?? "TCP"}/{p.TargetPort}").Order(StringComparer.Ordinal));
}
