using Cluster.Kubelet.Proxy;
using static Cluster.Kubelet.Tests.Proxy.ProxyFixtures;

namespace Cluster.Kubelet.Tests.Proxy;

public sealed class ServiceRuleWriterTests
{
    private static readonly ProxyChainNames Names = new("CLUSTER-SVC");
    private static readonly ServiceRuleWriter Writer = new(Names, "10.244.0.0/16", Node);

    [Fact]
    public void Endpoints_are_picked_at_random_with_probabilities_one_over_n_then_n_minus_one_and_the_last_unconditionally()
    {
        var port = Port("web", "10.96.0.10", Ready("10.244.1.1"), Ready("10.244.1.2"), Ready("10.244.1.3"), Ready("10.244.1.4"));

        var rules = Writer.Write(port);

        var svc = Names.ClusterChain(port.Name);
        string Sep(string ip) => Names.EndpointChain(port.Name, ip + ":8080");
        Assert.Equal(
        [
            $"-A {svc} ! -s 10.244.0.0/16 -d 10.96.0.10/32 -p tcp -m tcp --dport 80 -j CLUSTER-SVC-MARK-MASQ",
            $"-A {svc} -m statistic --mode random --probability 0.2500000000 -j {Sep("10.244.1.1")}",
            $"-A {svc} -m statistic --mode random --probability 0.3333333333 -j {Sep("10.244.1.2")}",
            $"-A {svc} -m statistic --mode random --probability 0.5000000000 -j {Sep("10.244.1.3")}",
            $"-A {svc} -j {Sep("10.244.1.4")}",
        ], Lines(rules.NatChains[svc]));
        Assert.Equal(
        [
            $"-A {Sep("10.244.1.2")} -s 10.244.1.2/32 -j CLUSTER-SVC-MARK-MASQ",
            $"-A {Sep("10.244.1.2")} -p tcp -j DNAT --to-destination 10.244.1.2:8080",
        ], Lines(rules.NatChains[Sep("10.244.1.2")]));
        Assert.Equal(
            $"-A CLUSTER-SVC-SVCS-{ProxyChainNames.ShardOf(port.Name):X2} -d 10.96.0.10/32 -p tcp -m comment --comment \"default/web:http cluster IP\" -m tcp --dport 80 -j {svc}\n",
            rules.Dispatch);
        Assert.Null(rules.Reject);
        Assert.Equal(5, rules.NatChains.Count);
    }

    [Fact]
    public void Not_ready_endpoints_get_no_rules_and_serving_terminating_ones_stand_in_only_when_none_is_ready()
    {
        var mixed = Writer.Write(Port("web", "10.96.0.10", Ready("10.244.1.1"), NotReady("10.244.1.2"), Terminating("10.244.1.3")));
        var onlyTerminating = Writer.Write(Port("web", "10.96.0.10", NotReady("10.244.1.2"), Terminating("10.244.1.3")));

        Assert.Equal(2, mixed.NatChains.Count);                               // SVC + the ready endpoint's SEP
        Assert.Contains(Names.EndpointChain(mixed.Name, "10.244.1.1:8080"), mixed.NatChains.Keys);
        Assert.Contains(Names.EndpointChain(onlyTerminating.Name, "10.244.1.3:8080"), onlyTerminating.NatChains.Keys);
        Assert.Equal(2, onlyTerminating.NatChains.Count);
    }

