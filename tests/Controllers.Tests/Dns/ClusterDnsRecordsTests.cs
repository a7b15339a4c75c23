using System.Net;
using Cluster.Controllers.Dns;
using static Cluster.Controllers.Tests.Dns.DnsObjects;

namespace Cluster.Controllers.Tests.Dns;

public sealed class ClusterDnsRecordsTests
{
    private static readonly ClusterDnsRecords Records = new(new ClusterDnsSnapshot(
        [
            ClusterIp("web", "shop", "10.96.0.10"),
            ClusterIp("dual", "shop", "10.96.0.11", "fd00::11"),
            Headless("db", "shop"),
            ExternalName("search", "shop", "search.example.com."),
            Headless("empty", "shop"),
        ],
        [
            Slice("db", "shop", "IPv4", Endpoint("10.1.0.5", "db-0"), Endpoint("10.1.0.6"), Endpoint("10.1.0.7", "db-2", ready: false)),
            Slice("db", "shop", "IPv6", Endpoint("fd01::5", "db-0")),
            Slice("db", "other", "IPv4", Endpoint("10.9.9.9")),
        ]));

    private static DnsAnswer Ask(string name, DnsType type) => Records.Answer(new DnsQuestion(name, type)) ?? throw new InvalidOperationException("forwarded");

    private static string[] Addresses(DnsAnswer answer) =>
        [.. answer.Answers.Select(r => ((AddressData)r.Data).Address.ToString()).Order(StringComparer.Ordinal)];

    [Fact]
    public void A_ClusterIP_service_answers_A_with_its_ClusterIP_and_a_5s_TTL()
    {
        var answer = Ask("web.shop.svc.cluster.local", DnsType.A);
        Assert.Equal(DnsRcode.NoError, answer.Rcode);
        var record = Assert.Single(answer.Answers);
        Assert.Equal(new DnsRecord("web.shop.svc.cluster.local", DnsType.A, 5, new AddressData(IPAddress.Parse("10.96.0.10"))), record);
    }

    [Fact]
    public void Names_match_case_insensitively_and_with_a_trailing_dot()
    {
        Assert.Equal(["10.96.0.10"], Addresses(Ask("WEB.Shop.svc.Cluster.Local.", DnsType.A)));
    }

    [Fact]
    public void A_dual_stack_service_answers_AAAA_with_its_IPv6_ClusterIP()
    {
        Assert.Equal(["fd00::11"], Addresses(Ask("dual.shop.svc.cluster.local", DnsType.AAAA)));
        Assert.Equal(["10.96.0.11"], Addresses(Ask("dual.shop.svc.cluster.local", DnsType.A)));
    }

    [Fact]
    public void An_IPv4_only_service_has_no_AAAA_but_the_name_exists()
    {
        var answer = Ask("web.shop.svc.cluster.local", DnsType.AAAA);
        Assert.Equal(DnsRcode.NoError, answer.Rcode);
        Assert.Empty(answer.Answers);
        Assert.Equal(DnsType.SOA, Assert.Single(answer.Authorities).Type);
    }

    [Fact]
    public void A_headless_service_answers_with_its_ready_endpoints_only()
    {
        Assert.Equal(["10.1.0.5", "10.1.0.6"], Addresses(Ask("db.shop.svc.cluster.local", DnsType.A)));
        Assert.Equal(["fd01::5"], Addresses(Ask("db.shop.svc.cluster.local", DnsType.AAAA)));
    }

    [Fact]
    public void A_headless_endpoint_is_named_by_its_hostname_or_its_dashed_address()
    {
        Assert.Equal(["10.1.0.5", "fd01::5"], [.. Addresses(Ask("db-0.db.shop.svc.cluster.local", DnsType.A)), .. Addresses(Ask("db-0.db.shop.svc.cluster.local", DnsType.AAAA))]);
        Assert.Equal(["10.1.0.6"], Addresses(Ask("10-1-0-6.db.shop.svc.cluster.local", DnsType.A)));
        Assert.Equal(DnsRcode.NXDomain, Ask("db-2.db.shop.svc.cluster.local", DnsType.A).Rcode);
    }

