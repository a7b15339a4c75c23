using Cluster.Kubelet.Proxy;

namespace Cluster.Kubelet.Tests.Proxy;

/// <summary>Small builders of service ports and endpoints for the proxy's tests.</summary>
internal static class ProxyFixtures
{
    public const string Node = "node-a";

    public static ProxyEndpoint Ready(string ip, string node = Node, int port = 8080) => new(ip, port, node, true, true, false);

    public static ProxyEndpoint NotReady(string ip, string node = Node, int port = 8080) => new(ip, port, node, false, false, false);

    public static ProxyEndpoint Terminating(string ip, string node = Node, int port = 8080) => new(ip, port, node, false, true, true);

    public static ProxyServicePort Port(string name, string clusterIp, params ProxyEndpoint[] endpoints) => new()
    {
        Name = new ServicePortName("default", name, "http", "tcp"),
        ClusterIp = clusterIp,
        Port = 80,
        Endpoints = endpoints,
    };

    /// <summary>The lines of one chain's rules.</summary>
    public static string[] Lines(string rules) => rules.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
