using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Controllers.Common;

namespace Cluster.Controllers.Endpoints;

/// <summary>A Service's Endpoints from its pods, as upstream's endpoints controller computes them.</summary>
public static class EndpointsRules
{
    public const string HeadlessLabel = "service.kubernetes.io/headless";

    public static bool IsHeadless(Service service) => service.Spec?.ClusterIP == "None";

    /// <summary>
    /// The subsets: each pod's address (ready, or not ready unless published anyway) for every port it serves, packed
    /// like upstream's RepackSubsets: ports reached on the same addresses share a subset; addresses sorted by IP, ports
    /// by name and number.
    /// </summary>
    public static List<EndpointSubset> Subsets(Service service, IEnumerable<Pod> pods)
    {
        var publishNotReady = service.Spec?.PublishNotReadyAddresses == true;
        var ports = service.Spec?.Ports ?? [];
        var byPort = new Dictionary<(string? Name, int Port, string Protocol, string? AppProtocol), Dictionary<string, (EndpointAddress Address, bool Ready)>>();
        var portless = new Dictionary<string, (EndpointAddress Address, bool Ready)>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            if (!EndpointPods.Belongs(pod, includeTerminating: publishNotReady)) continue;
            var address = Address(service, pod);
            var ready = publishNotReady || PodConditions.IsReady(pod);
            if (ports.Count == 0)
            {
                if (IsHeadless(service)) portless[address.Ip!] = (address, ready);
                continue;
            }
            foreach (var port in ports)
            {
                if (EndpointPods.TargetPort(port, pod) is not { } number) continue;
                var key = (port.Name, number, port.Protocol ?? "TCP", port.AppProtocol);
                if (!byPort.TryGetValue(key, out var addresses)) byPort[key] = addresses = new(StringComparer.Ordinal);
                addresses[address.Ip!] = (address, ready);
            }
        }

        var subsets = new List<EndpointSubset>();
        if (portless.Count > 0) subsets.Add(Subset(portless.Values, []));
        foreach (var group in byPort.GroupBy(kv => string.Join(";", kv.Value.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}:{a.Value.Ready}")), StringComparer.Ordinal))
        {
            var endpointPorts = group
                .Select(kv => new EndpointPort { Name = kv.Key.Name, Port = kv.Key.Port, Protocol = kv.Key.Protocol, AppProtocol = kv.Key.AppProtocol })
                .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Port).ToList();
            subsets.Add(Subset(group.First().Value.Values, endpointPorts));
        }
        return [.. subsets.OrderBy(FirstIp, StringComparer.Ordinal)];
    }

    private static string? FirstIp(EndpointSubset s) => s.Addresses is { Count: > 0 } ready ? ready[0].Ip : s.NotReadyAddresses is { Count: > 0 } notReady ? notReady[0].Ip : null;

    private static EndpointSubset Subset(IEnumerable<(EndpointAddress Address, bool Ready)> addresses, List<EndpointPort> ports)
    {
        var all = addresses.OrderBy(a => a.Address.Ip, StringComparer.Ordinal).ToList();
        var ready = all.Where(a => a.Ready).Select(a => a.Address).ToList();
        var notReady = all.Where(a => !a.Ready).Select(a => a.Address).ToList();
        return new EndpointSubset
        {
            Addresses = ready.Count == 0 ? null : ready,
            NotReadyAddresses = notReady.Count == 0 ? null : notReady,
            Ports = ports.Count == 0 ? null : ports,
        };
    }

    private static EndpointAddress Address(Service service, Pod pod) => new()
    {
        Ip = EndpointPods.Ips(pod).First(),
        NodeName = pod.Spec?.NodeName is { Length: > 0 } node ? node : null,
        Hostname = EndpointPods.Hostname(service, pod),
        TargetRef = new ObjectReference { Kind = "Pod", Namespace = pod.Metadata?.Namespace, Name = pod.Metadata?.Name, Uid = pod.Metadata?.Uid },
    };

    /// <summary>The Endpoints object: the service's name and labels (plus the headless label), these subsets.</summary>
    public static Api.Core.V1.Endpoints Desired(Service service, List<EndpointSubset> subsets)
    {
        var labels = new Dictionary<string, string>(service.Metadata?.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        if (IsHeadless(service)) labels[HeadlessLabel] = "";
        return new Api.Core.V1.Endpoints
        {
            Metadata = new ObjectMeta { Name = service.Metadata!.Name, Namespace = service.Metadata.Namespace, Labels = labels.Count == 0 ? null : labels },
            Subsets = subsets.Count == 0 ? null : subsets,
        };
    }

    /// <summary>Whether the existing Endpoints already say this (subsets and labels).</summary>
    public static bool Same(Api.Core.V1.Endpoints existing, Api.Core.V1.Endpoints desired) =>
        Json(existing.Subsets) == Json(desired.Subsets)
        && (existing.Metadata?.Labels ?? new Dictionary<string, string>()).OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .SequenceEqual((desired.Metadata?.Labels ?? new Dictionary<string, string>()).OrderBy(kv => kv.Key, StringComparer.Ordinal));

    private static string Json(IReadOnlyList<EndpointSubset>? subsets) =>
        string.Join("|", (subsets ?? []).Select(s => System.Text.Json.JsonSerializer.Serialize(s, Api.Serialization.ApiJsonContext.Default.CoreV1EndpointSubset)));
}
