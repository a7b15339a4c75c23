using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Net;
using Cluster.Controllers.Dns;
using Cluster.Kubelet.Nodes;
using Cluster.Kubelet.Pods;

namespace Cluster.Cli.Commands;

/// <summary>The cluster DNS flags: <c>--cluster-dns</c> and <c>--cluster-domain</c> (server and agent), <c>--disable-dns</c> and <c>--dns-port</c> (server).</summary>
internal static class DnsCommandOptions
{
    /// <summary>upstream kubelet's <c>--cluster-dns</c>: comma-separated IPs; on the server, the first is the kube-dns ClusterIP.</summary>
    public static Option<string[]> ClusterDnsOption() => new("--cluster-dns")
    {
        Description = $"Comma-separated cluster DNS IPs given to pods as their nameservers; the server also makes the first the kube-dns Service's ClusterIP (default: {PodDnsSettings.DefaultClusterDns})",
        DefaultValueFactory = _ => [PodDnsSettings.DefaultClusterDns],
        CustomParser = ParseAddresses,
    };

    public static Option<string> ClusterDomainOption() => new("--cluster-domain")
    {
        Description = $"The cluster's DNS domain (default: {PodDnsSettings.DefaultClusterDomain})",
        DefaultValueFactory = _ => PodDnsSettings.DefaultClusterDomain,
    };

    public static Option<bool> DisableDnsOption() => new("--disable-dns")
    {
        Description = "Do not run cluster DNS in this process (nor keep the kube-dns Service pointing at it)",
    };

    public static Option<int> DnsPortOption() => new("--dns-port")
    {
        Description = "Port cluster DNS serves on (UDP and TCP) at the node IP; 0 picks a free one (default: 53)",
        DefaultValueFactory = _ => 53,
        Validators = { r => { if (r.GetValueOrDefault<int>() is < 0 or > 65535) r.AddError("--dns-port must be between 0 and 65535"); } },
    };

    public static PodDnsSettings PodSettings(string[] clusterDns, string clusterDomain) =>
        new() { ClusterDns = clusterDns, ClusterDomain = clusterDomain.Trim('.') };

    /// <summary>
    /// Cluster DNS on the node IP (not 0.0.0.0: a local stub resolver such as systemd-resolved holds 127.0.0.53:53, and
    /// Linux refuses a wildcard bind of a port that a specific address holds), where pods reach it over their bridge.
    /// </summary>
    public static ClusterDnsOptions Server(string? nodeIp, string nodeName, int port, string[] clusterDns, string clusterDomain) => new()
    {
        Listen = new IPEndPoint(IPAddress.TryParse(nodeIp ?? NodeAddresses.DetectInternalIp(), out var ip) ? ip : throw new ArgumentException($"--node-ip {nodeIp} is not an IP address"), port),
        NodeName = nodeName,
        ServiceIp = clusterDns[0],
        ClusterDomain = clusterDomain.Trim('.'),
    };

    private static string[] ParseAddresses(ArgumentResult result)
    {
        var values = result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
        if (values.Length == 0) result.AddError("--cluster-dns needs at least one IP address");
        foreach (var value in values.Where(v => !IPAddress.TryParse(v, out _)))
            result.AddError(string.Create(CultureInfo.InvariantCulture, $"--cluster-dns: '{value}' is not an IP address"));
        return values;
    }
}
