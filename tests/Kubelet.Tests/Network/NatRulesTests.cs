using Cluster.Kubelet.Network;

namespace Cluster.Kubelet.Tests.Network;

public sealed class NatRulesTests
{
    private static readonly NatRules Rules = new("CLUSTER-POD", "cluster0", Ipv4Cidr.Parse("10.42.0.0/24"), 13);

    private static HostPortRecord Record(params HostPortMapping[] mappings) => new("abc123", "web", "nginx-1", "10.42.0.7", mappings);

    public sealed record Case(HostPortMapping Mapping, string Expected);

    public static TheoryData<Case> Cases() =>
    [
        new(new(8080, 80, "TCP", null), "-p tcp -m tcp --dport 8080 -m comment --comment \"web/nginx-1 abc123\" -j DNAT --to-destination 10.42.0.7:80"),
        new(new(5353, 53, "udp", ""), "-p udp -m udp --dport 5353 -m comment --comment \"web/nginx-1 abc123\" -j DNAT --to-destination 10.42.0.7:53"),
        new(new(9000, 9000, "SCTP", "0.0.0.0"), "-p sctp -m sctp --dport 9000 -m comment --comment \"web/nginx-1 abc123\" -j DNAT --to-destination 10.42.0.7:9000"),
        new(new(8443, 443, "", "192.0.2.2"), "-p tcp -m tcp --dport 8443 -d 192.0.2.2/32 -m comment --comment \"web/nginx-1 abc123\" -j DNAT --to-destination 10.42.0.7:443"),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_mapping_becomes_a_dnat_to_the_pod_after_marking_pod_and_loopback_sources_for_masquerade(Case c)
    {
        var lines = Rules.HostPortAppend(Record(c.Mapping)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("*nat", lines[0]);
        Assert.Equal("COMMIT", lines[^1]);
        var match = c.Expected[..c.Expected.IndexOf(" -j ", StringComparison.Ordinal)];
        Assert.Equal(
        [
            $"-A CLUSTER-POD-HOSTPORTS {match} -s 10.42.0.0/24 -j MARK --set-xmark 0x2000/0x2000",
            $"-A CLUSTER-POD-HOSTPORTS {match} -s 127.0.0.0/8 -j MARK --set-xmark 0x2000/0x2000",
            $"-A CLUSTER-POD-HOSTPORTS {c.Expected}",
        ], lines[1..^1]);
    }

    [Fact]
    public void An_ipv6_host_ip_gives_no_rule_for_an_ipv4_pod()
    {
        Assert.Equal("*nat\nCOMMIT\n", Rules.HostPortAppend(Record(new HostPortMapping(8080, 80, "TCP", "fd00::2"))));
    }

    [Fact]
    public void The_node_rules_refill_our_chains_and_append_only_the_missing_jumps()
    {
        var text = Rules.NodeRestore([Record(new HostPortMapping(8080, 80, "TCP", null))], [Rules.Jumps[2], Rules.Jumps[3]]);

        Assert.Equal(
        [
            "*nat",
            ":CLUSTER-POD-POSTROUTING - [0:0]",
            ":CLUSTER-POD-HOSTPORTS - [0:0]",
            "-A CLUSTER-POD-POSTROUTING -m mark --mark 0x2000/0x2000 -j MASQUERADE",
            "-A CLUSTER-POD-POSTROUTING -s 10.42.0.0/24 ! -d 10.42.0.0/24 ! -o cluster0 -j MASQUERADE",
        ], text.Split('\n')[..5]);
        Assert.Contains("-j DNAT --to-destination 10.42.0.7:80\n-A POSTROUTING -j CLUSTER-POD-POSTROUTING\nCOMMIT\n", text, StringComparison.Ordinal);
        Assert.EndsWith(
            "*filter\n:CLUSTER-POD-FORWARD - [0:0]\n-A CLUSTER-POD-FORWARD -i cluster0 -j ACCEPT\n-A CLUSTER-POD-FORWARD -o cluster0 -j ACCEPT\n-A FORWARD -j CLUSTER-POD-FORWARD\nCOMMIT\n",
            text, StringComparison.Ordinal);
        Assert.DoesNotContain("-A PREROUTING", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_hostport_refill_declares_the_chain_so_iptables_restore_empties_it_first()
    {
        Assert.Equal("*nat\n:CLUSTER-POD-HOSTPORTS - [0:0]\nCOMMIT\n", Rules.HostPortRestore([]));
    }

    [Fact]
    public void Quotes_in_names_cannot_break_out_of_the_comment()
    {
        var text = Rules.HostPortAppend(new HostPortRecord("abc", "ns\"x", "p\\o\nd", "10.42.0.7", [new HostPortMapping(1, 2, "TCP", null)]));
        Assert.Contains("--comment \"nsx/pod abc\"", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 80, "TCP", null)]
    [InlineData(65536, 80, "TCP", null)]
    [InlineData(8080, 0, "TCP", null)]
    [InlineData(8080, 80, "ICMP", null)]
    [InlineData(8080, 80, "TCP", "not-an-ip")]
    public void Mappings_that_cannot_become_rules_are_refused_with_a_reason(int hostPort, int containerPort, string protocol, string? hostIp)
    {
        var error = Assert.Throws<ArgumentException>(() => NatRules.Validate(new HostPortMapping(hostPort, containerPort, protocol, hostIp)));
        Assert.Contains($"hostPort {hostPort}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("lower")]
    [InlineData("WAY-TOO-LONG-PREFIX")]
    [InlineData("SPACE X")]
    public void Chain_prefixes_iptables_cannot_take_are_refused(string prefix)
    {
        Assert.Throws<ArgumentException>(() => new NatRules(prefix, "cluster0", Ipv4Cidr.Parse("10.42.0.0/24"), 13));
    }

    [Theory]
    [InlineData("10.244.0.0/16", "10.244.3.0/24", "-s 10.244.3.0/24 ! -d 10.244.0.0/16 ! -o cluster0 -j MASQUERADE")]
    [InlineData("10.244.0.0/16", "10.42.0.0/24", "-s 10.42.0.0/24 ! -d 10.42.0.0/24 ! -o cluster0 -j MASQUERADE")]
    [InlineData(null, "10.244.3.0/24", "-s 10.244.3.0/24 ! -d 10.244.3.0/24 ! -o cluster0 -j MASQUERADE")]
    public void Pod_traffic_to_the_cluster_cidr_keeps_its_source_and_only_traffic_leaving_it_is_masqueraded(string? cluster, string pod, string expected)
    {
        var rules = new NatRules("CLUSTER-POD", "cluster0", Ipv4Cidr.Parse(pod), 13, cluster is null ? null : Ipv4Cidr.Parse(cluster));

        var lines = rules.NodeRestore([], []).Split('\n');

        Assert.Equal("-A CLUSTER-POD-POSTROUTING " + expected, lines[4]);
    }
}
