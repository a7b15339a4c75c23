using System.Globalization;
using System.Text;

namespace Cluster.Kubelet.Proxy;

/// <summary>
/// Turns a service port into its iptables rules, as kube-proxy's iptables mode lays them out. Pure and thread-safe.
/// <list type="bullet">
/// <item>Cluster IP: the shard rule <c>-d VIP -p P --dport N</c> jumps to the internal chain: SVC (every usable endpoint) or,
/// for internalTrafficPolicy Local, SVL (this node's). That chain first marks traffic from outside the cluster CIDR for
/// masquerading, then picks an endpoint: with ClientIP affinity a recent endpoint of the client (<c>-m recent --rcheck</c>),
/// else at random, endpoint i of n with probability 1/(n-i), the last unconditionally.</item>
/// <item>Endpoint chain (SEP): marks hairpin traffic (the endpoint reaching itself), records the client for affinity, DNATs.</item>
/// <item>NodePort: a NODEPORTS rule jumps to EXT, which masquerades and goes to SVC; for externalTrafficPolicy Local, EXT keeps
/// the client address and goes to SVL, except for pods and the node itself, which go to SVC (masqueraded when local).</item>
/// <item>Usable endpoints are the ready ones; when none is ready, the serving terminating ones (kube-proxy's fallback).
/// With none, the filter table rejects the cluster IP and the NodePort, so clients fail at once instead of timing out; a
/// Local policy with endpoints only on other nodes drops instead, as upstream.</item>
/// </list>
/// </summary>
public sealed class ServiceRuleWriter(ProxyChainNames names, string clusterCidr, string nodeName)
{
    public ProxyChainNames Names => names;

    public ServicePortRules Write(ProxyServicePort port)
    {
        var name = port.Name;
        var cluster = Usable(port.Endpoints);
        var local = Usable(port.Endpoints.Where(e => e.NodeName == nodeName));
        var hasNodePort = port.NodePort is not null;
        var (clusterChain, localChain) = (names.ClusterChain(name), names.LocalChain(name));
        var internalChain = port.InternalLocal ? localChain : clusterChain;
        var internalEndpoints = port.InternalLocal ? local : cluster;
        var chains = new Dictionary<string, string>(StringComparer.Ordinal);
        var match = $"-p {port.Protocol} -m {port.Protocol} --dport {port.Port}";
        var masquerade = $"! -s {clusterCidr} -d {port.ClusterIp}/32 {match} -j {names.MarkMasquerade}";
        var endpointChains = new Dictionary<ProxyEndpoint, string>();
        string EndpointChain(ProxyEndpoint endpoint) =>
            endpointChains.TryGetValue(endpoint, out var chain) ? chain : endpointChains[endpoint] = names.EndpointChain(name, endpoint.ToString());

        if (!port.InternalLocal || hasNodePort)
            chains[clusterChain] = Balance(clusterChain, !port.InternalLocal ? masquerade : null, cluster, port, EndpointChain);
        if (port.InternalLocal || (hasNodePort && port.ExternalLocal))
            chains[localChain] = Balance(localChain, port.InternalLocal ? masquerade : null, local, port, EndpointChain);
        foreach (var (endpoint, chain) in endpointChains) chains[chain] = Endpoint(chain, endpoint, port);

        string? nodePort = null;
        string? externalReject = null;
        if (port.NodePort is { } number)
        {
            var ext = names.ExternalChain(name);
            chains[ext] = External(ext, clusterChain, localChain, port);
            nodePort = $"-A {names.NodePorts} -p {port.Protocol} -m comment --comment \"{name.Namespace}/{name.Name}:{name.Port}\" -m {port.Protocol} --dport {number} -j {ext}\n";
            if ((port.ExternalLocal ? local : cluster).Count == 0)
            {
                var verdict = port.ExternalLocal && cluster.Count > 0 ? "DROP" : $"REJECT --reject-with {Unreachable}";
                externalReject = $"-A {names.External} -m addrtype --dst-type LOCAL -p {port.Protocol} -m comment --comment \"{name.Namespace}/{name.Name}:{name.Port} has no local endpoints\" -m {port.Protocol} --dport {number} -j {verdict}\n";
            }
        }

        var shard = ProxyChainNames.ShardOf(name);
        return new ServicePortRules
        {
            Name = name,
            Shard = shard,
            NatChains = chains,
            Dispatch = $"-A {names.Shard(shard)} -d {port.ClusterIp}/32 -p {port.Protocol} -m comment --comment \"{name.Namespace}/{name.Name}:{name.Port} cluster IP\" -m {port.Protocol} --dport {port.Port} -j {internalChain}\n",
            NodePort = nodePort,
            Reject = internalEndpoints.Count > 0 ? null
                : port.InternalLocal && cluster.Count > 0
                    ? $"-A {names.FilterServices} -d {port.ClusterIp}/32 -p {port.Protocol} -m comment --comment \"{name.Namespace}/{name.Name}:{name.Port} has no local endpoints\" -m {port.Protocol} --dport {port.Port} -j DROP\n"
                    : $"-A {names.FilterServices} -d {port.ClusterIp}/32 -p {port.Protocol} -m comment --comment \"{name.Namespace}/{name.Name}:{name.Port} has no endpoints\" -m {port.Protocol} --dport {port.Port} -j REJECT --reject-with {Unreachable}\n",
            ExternalReject = externalReject,
        };
    }

