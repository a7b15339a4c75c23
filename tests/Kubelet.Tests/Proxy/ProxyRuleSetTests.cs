using Cluster.Kubelet.Proxy;
using static Cluster.Kubelet.Tests.Proxy.ProxyFixtures;

namespace Cluster.Kubelet.Tests.Proxy;

public sealed class ProxyRuleSetTests
{
    private static readonly ProxyChainNames Names = new("CLUSTER-SVC");
    private static readonly ServiceRuleWriter Writer = new(Names, "10.244.0.0/16", Node);

    private static void Set(ProxyRuleSet rules, params ProxyServicePort[] ports)
    {
        foreach (var group in ports.GroupBy(p => p.Name.Name)) rules.Set("default", group.Key, [.. group.Select(Writer.Write)]);
    }

    private static ProxyRuleSet Synced(params ProxyServicePort[] ports)
    {
        var rules = new ProxyRuleSet(Names, 14, 6000);
        Set(rules, ports);
        rules.Applied(rules.Plan(full: true, [], []));
        return rules;
    }

    [Fact]
    public void A_full_plan_writes_leaf_chains_first_then_shards_then_the_dispatch_chain_and_inserts_missing_jumps()
    {
        var rules = new ProxyRuleSet(Names, 14, 6000);
        Set(rules, Port("web", "10.96.0.10", Ready("10.244.1.1")));

        var plan = rules.Plan(full: true, [], [new IptablesLine("nat", "-I PREROUTING 1 -j CLUSTER-SVC-SERVICES")]);

        var text = Assert.Single(plan.Payloads);
        Assert.StartsWith("*nat\n:CLUSTER-SVC-MARK-MASQ - [0:0]\n", text, StringComparison.Ordinal);
        Assert.Contains("-A CLUSTER-SVC-MARK-MASQ -j MARK --or-mark 0x4000\n", text, StringComparison.Ordinal);
        Assert.Contains("-A CLUSTER-SVC-POSTROUTING -j MASQUERADE --random-fully\n", text, StringComparison.Ordinal);
        Assert.Contains("-I PREROUTING 1 -j CLUSTER-SVC-SERVICES\n", text, StringComparison.Ordinal);
        Assert.Contains("*filter\n:CLUSTER-SVC-SERVICES - [0:0]\n:CLUSTER-SVC-EXTERNAL - [0:0]\n", text, StringComparison.Ordinal);
        Assert.Equal(2 + 1 + ProxyChainNames.ShardCount + 1 + 2 + 2, plan.Written.Count); // leaf, dispatch, shards, nodeports, filter, SVC + SEP
    }

    [Fact]
    public void An_endpoint_going_not_ready_rewrites_only_its_service_chain_and_deletes_its_endpoint_chain()
    {
        var before = Port("web", "10.96.0.10", Ready("10.244.1.1"), Ready("10.244.1.2"));
        var rules = Synced(before, Port("other", "10.96.0.11", Ready("10.244.2.1")));

        Set(rules, before with { Endpoints = [Ready("10.244.1.1"), NotReady("10.244.1.2")] });
        var plan = rules.Plan(full: false, [], []);

        var svc = Names.ClusterChain(before.Name);
        var gone = Names.EndpointChain(before.Name, "10.244.1.2:8080");
        Assert.Equal([ChainKey.Nat(svc)], plan.Written.Select(w => w.Key));
        Assert.Equal([ChainKey.Nat(gone)], plan.Deleted);
        var text = Assert.Single(plan.Payloads);
        Assert.Equal(
            $"*nat\n:{svc} - [0:0]\n:{gone} - [0:0]\n"
            + $"-A {svc} ! -s 10.244.0.0/16 -d 10.96.0.10/32 -p tcp -m tcp --dport 80 -j CLUSTER-SVC-MARK-MASQ\n"
            + $"-A {svc} -j {Names.EndpointChain(before.Name, "10.244.1.1:8080")}\n"
            + $"-X {gone}\nCOMMIT\n", text);
    }

    [Fact]
    public void The_last_endpoint_going_away_adds_a_reject_to_the_filter_table_and_nothing_else_changes_in_the_dispatch()
    {
        var web = Port("web", "10.96.0.10", Ready("10.244.1.1"));
        var rules = Synced(web);

        Set(rules, web with { Endpoints = [] });
        var plan = rules.Plan(full: false, [], []);

        Assert.Equal(
            [ChainKey.Filter(Names.FilterServices), ChainKey.Nat(Names.ClusterChain(web.Name))],
            plan.Written.Select(w => w.Key).OrderBy(k => k.Table, StringComparer.Ordinal));
        Assert.Contains("-j REJECT --reject-with icmp-port-unreachable", Assert.Single(plan.Payloads), StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_changed_gives_an_empty_plan()
    {
        var web = Port("web", "10.96.0.10", Ready("10.244.1.1"));
        var rules = Synced(web);

        Set(rules, web);

        Assert.True(rules.Plan(full: false, [], []).IsEmpty);
    }

    [Fact]
    public void A_removed_service_has_its_shard_rewritten_and_its_chains_flushed_then_deleted()
    {
        var web = Port("web", "10.96.0.10", Ready("10.244.1.1"));
        var rules = Synced(web, Port("other", "10.96.0.11", Ready("10.244.2.1")));

        rules.Set("default", "web", []);
        var plan = rules.Plan(full: false, [], []);

        Assert.Equal([ChainKey.Nat(Names.Shard(ProxyChainNames.ShardOf(web.Name)))], plan.Written.Select(w => w.Key));
        Assert.Equal(2, plan.Deleted.Count);
        var text = string.Concat(plan.Payloads);
        var svc = Names.ClusterChain(web.Name);
        Assert.True(text.IndexOf($":{svc} - [0:0]", StringComparison.Ordinal) < text.IndexOf($"-X {svc}", StringComparison.Ordinal));
        Assert.DoesNotContain("10.96.0.10", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_full_plan_deletes_chains_of_ours_that_a_previous_instance_left()
    {
        var rules = new ProxyRuleSet(Names, 14, 6000);
        Set(rules, Port("web", "10.96.0.10", Ready("10.244.1.1")));
        var leftover = ChainKey.Nat("CLUSTER-SVC-SVC-LEFTOVER12345");

        var plan = rules.Plan(full: true, [leftover, ChainKey.Nat(Names.Services)], []);

        Assert.Equal([leftover], plan.Deleted);
        Assert.Contains($"-X {leftover.Name}\nCOMMIT\n", plan.Payloads[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_large_sync_is_split_into_runs_of_whole_shards_within_the_line_budget()
    {
        var rules = new ProxyRuleSet(Names, 14, 2000);
        for (var i = 0; i < 1000; i++)
            rules.Set("default", $"svc{i}", [Writer.Write(Port($"svc{i}", $"10.96.{i / 250}.{i % 250 + 1}", Ready($"10.244.{i / 250}.{i % 250 + 1}"), Ready($"10.245.{i / 250}.{i % 250 + 1}")))]);

        var plan = rules.Plan(full: true, [], []);

        Assert.True(plan.Payloads.Count > 5);
        Assert.All(plan.Payloads, p => Assert.InRange(p.Count(c => c == '\n'), 1, 2000 + 10));
        // A service's chains and its dispatch line always land in the same run.
        var svc0 = Names.ClusterChain(new ServicePortName("default", "svc0", "http", "tcp"));
        Assert.Single(plan.Payloads, p => p.Contains($":{svc0} - [0:0]", StringComparison.Ordinal) && p.Contains($"-j {svc0}\n", StringComparison.Ordinal));
    }
}
