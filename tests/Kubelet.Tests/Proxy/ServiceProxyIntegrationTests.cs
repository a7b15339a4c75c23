using Cluster.Kubelet.Proxy;
using Cluster.TestKit;
using static Cluster.Kubelet.Tests.Proxy.ProxyTestBed;

namespace Cluster.Kubelet.Tests.Proxy;

/// <summary>Real iptables in namespaces of their own, real HTTP through the rules (see <see cref="ProxyTestBed"/>), as root.</summary>
[Trait("tier", "integration")]
public sealed class ServiceProxyIntegrationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private static ProxyServicePort Web(string clusterIp, params ProxyEndpoint[] endpoints) => new()
    {
        Name = new ServicePortName("default", "web", "http", "tcp"),
        ClusterIp = clusterIp,
        Port = 80,
        Endpoints = endpoints,
    };

    private static ProxyEndpoint Endpoint(string ip, bool ready = true) => new(ip, 8080, NodeName, ready, ready, false);

    private static async Task<HashSet<string>> AnswersAsync(string netns, string target, int requests)
    {
        var answers = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < requests; i++) answers.Add(await TryGetAsync(netns, target) ?? "(failed)");
        return answers;
    }

    [Fact]
    public async Task A_cluster_ip_reaches_its_endpoints_at_random_and_a_not_ready_endpoint_stops_getting_traffic()
    {
        await using var bed = await CreateAsync();
        var (a, b) = (await bed.AddPodAsync("pod-a"), await bed.AddPodAsync("pod-b"));
        var proxy = bed.StartProxy();

        proxy.Update("default", "web", [Web("10.96.100.10", Endpoint(a), Endpoint(b))]);
        await Eventually.TrueAsync(async () => await TryGetAsync(bed.Client, "10.96.100.10:80") is not null, Patience, "the cluster IP answers");

        Assert.Equal(["pod-a", "pod-b"], (await AnswersAsync(bed.Client, "10.96.100.10:80", 40)).Order(StringComparer.Ordinal));

        proxy.Update("default", "web", [Web("10.96.100.10", Endpoint(a), Endpoint(b, ready: false))]);
        await SyncedAsync(proxy);
        Assert.Equal(["pod-a"], await AnswersAsync(bed.Client, "10.96.100.10:80", 20));
    }

    [Fact]
    public async Task A_service_without_ready_endpoints_is_refused_at_once_and_served_again_when_one_is_ready()
    {
        await using var bed = await CreateAsync();
        var a = await bed.AddPodAsync("pod-a");
        var proxy = bed.StartProxy();

        proxy.Update("default", "web", [Web("10.96.100.11", Endpoint(a, ready: false))]);
        await SyncedAsync(proxy);

        Assert.Equal(7, await CurlExitCodeAsync(bed.Client, "10.96.100.11:80"));       // refused, not timed out (28)
        proxy.Update("default", "web", [Web("10.96.100.11", Endpoint(a))]);
        await Eventually.TrueAsync(async () => await TryGetAsync(bed.Client, "10.96.100.11:80") == "pod-a", Patience, "the endpoint answers once ready");
    }

    [Fact]
    public async Task A_node_port_on_the_node_address_reaches_the_service()
    {
        await using var bed = await CreateAsync();
        var a = await bed.AddPodAsync("pod-a");
        var proxy = bed.StartProxy();

        proxy.Update("default", "web", [Web("10.96.100.12", Endpoint(a)) with { NodePort = 30080 }]);

        await Eventually.TrueAsync(async () => await TryGetAsync(bed.Client, $"{NodeAddress}:30080") == "pod-a", Patience, "the NodePort answers");
    }

    [Fact]
    public async Task Client_ip_affinity_keeps_a_client_on_one_endpoint()
    {
        await using var bed = await CreateAsync();
        var (a, b) = (await bed.AddPodAsync("pod-a"), await bed.AddPodAsync("pod-b"));
        var proxy = bed.StartProxy();

        proxy.Update("default", "web", [Web("10.96.100.13", Endpoint(a), Endpoint(b)) with { AffinitySeconds = 300 }]);
        await Eventually.TrueAsync(async () => await TryGetAsync(bed.Client, "10.96.100.13:80") is not null, Patience, "the cluster IP answers");

        Assert.Single(await AnswersAsync(bed.Client, "10.96.100.13:80", 20));
    }

    [Fact]
    public async Task A_pod_reaches_itself_through_its_service_because_hairpin_traffic_is_masqueraded()
    {
        await using var bed = await CreateAsync();
        var a = await bed.AddPodAsync("pod-a");
        var proxy = bed.StartProxy();

        proxy.Update("default", "web", [Web("10.96.100.14", Endpoint(a))]);

        await Eventually.TrueAsync(async () => await TryGetAsync(bed.Pod(1), "10.96.100.14:80") == "pod-a", Patience, "the pod reaches itself via the VIP");
    }

    [Fact]
    public async Task A_restarted_proxy_replaces_the_rules_it_finds_without_duplicates_and_reset_removes_them_all()
    {
        await using var bed = await CreateAsync();
        var a = await bed.AddPodAsync("pod-a");
        var first = bed.StartProxy();
        first.Update("default", "web", [Web("10.96.100.15", Endpoint(a))]);
        first.Update("default", "gone", [Web("10.96.100.16", Endpoint(a)) with { Name = new ServicePortName("default", "gone", "http", "tcp") }]);
        await Eventually.TrueAsync(async () => await TryGetAsync(bed.Client, "10.96.100.16:80") == "pod-a", Patience, "the first proxy's services answer");
        await bed.StopProxiesAsync();
        var before = await bed.SaveAsync("nat");

        // Rules outlive the proxy; the next one starts with only "web" and replaces everything in its first sync.
        Assert.Equal("pod-a", await TryGetAsync(bed.Client, "10.96.100.15:80"));
        var second = bed.StartProxy();
        second.Update("default", "web", [Web("10.96.100.15", Endpoint(a))]);
        await SyncedAsync(second);

        var after = await bed.SaveAsync("nat");
        Assert.Contains("10.96.100.16", before, StringComparison.Ordinal);
        Assert.DoesNotContain("10.96.100.16", after, StringComparison.Ordinal);
        Assert.Equal(1, Count(after, $"-A PREROUTING -j {bed.Prefix}-SERVICES"));
        Assert.Equal(1, Count(after, "-d 10.96.100.15/32 -p tcp -m comment"));
        Assert.Equal("pod-a", await TryGetAsync(bed.Client, "10.96.100.15:80"));

        await bed.StopProxiesAsync();
        await second.Iptables.RemoveAllAsync(CancellationToken.None);
        Assert.DoesNotContain(bed.Prefix, await bed.SaveAsync("nat") + await bed.SaveAsync("filter"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Internal_traffic_policy_local_reaches_only_the_endpoints_on_this_node()
    {
        await using var bed = await CreateAsync();
        var (a, b) = (await bed.AddPodAsync("pod-a"), await bed.AddPodAsync("pod-b"));
        var proxy = bed.StartProxy();

        proxy.Update("default", "web", [Web("10.96.100.19", Endpoint(a), Endpoint(b) with { NodeName = "another-node" }) with { InternalLocal = true }]);
        await Eventually.TrueAsync(async () => await TryGetAsync(bed.Client, "10.96.100.19:80") is not null, Patience, "the cluster IP answers");

        Assert.Equal(["pod-a"], await AnswersAsync(bed.Client, "10.96.100.19:80", 20));
    }

    [Fact]
    public async Task A_burst_of_changes_is_coalesced_into_few_syncs_that_end_with_the_last_state()
    {
        await using var bed = await CreateAsync();
        var a = await bed.AddPodAsync("pod-a");
        var proxy = bed.StartProxy(o => o with { MinSyncInterval = TimeSpan.FromSeconds(1) });
        proxy.Update("default", "web", [Web("10.96.100.17", Endpoint(a, ready: false))]);
        await Eventually.TrueAsync(() => proxy.Syncs >= 1, Patience, "the first sync");
        var before = proxy.Syncs;

        for (var i = 0; i < 200; i++) proxy.Update("default", "web", [Web("10.96.100.17", Endpoint(a, ready: i % 2 == 1))]); // ends ready
        await Eventually.TrueAsync(async () => await TryGetAsync(bed.Client, "10.96.100.17:80") == "pod-a", Patience, "the last state (ready) is programmed");

        Assert.InRange(proxy.Syncs - before, 1, 3);
    }

    [Fact]
    public async Task A_full_resync_puts_back_a_jump_someone_deleted()
    {
        await using var bed = await CreateAsync();
        var a = await bed.AddPodAsync("pod-a");
        // Every second, however long the last full sync took on a busy machine.
        var proxy = bed.StartProxy(o => o with { FullSyncInterval = TimeSpan.FromSeconds(1), FullSyncCostFactor = 0 });
        proxy.Update("default", "web", [Web("10.96.100.18", Endpoint(a))]);
        await Eventually.TrueAsync(async () => await TryGetAsync(bed.Client, "10.96.100.18:80") == "pod-a", Patience, "the cluster IP answers");

        await Netns(bed.Node, "iptables", "-t", "nat", "-D", "PREROUTING", "-j", $"{bed.Prefix}-SERVICES");
        Assert.Null(await TryGetAsync(bed.Client, "10.96.100.18:80"));

        await Eventually.TrueAsync(async () => await TryGetAsync(bed.Client, "10.96.100.18:80") == "pod-a", Patience, "the jump is back");
    }

    private static int Count(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal)) count++;
        return count;
    }
}