    /// <summary>The static rules: the mark chain and the masquerading of marked packets.</summary>
    public static string MarkMasqueradeRules(ProxyChainNames names, int markBit) => $"-A {names.MarkMasquerade} -j MARK --or-mark {Mark(markBit)}\n";

    public static string PostroutingRules(ProxyChainNames names, int markBit) =>
        $"-A {names.Postrouting} -m mark ! --mark {Mark(markBit)}/{Mark(markBit)} -j RETURN\n"
        + $"-A {names.Postrouting} -j MARK --xor-mark {Mark(markBit)}\n"
        + $"-A {names.Postrouting} -j MASQUERADE --random-fully\n";

    /// <summary>The nat dispatch chain: every shard, then NodePorts for local destinations other than loopback (which needs route_localnet).</summary>
    public static string ServicesRules(ProxyChainNames names)
    {
        var text = new StringBuilder();
        for (var shard = 0; shard < ProxyChainNames.ShardCount; shard++) text.Append(CultureInfo.InvariantCulture, $"-A {names.Services} -j {names.Shard(shard)}\n");
        return text.Append(CultureInfo.InvariantCulture, $"-A {names.Services} -m addrtype --dst-type LOCAL ! -d 127.0.0.0/8 -j {names.NodePorts}\n").ToString();
    }

    /// <summary>The ready endpoints; when none is ready, the serving ones that are terminating.</summary>
    public static IReadOnlyList<ProxyEndpoint> Usable(IEnumerable<ProxyEndpoint> endpoints)
    {
        var all = endpoints as IReadOnlyCollection<ProxyEndpoint> ?? [.. endpoints];
        var ready = all.Where(e => e.Ready).ToList();
        return ready.Count > 0 ? ready : [.. all.Where(e => e.Serving && e.Terminating)];
    }

    private static string Balance(string chain, string? masquerade, IReadOnlyList<ProxyEndpoint> endpoints, ProxyServicePort port, Func<ProxyEndpoint, string> endpointChain)
    {
        var text = new StringBuilder();
        if (masquerade is not null) text.Append(CultureInfo.InvariantCulture, $"-A {chain} {masquerade}\n");
        if (port.AffinitySeconds is { } seconds)
            foreach (var endpoint in endpoints)
            {
                var target = endpointChain(endpoint);
                text.Append(CultureInfo.InvariantCulture, $"-A {chain} -m recent --name {target} --mask 255.255.255.255 --rsource --rcheck --seconds {seconds} --reap -j {target}\n");
            }
        for (var i = 0; i < endpoints.Count; i++)
        {
            var target = endpointChain(endpoints[i]);
            text.Append(i < endpoints.Count - 1
                ? string.Create(CultureInfo.InvariantCulture, $"-A {chain} -m statistic --mode random --probability {1.0 / (endpoints.Count - i):F10} -j {target}\n")
                : $"-A {chain} -j {target}\n");
        }
        return text.ToString();
    }

    private string Endpoint(string chain, ProxyEndpoint endpoint, ProxyServicePort port)
    {
        var affinity = port.AffinitySeconds is null ? "" : $" -m recent --name {chain} --mask 255.255.255.255 --rsource --set";
        return $"-A {chain} -s {endpoint.Ip}/32 -j {names.MarkMasquerade}\n"
            + $"-A {chain} -p {port.Protocol}{affinity} -j DNAT --to-destination {endpoint.Ip}:{endpoint.Port}\n";
    }

    private string External(string chain, string clusterChain, string localChain, ProxyServicePort port)
    {
        if (!port.ExternalLocal) return $"-A {chain} -j {names.MarkMasquerade}\n-A {chain} -j {clusterChain}\n";
        // Local policy keeps the client's address; pods and the node itself still reach every endpoint.
        return $"-A {chain} -s {clusterCidr} -j {clusterChain}\n"
            + $"-A {chain} -m addrtype --src-type LOCAL -j {names.MarkMasquerade}\n"
            + $"-A {chain} -m addrtype --src-type LOCAL -j {clusterChain}\n"
            + $"-A {chain} -j {localChain}\n";
    }

    private const string Unreachable = "icmp-port-unreachable";

    private static string Mark(int bit) => $"0x{1u << bit:x}";
}
