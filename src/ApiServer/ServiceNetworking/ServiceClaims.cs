using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Cluster.ApiServer.Storage;
using Cluster.ApiServer.Strategies.Shared;

namespace Cluster.ApiServer.ServiceNetworking;

/// <summary>
/// The claim keys of a Service: one per cluster IP (<c>/registry/ranges/serviceips/&lt;ip&gt;</c>) and one per node port,
/// health check port included (<c>/registry/ranges/servicenodeports/&lt;port&gt;</c>). A port number two ports of the
/// service share (TCP and UDP, say) is one claim.
/// </summary>
public sealed class ServiceClaims : IKeyClaims
{
    public const string IpPrefix = "/registry/ranges/serviceips/";
    public const string NodePortPrefix = "/registry/ranges/servicenodeports/";

    public static string IpKey(IPAddress ip) => IpPrefix + ip;

    public static string NodePortKey(long port) => NodePortPrefix + port.ToString(CultureInfo.InvariantCulture);

    public IReadOnlySet<string> Of(JsonObject obj)
    {
        var spec = Node.Obj(obj, "spec");
        var keys = new HashSet<string>(StringComparer.Ordinal);
        if (spec is null) return keys;
        foreach (var ip in ClusterIps(spec)) keys.Add(IpKey(ip));
        foreach (var port in NodePorts(spec)) keys.Add(NodePortKey(port));
        return keys;
    }

    /// <summary>The service's cluster IPs that are addresses (not empty, not "None").</summary>
    public static IEnumerable<IPAddress> ClusterIps(JsonObject spec)
    {
        var ips = Node.Arr(spec, "clusterIPs") is { Count: > 0 } list ? Node.Strings(list) : [Node.S(spec, "clusterIP")];
        foreach (var ip in ips)
        {
            if (Formats.ParseIp(ip) is { } address) yield return address;
        }
    }

    /// <summary>The node ports (and health check node port) the service holds; zero means none.</summary>
    public static IEnumerable<long> NodePorts(JsonObject spec)
    {
        foreach (var (port, _) in Node.Objects(Node.Arr(spec, "ports")))
        {
            if (Node.Int(port, "nodePort") is { } nodePort and > 0) yield return nodePort;
        }

        if (Node.Int(spec, "healthCheckNodePort") is { } health and > 0) yield return health;
    }
}
