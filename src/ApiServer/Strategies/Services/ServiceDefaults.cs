using System.Net.Sockets;
using System.Text.Json.Nodes;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.Strategies.Services;

/// <summary>
/// SetDefaults_Service (v1.32) plus what the service REST layer fills before allocation: clusterIPs kept in
/// step with clusterIP, and ipFamilyPolicy/ipFamilies for a single-stack IPv4 cluster (SingleStack, or
/// RequireDualStack for headless services without a selector). Cluster IPs and node ports are not allocated here.
/// </summary>
internal static class ServiceDefaults
{
    public const int DefaultClientIpTimeoutSeconds = 10800;

    public static void Apply(JsonObject svc)
    {
        var spec = Node.Ensure(svc, "spec");
        Node.DefaultString(spec, "sessionAffinity", "None");
        var affinity = Node.S(spec, "sessionAffinity");
        if (affinity == "None")
        {
            spec.Remove("sessionAffinityConfig");
        }
        else if (affinity == "ClientIP" && Node.Int(Node.Obj(Node.Obj(spec, "sessionAffinityConfig"), "clientIP"), "timeoutSeconds") is null)
        {
            spec["sessionAffinityConfig"] = new JsonObject { ["clientIP"] = new JsonObject { ["timeoutSeconds"] = DefaultClientIpTimeoutSeconds } };
        }

        Node.DefaultString(spec, "type", "ClusterIP");
        var type = Node.S(spec, "type");
        foreach (var (port, _) in Node.Objects(Node.Arr(spec, "ports")))
        {
            Node.DefaultString(port, "protocol", "TCP");
            var target = port["targetPort"];
            if (target is null || Node.AsLong(target) == 0 || Node.AsString(target) is { Length: 0 })
            {
                port["targetPort"] = port["port"]?.DeepClone() ?? 0;
            }
        }

        if (IsExternallyAccessible(spec))
        {
            Node.DefaultString(spec, "externalTrafficPolicy", "Cluster");
        }

        if (type is "NodePort" or "LoadBalancer" or "ClusterIP")
        {
            Node.Default(spec, "internalTrafficPolicy", "Cluster");
        }

        if (type == "LoadBalancer")
        {
            Node.Default(spec, "allocateLoadBalancerNodePorts", true);
            foreach (var (ingress, _) in Node.Objects(Node.Arr(Node.Obj(Node.Obj(svc, "status"), "loadBalancer"), "ingress")))
            {
                if (Node.S(ingress, "ip").Length > 0)
                {
                    Node.Default(ingress, "ipMode", "VIP");
                }
            }
        }

        NormalizeClusterIps(spec);
        if (type != "ExternalName")
        {
            DefaultIpFamilies(spec);
        }
    }

    /// <summary>LoadBalancer, NodePort, or ClusterIP with external IPs (upstream's ExternallyAccessible).</summary>
    public static bool IsExternallyAccessible(JsonObject? spec) => Node.S(spec, "type") switch
    {
        "LoadBalancer" or "NodePort" => true,
        "ClusterIP" => Node.Count(spec?["externalIPs"]) > 0,
        _ => false,
    };

    /// <summary>clusterIPs[0] is "None" (a headless service).</summary>
    public static bool IsHeadless(JsonObject? spec) =>
        Node.Arr(spec, "clusterIPs") is { Count: 1 } ips && Node.AsString(ips[0]) == "None";

    private static void NormalizeClusterIps(JsonObject spec)
    {
        var clusterIp = Node.S(spec, "clusterIP");
        var clusterIps = Node.Arr(spec, "clusterIPs");
        if (clusterIp.Length > 0 && Node.Count(clusterIps) == 0)
        {
            spec["clusterIPs"] = new JsonArray(clusterIp);
        }
        else if (clusterIp.Length == 0 && clusterIps is { Count: > 0 } && Node.AsString(clusterIps[0]) is { Length: > 0 } first)
        {
            spec["clusterIP"] = first;
        }
    }

    private static void DefaultIpFamilies(JsonObject spec)
    {
        if (spec["ipFamilyPolicy"] is null)
        {
            var selectorless = Node.Count(spec["selector"]) == 0;
            spec["ipFamilyPolicy"] = IsHeadless(spec) && selectorless ? "RequireDualStack" : "SingleStack";
        }

        if (Node.Count(spec["ipFamilies"]) == 0)
        {
            var families = new JsonArray();
            foreach (var ip in Node.Strings(Node.Arr(spec, "clusterIPs")))
            {
                if (Formats.ParseIp(ip) is { } address)
                {
                    families.Add(address.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4");
                }
            }

            if (families.Count == 0)
            {
                families.Add("IPv4");
            }

            spec["ipFamilies"] = families;
        }
    }
}