    [Fact]
    public void A_headless_service_without_ready_endpoints_exists_with_no_records()
    {
        var answer = Ask("empty.shop.svc.cluster.local", DnsType.A);
        Assert.Equal(DnsRcode.NoError, answer.Rcode);
        Assert.Empty(answer.Answers);
    }

    [Fact]
    public void A_named_port_has_an_SRV_record_targeting_the_service_with_its_address_as_additional()
    {
        var answer = Ask("_http._tcp.web.shop.svc.cluster.local", DnsType.SRV);
        var srv = Assert.Single(answer.Answers);
        Assert.Equal(new SrvData(0, 100, 80, "web.shop.svc.cluster.local"), srv.Data);
        Assert.Equal(["10.96.0.10"], Addresses(answer with { Answers = answer.Additionals }));
        Assert.Equal(53, ((SrvData)Assert.Single(Ask("_dns._udp.web.shop.svc.cluster.local", DnsType.SRV).Answers).Data).Port);
    }

    [Fact]
    public void A_headless_named_port_has_one_SRV_record_per_endpoint_hostname()
    {
        var answer = Ask("_http._tcp.db.shop.svc.cluster.local", DnsType.SRV);
        var targets = answer.Answers.Select(r => (SrvData)r.Data).OrderBy(s => s.Target, StringComparer.Ordinal).ToList();
        Assert.Equal(
            [new SrvData(0, 50, 8080, "10-1-0-6.db.shop.svc.cluster.local"), new SrvData(0, 50, 8080, "db-0.db.shop.svc.cluster.local")],
            targets);
        Assert.Contains(answer.Additionals, r => r.Name == "db-0.db.shop.svc.cluster.local" && r.Type == DnsType.AAAA);
    }

    [Fact]
    public void A_port_under_the_wrong_protocol_does_not_exist()
    {
        Assert.Equal(DnsRcode.NXDomain, Ask("_http._udp.web.shop.svc.cluster.local", DnsType.SRV).Rcode);
    }

    [Fact]
    public void An_ExternalName_service_answers_a_CNAME_for_any_type()
    {
        foreach (var type in new[] { DnsType.A, DnsType.AAAA, DnsType.CNAME })
        {
            var record = Assert.Single(Ask("search.shop.svc.cluster.local", type).Answers);
            Assert.Equal(new DnsRecord("search.shop.svc.cluster.local", DnsType.CNAME, 5, new NameData("search.example.com")), record);
        }
    }

    [Fact]
    public void A_ClusterIP_has_a_PTR_record_back_to_the_service()
    {
        var record = Assert.Single(Ask("10.0.96.10.in-addr.arpa", DnsType.PTR).Answers);
        Assert.Equal(new NameData("web.shop.svc.cluster.local"), record.Data);
        Assert.Equal(new NameData("dual.shop.svc.cluster.local"), Assert.Single(Ask(ClusterDnsRecords.ReverseName(IPAddress.Parse("fd00::11")), DnsType.PTR).Answers).Data);
        Assert.Equal(new NameData("db-0.db.shop.svc.cluster.local"), Assert.Single(Ask("5.0.1.10.in-addr.arpa", DnsType.PTR).Answers).Data);
    }

    [Fact]
    public void The_IPv6_reverse_name_is_the_reversed_nibbles()
    {
        Assert.Equal("1.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa", ClusterDnsRecords.ReverseName(IPAddress.Parse("fd00::11")));
    }

    [Fact]
    public void An_unknown_address_reverse_lookup_is_forwarded()
    {
        Assert.Null(Records.Answer(new DnsQuestion("1.1.168.192.in-addr.arpa", DnsType.PTR)));
    }

