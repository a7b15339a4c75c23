using System.Net.Sockets;
using System.Text.Json;
using Cluster.Api.Core.V1;
using Cluster.Api.Discovery.V1;
using EndpointPort = Cluster.Api.Discovery.V1.EndpointPort;
using Cluster.Api.Serialization;
using Cluster.Controllers.Common;
using Cluster.Controllers.Endpoints;

namespace Cluster.Controllers.EndpointSlices;

/// <summary>A Service's endpoints as upstream's EndpointSlice controller computes them, grouped by address type and ports.</summary>
public static class EndpointSliceRules
{
    public const string ServiceNameLabel = "kubernetes.io/service-name";
    public const string ManagedByLabel = "endpointslice.kubernetes.io/managed-by";
    public const string ControllerName = "endpointslice-controller.k8s.io";
    public const string ZoneLabel = "topology.kubernetes.io/zone";
    public const int MaxEndpointsPerSlice = 100;

    /// <summary>The address types the service asks for (spec.ipFamilies; IPv4 when unset), primary first.</summary>
    public static IReadOnlyList<string> AddressTypes(Service service) =>
        service.Spec?.IpFamilies is { Count: > 0 } families ? [.. families.Where(f => f is "IPv4" or "IPv6").Distinct(StringComparer.Ordinal)] : ["IPv4"];

    /// <summary>
    /// The groups the service's pods make: every pod that belongs (terminating ones included, with their conditions)
    /// gives one endpoint per address type it has an IP of, under the ports it serves (a named target port the pod
    /// does not declare is left out for that pod).
    /// </summary>
    public static IReadOnlyList<EndpointGroup> Groups(Service service, IEnumerable<Pod> pods, Func<string, Node?> node)
    {
        var groups = new Dictionary<string, (string Type, List<EndpointPort> Ports, Dictionary<string, Endpoint> Endpoints)>(StringComparer.Ordinal);
        var types = AddressTypes(service);
        foreach (var pod in pods)
        {
            if (!EndpointPods.Belongs(pod, includeTerminating: true)) continue;
            var ports = Ports(service, pod);
            foreach (var type in types)
            {
                if (Ip(pod, type) is not { } ip) continue;
                var key = PortsKey(type, ports);
                if (!groups.TryGetValue(key, out var group)) groups[key] = group = (type, ports, new Dictionary<string, Endpoint>(StringComparer.Ordinal));
                group.Endpoints[ip] = Endpoint(service, pod, ip, node);
            }
        }
        return [.. groups.Values.Select(g => new EndpointGroup(g.Type, g.Ports, g.Endpoints))];
    }

    private static List<EndpointPort> Ports(Service service, Pod pod)
    {
        var ports = new List<EndpointPort>();
        foreach (var port in service.Spec?.Ports ?? [])
        {
            if (EndpointPods.TargetPort(port, pod) is not { } number) continue;
            ports.Add(new EndpointPort { Name = port.Name ?? "", Port = number, Protocol = port.Protocol ?? "TCP", AppProtocol = port.AppProtocol });
        }
        return ports;
    }

    private static string? Ip(Pod pod, string addressType)
    {
        var family = addressType == "IPv6" ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        return EndpointPods.Ips(pod).FirstOrDefault(ip => System.Net.IPAddress.TryParse(ip, out var a) && a.AddressFamily == family);
    }

    /// <summary>
    /// Upstream's podToEndpoint: ready only when serving and not terminating (or when the service publishes not-ready
    /// addresses), serving as the pod's Ready condition, the node's zone, the hostname within the service's subdomain.
    /// </summary>
    public static Endpoint Endpoint(Service service, Pod pod, string ip, Func<string, Node?> node)
    {
        var serving = PodConditions.IsReady(pod);
        var terminating = pod.Metadata?.DeletionTimestamp is not null;
        var nodeName = pod.Spec?.NodeName is { Length: > 0 } n ? n : null;
        return new Endpoint
        {
            Addresses = [ip],
            Conditions = new EndpointConditions
            {
                Ready = service.Spec?.PublishNotReadyAddresses == true || (serving && !terminating),
                Serving = serving,
                Terminating = terminating,
            },
            Hostname = EndpointPods.Hostname(service, pod),
            NodeName = nodeName,
            Zone = nodeName is null ? null : node(nodeName)?.Metadata?.Labels?.GetValueOrDefault(ZoneLabel),
            TargetRef = new ObjectReference { Kind = "Pod", Namespace = pod.Metadata?.Namespace, Name = pod.Metadata?.Name, Uid = pod.Metadata?.Uid },
        };
    }

    /// <summary>The labels every slice of the service carries: the service's own, its name, the manager, headlessness.</summary>
    public static Dictionary<string, string> Labels(Service service)
    {
        var labels = new Dictionary<string, string>(service.Metadata?.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        labels.Remove(EndpointsRules.HeadlessLabel);
        labels[ServiceNameLabel] = service.Metadata?.Name ?? "";
        labels[ManagedByLabel] = ControllerName;
        if (EndpointsRules.IsHeadless(service)) labels[EndpointsRules.HeadlessLabel] = "";
        return labels;
    }

    /// <summary>An order-independent key of an address type and port list: slices with equal keys can hold each other's endpoints.</summary>
    public static string PortsKey(string addressType, IEnumerable<EndpointPort>? ports) =>
        addressType + "|" + string.Join(";", (ports ?? [])
            .Select(p => $"{p.Name}/{p.Port}/{p.Protocol ?? "TCP"}/{p.AppProtocol}")
            .Order(StringComparer.Ordinal));

    public static bool SameEndpoint(Endpoint a, Endpoint b) =>
        JsonSerializer.Serialize(a, ApiJsonContext.Default.DiscoveryV1Endpoint) == JsonSerializer.Serialize(b, ApiJsonContext.Default.DiscoveryV1Endpoint);

    public static bool SameLabels(IReadOnlyDictionary<string, string>? a, IReadOnlyDictionary<string, string> b) =>
        (a?.Count ?? 0) == b.Count && b.All(kv => a!.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