    [Fact]
    public void A_service_without_usable_endpoints_is_rejected_in_the_filter_table_and_its_nat_chain_only_marks()
    {
        var rules = Writer.Write(Port("empty", "10.96.0.11", NotReady("10.244.1.2")));

        Assert.Equal(
            "-A CLUSTER-SVC-SERVICES -d 10.96.0.11/32 -p tcp -m comment --comment \"default/empty:http has no endpoints\" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable\n",
            rules.Reject);
        var svc = Assert.Single(rules.NatChains);
        Assert.Single(Lines(svc.Value));
        Assert.Contains("-j CLUSTER-SVC-MARK-MASQ", svc.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Client_ip_affinity_sends_a_recent_client_back_to_its_endpoint_and_records_clients_in_the_endpoint_chain()
    {
        var port = Port("sticky", "10.96.0.12", Ready("10.244.1.1"), Ready("10.244.1.2")) with { AffinitySeconds = 600 };

        var rules = Writer.Write(port);

        var svc = Names.ClusterChain(port.Name);
        var (a, b) = (Names.EndpointChain(port.Name, "10.244.1.1:8080"), Names.EndpointChain(port.Name, "10.244.1.2:8080"));
        Assert.Equal(
        [
            $"-A {svc} ! -s 10.244.0.0/16 -d 10.96.0.12/32 -p tcp -m tcp --dport 80 -j CLUSTER-SVC-MARK-MASQ",
            $"-A {svc} -m recent --name {a} --mask 255.255.255.255 --rsource --rcheck --seconds 600 --reap -j {a}",
            $"-A {svc} -m recent --name {b} --mask 255.255.255.255 --rsource --rcheck --seconds 600 --reap -j {b}",
            $"-A {svc} -m statistic --mode random --probability 0.5000000000 -j {a}",
            $"-A {svc} -j {b}",
        ], Lines(rules.NatChains[svc]));
        Assert.Equal($"-A {b} -p tcp -m recent --name {b} --mask 255.255.255.255 --rsource --set -j DNAT --to-destination 10.244.1.2:8080", Lines(rules.NatChains[b])[1]);
    }

    [Fact]
    public void Internal_traffic_policy_local_sends_cluster_ip_traffic_only_to_endpoints_on_this_node()
    {
        var port = Port("local", "10.96.0.13", Ready("10.244.1.1", "node-b"), Ready("10.244.2.1")) with { InternalLocal = true };

        var rules = Writer.Write(port);

        var svl = Names.LocalChain(port.Name);
        Assert.EndsWith($"-j {svl}\n", rules.Dispatch, StringComparison.Ordinal);
        Assert.DoesNotContain(Names.ClusterChain(port.Name), rules.NatChains.Keys);
        Assert.Equal($"-A {svl} -j {Names.EndpointChain(port.Name, "10.244.2.1:8080")}", Lines(rules.NatChains[svl])[^1]);
        Assert.Equal(2, rules.NatChains.Count);

        var elsewhere = Writer.Write(port with { Endpoints = [Ready("10.244.1.1", "node-b")] });
        Assert.EndsWith("has no local endpoints\" -m tcp --dport 80 -j DROP\n", elsewhere.Reject, StringComparison.Ordinal);
        Assert.EndsWith("-j REJECT --reject-with icmp-port-unreachable\n", Writer.Write(port with { Endpoints = [] }).Reject, StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_port_masquerades_and_goes_to_every_endpoint()
    {
        var port = Port("np", "10.96.0.14", Ready("10.244.1.1", "node-b")) with { NodePort = 30080 };

        var rules = Writer.Write(port);

        var ext = Names.ExternalChain(port.Name);
        Assert.Equal($"-A CLUSTER-SVC-NODEPORTS -p tcp -m comment --comment \"default/np:http\" -m tcp --dport 30080 -j {ext}\n", rules.NodePort);
        Assert.Equal([$"-A {ext} -j CLUSTER-SVC-MARK-MASQ", $"-A {ext} -j {Names.ClusterChain(port.Name)}"], Lines(rules.NatChains[ext]));
        Assert.Null(rules.ExternalReject);
    }

    [Fact]
    public void External_traffic_policy_local_keeps_the_client_address_and_goes_to_local_endpoints_except_for_pods_and_the_node()
    {
        var port = Port("np", "10.96.0.14", Ready("10.244.1.1", "node-b"), Ready("10.244.2.1")) with { NodePort = 30080, ExternalLocal = true };

        var rules = Writer.Write(port);

        var (ext, svc, svl) = (Names.ExternalChain(port.Name), Names.ClusterChain(port.Name), Names.LocalChain(port.Name));
        Assert.Equal(
        [
            $"-A {ext} -s 10.244.0.0/16 -j {svc}",
            $"-A {ext} -m addrtype --src-type LOCAL -j CLUSTER-SVC-MARK-MASQ",
            $"-A {ext} -m addrtype --src-type LOCAL -j {svc}",
            $"-A {ext} -j {svl}",
        ], Lines(rules.NatChains[ext]));
        Assert.Equal([$"-A {svl} -j {Names.EndpointChain(port.Name, "10.244.2.1:8080")}"], Lines(rules.NatChains[svl]));

        var noneHere = Writer.Write(port with { Endpoints = [Ready("10.244.1.1", "node-b")] });
        Assert.EndsWith("--dport 30080 -j DROP\n", noneHere.ExternalReject, StringComparison.Ordinal);
        Assert.Null(noneHere.Reject);
    }

    [Fact]
    public void Every_chain_name_has_the_prefix_and_fits_in_28_characters()
    {
        foreach (var prefix in new[] { "CLUSTER-SVC", "CS-TB12345678", "P" })
        {
            var names = new ProxyChainNames(prefix);
            var writer = new ServiceRuleWriter(names, "10.244.0.0/16", Node);
            var rules = writer.Write(Port("a-very-long-service-name-that-goes-on", "10.96.0.15", Ready("10.244.1.1"), Ready("10.244.1.2")) with { NodePort = 30001, ExternalLocal = true });
            foreach (var chain in rules.NatChains.Keys.Concat([names.Services, names.Postrouting, names.NodePorts, names.Shard(63)]))
            {
                Assert.StartsWith(prefix + "-", chain, StringComparison.Ordinal);
                Assert.InRange(chain.Length, 1, 28);
                Assert.True(names.IsOurs(chain), chain);
            }
        }
        Assert.False(new ProxyChainNames("CS-A").IsOurs("CS-AB-SVC-ABCDEF"));
        Assert.False(new ProxyChainNames("CLUSTER-SVC").IsOurs("CLUSTER-POD-POSTROUTING"));
    }
}