    [Theory]
    [InlineData("nothing.shop.svc.cluster.local")]
    [InlineData("web.nowhere.svc.cluster.local")]
    [InlineData("x.web.shop.svc.cluster.local")]
    [InlineData("10-1-0-5.x.shop.pod.cluster.local")]
    [InlineData("not-an-address.shop.pod.cluster.local")]
    [InlineData("10-1-0-300.shop.pod.cluster.local")]
    public void A_missing_name_under_the_cluster_domain_is_NXDOMAIN_with_the_SOA(string name)
    {
        var answer = Ask(name, DnsType.A);
        Assert.Equal(DnsRcode.NXDomain, answer.Rcode);
        Assert.Empty(answer.Answers);
        var soa = Assert.Single(answer.Authorities);
        Assert.Equal("cluster.local", soa.Name);
        Assert.Equal(5u, ((SoaData)soa.Data).Minimum);
    }

    [Theory]
    [InlineData("shop.svc.cluster.local")]
    [InlineData("svc.cluster.local")]
    [InlineData("cluster.local")]
    [InlineData("_tcp.web.shop.svc.cluster.local")]
    [InlineData("pod.cluster.local")]
    [InlineData("shop.pod.cluster.local")]
    public void A_name_that_only_has_names_below_it_exists_with_no_records(string name)
    {
        var answer = Ask(name, DnsType.A);
        Assert.Equal(DnsRcode.NoError, answer.Rcode);
        Assert.Empty(answer.Answers);
        Assert.Single(answer.Authorities);
    }

    [Fact]
    public void The_zone_apex_answers_its_SOA()
    {
        Assert.Equal(DnsType.SOA, Assert.Single(Ask("cluster.local", DnsType.SOA).Answers).Type);
    }

    [Theory]
    [InlineData("example.com")]
    [InlineData("notcluster.local")]
    [InlineData("local")]
    public void Names_outside_the_cluster_domain_are_not_answered(string name)
    {
        Assert.Null(Records.Answer(new DnsQuestion(name, DnsType.A)));
    }

    [Fact]
    public void The_cluster_domain_is_configurable()
    {
        var records = new ClusterDnsRecords(new ClusterDnsSnapshot([ClusterIp("web", "shop", "10.96.0.10")], []), "corp.internal.");
        Assert.NotNull(records.Answer(new DnsQuestion("web.shop.svc.corp.internal", DnsType.A)));
        Assert.Null(records.Answer(new DnsQuestion("web.shop.svc.cluster.local", DnsType.A)));
    }

    [Theory]
    [InlineData("10-1-0-5.shop.pod.cluster.local", DnsType.A, "10.1.0.5")]
    [InlineData("10-1-0-5.anyns.pod.cluster.local", DnsType.A, "10.1.0.5")]
    [InlineData("fd01--5.shop.pod.cluster.local", DnsType.AAAA, "fd01::5")]
    public void A_pod_name_spells_its_address_in_any_namespace_when_namespaces_are_not_known(string name, DnsType type, string address)
    {
        var answer = Ask(name, type);
        Assert.Equal(new DnsRecord(name, type, 5, new AddressData(IPAddress.Parse(address))), Assert.Single(answer.Answers));
        Assert.Empty(Ask(name, type == DnsType.A ? DnsType.AAAA : DnsType.A).Answers);
    }

    [Fact]
    public void A_pod_name_in_a_namespace_that_does_not_exist_is_NXDOMAIN()
    {
        var records = new ClusterDnsRecords(new ClusterDnsSnapshot([], []) { Namespaces = new HashSet<string> { "shop" } });
        Assert.Single(records.Answer(new DnsQuestion("10-1-0-5.shop.pod.cluster.local", DnsType.A))!.Answers);
        Assert.Equal(DnsRcode.NXDomain, records.Answer(new DnsQuestion("10-1-0-5.other.pod.cluster.local", DnsType.A))!.Rcode);
        Assert.Equal(DnsRcode.NXDomain, records.Answer(new DnsQuestion("other.pod.cluster.local", DnsType.A))!.Rcode);
    }
}
