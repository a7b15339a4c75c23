using System.Text.Json.Nodes;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Services;

/// <summary>The service REST layer's update preparation (patchAllocatedValues and dropTypeDependentFields, v1.32).</summary>
internal static class ServiceUpdates
{
    public static void PatchAllocatedValues(JsonObject spec, JsonObject oldSpec)
    {
        if (NeedsClusterIp(oldSpec) && NeedsClusterIp(spec))
        {
            if (Node.S(spec, "clusterIP").Length == 0 && oldSpec["clusterIP"] is { } ip)
            {
                spec["clusterIP"] = ip.DeepClone();
            }

            if (Node.Count(spec["clusterIPs"]) == 0 && Node.Count(oldSpec["clusterIPs"]) > 0)
            {
                spec["clusterIPs"] = oldSpec["clusterIPs"]!.DeepClone();
            }
        }

        if (NeedsNodePort(oldSpec) && NeedsNodePort(spec))
        {
            var used = NodePorts(oldSpec).Intersect(NodePorts(spec)).ToHashSet();
            var byName = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var (port, _) in Node.Objects(Node.Arr(oldSpec, "ports")))
            {
                byName[Node.S(port, "name")] = Node.Int(port, "nodePort") ?? 0;
            }

            foreach (var (port, _) in Node.Objects(Node.Arr(spec, "ports")))
            {
                if ((Node.Int(port, "nodePort") ?? 0) == 0 && byName.TryGetValue(Node.S(port, "name"), out var old)
                    && old != 0 && !used.Contains(old))
                {
                    port["nodePort"] = old;
                }
            }
        }

        if (NeedsHealthCheckPort(oldSpec) && NeedsHealthCheckPort(spec) && (Node.Int(spec, "healthCheckNodePort") ?? 0) == 0
            && oldSpec["healthCheckNodePort"] is { } hc)
        {
            spec["healthCheckNodePort"] = hc.DeepClone();
        }
    }

    public static void DropTypeDependentFields(JsonObject spec, JsonObject oldSpec)
    {
        if (NeedsClusterIp(oldSpec) && !NeedsClusterIp(spec))
        {
            DropIfSame(spec, oldSpec, "clusterIP", "clusterIPs");
            DropIfSame(spec, oldSpec, "ipFamilies");
            DropIfSame(spec, oldSpec, "ipFamilyPolicy");
        }

        if (NeedsNodePort(oldSpec) && !NeedsNodePort(spec) && NodePorts(spec).SequenceEqual(NodePorts(oldSpec)))
        {
            foreach (var (port, _) in Node.Objects(Node.Arr(spec, "ports")))
            {
                port.Remove("nodePort");
            }
        }

        if (NeedsHealthCheckPort(oldSpec) && !NeedsHealthCheckPort(spec))
        {
            spec.Remove("healthCheckNodePort");
        }

        if (Node.S(oldSpec, "type") == "LoadBalancer" && Node.S(spec, "type") != "LoadBalancer")
        {
            DropIfSame(spec, oldSpec, "allocateLoadBalancerNodePorts");
            DropIfSame(spec, oldSpec, "loadBalancerClass");
        }

        if (!ServiceDefaults.IsExternallyAccessible(spec))
        {
            DropIfSame(spec, oldSpec, "externalTrafficPolicy");
        }

        if (Node.S(spec, "type") == "ExternalName")
        {
            DropIfSame(spec, oldSpec, "internalTrafficPolicy");
        }
    }

    private static void DropIfSame(JsonObject spec, JsonObject oldSpec, params string[] fields)
    {
        if (fields.All(f => Semantic.Equal(spec[f], oldSpec[f])))
        {
            foreach (var f in fields)
            {
                spec.Remove(f);
            }
        }
    }

    private static bool NeedsClusterIp(JsonObject spec) => Node.S(spec, "type") != "ExternalName";

    private static bool NeedsNodePort(JsonObject spec) => Node.S(spec, "type") switch
    {
        "NodePort" => true,
        "LoadBalancer" => Node.Bool(spec, "allocateLoadBalancerNodePorts") != false,
        _ => false,
    };

    private static bool NeedsHealthCheckPort(JsonObject spec) =>
        Node.S(spec, "type") == "LoadBalancer" && Node.S(spec, "externalTrafficPolicy") == "Local";

    private static List<long> NodePorts(JsonObject spec) =>
        Node.Objects(Node.Arr(spec, "ports")).Select(p => Node.Int(p.Item, "nodePort") ?? 0).Where(n => n != 0).ToList();
}
