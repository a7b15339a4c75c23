using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Runtime.Client;
using Cluster.Runtime.Informers;
using Cluster.Testing;
using Cluster.TestKit;

namespace Cluster.Runtime.Tests.Informers;

[Trait("tier", "integration")]
public sealed class InformerIntegrationTests(TestClusterFixture fixture) : IClassFixture<TestClusterFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static ConfigMap Map(string ns, string name, string value = "1", string? owner = null) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name,
            Namespace = ns,
            OwnerReferences = owner is null ? null : [new OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "owner", Uid = owner }],
        },
        Data = new Dictionary<string, string> { ["k"] = value },
    };

    [Fact]
    public async Task The_cache_lists_existing_objects_then_follows_adds_updates_and_deletes()
    {
        var client = fixture.Cluster.Client;
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        await client.CreateAsync(Map(ns, "before"));
        var informer = new Informer<ConfigMap>(client.Resource<ConfigMap>(), new InformerOptions<ConfigMap> { Namespace = ns });
        using var stop = new CancellationTokenSource(Timeout);
        var running = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(stop.Token);
        Assert.NotNull(informer.Cache.Get(new(ns, "before")));

        var events = Collect(informer, stop.Token);
        var created = await client.CreateAsync(Map(ns, "after"));
        await client.UpdateAsync(created with { Data = new Dictionary<string, string> { ["k"] = "2" } });
        await client.DeleteAsync<ConfigMap>(new(ns, "before"));

        await Eventually.TrueAsync(() => informer.Cache.Get(new(ns, "after"))?.Data?["k"] == "2" && informer.Cache.Get(new(ns, "before")) is null, Timeout, "cache follows the changes");
        await Eventually.TrueAsync(() => events.Count >= 4, Timeout, "four events");
        Assert.Equal(
            [(InformerEventType.Added, "before"), (InformerEventType.Added, "after"), (InformerEventType.Updated, "after"), (InformerEventType.Deleted, "before")],
            events.Select(e => (e.Type, e.Object.Metadata!.Name!)));
        var update = events[2];
        Assert.Equal("1", update.Old!.Data!["k"]);
        Assert.Equal("2", update.Object.Data!["k"]);
        Assert.All(events, e => Assert.Null(e.Object.Metadata!.ManagedFields));

        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task After_410_the_informer_relists_and_delivers_only_the_difference()
    {
        await using var cluster = await TestCluster.StartAsync(o => o with { WatchCacheCapacity = 8 });
        var client = cluster.Client;
        var ns = await cluster.CreateNamespaceAsync();
        var keep = await client.CreateAsync(Map(ns, "keep"));
        var change = await client.CreateAsync(Map(ns, "change"));
        await client.CreateAsync(Map(ns, "remove"));
        var informer = new Informer<ConfigMap>(client.Resource<ConfigMap>(), new InformerOptions<ConfigMap> { Namespace = ns });

        using (var first = new CancellationTokenSource(Timeout))
        {
            var run = informer.RunAsync(first.Token);
            await informer.WaitForSyncAsync(first.Token);
            await first.CancelAsync();
            await run;
        }

        // While the informer is away: more changes than the watch cache keeps, then compaction, so resuming is 410.
        await client.UpdateAsync(change with { Data = new Dictionary<string, string> { ["k"] = "changed" } });
        await client.DeleteAsync<ConfigMap>(new(ns, "remove"));
        for (var i = 0; i < 12; i++) await client.CreateAsync(Map(ns, $"new-{i}"));
        await cluster.CompactAsync();

        using var stop = new CancellationTokenSource(Timeout);
        var events = Collect(informer, stop.Token);
        await Eventually.TrueAsync(() => events.Count >= 3, Timeout, "the initial adds");
        var running = informer.RunAsync(stop.Token);
        await Eventually.TrueAsync(() => informer.Cache.Count == 14, Timeout, "cache equals the server after relisting");
        Assert.Equal(2, informer.Lists);

        var expected = (await client.ListAsync<ConfigMap>(ns)).Items.ToDictionary(c => c.Metadata!.Name!, c => c.Metadata!.ResourceVersion);
        Assert.Equal(expected.OrderBy(p => p.Key), informer.Cache.List().ToDictionary(c => c.Metadata!.Name!, c => c.Metadata!.ResourceVersion).OrderBy(p => p.Key));
        var afterRelist = events.Skip(3).ToList();
        Assert.Contains(afterRelist, e => e is { Type: InformerEventType.Deleted } && e.Object.Metadata!.Name == "remove");
        Assert.Single(afterRelist, e => e is { Type: InformerEventType.Updated } && e.Object.Metadata!.Name == "change" && e.Object.Data!["k"] == "changed");
        Assert.Equal(12, afterRelist.Count(e => e.Type == InformerEventType.Added));
        Assert.DoesNotContain(afterRelist, e => e.Object.Metadata!.Name == keep.Metadata!.Name);
        Assert.Equal(afterRelist.Count, afterRelist.Select(e => (e.Type, e.Object.Metadata!.Name)).Distinct().Count());

        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task After_a_lost_connection_the_informer_resumes_from_its_resource_version_without_relisting_or_repeating()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        await using var proxy = new TcpProxy(fixture.Cluster.Url);
        using var client = new ClusterClient(fixture.Cluster.Connection with { Server = proxy.Url });
        await fixture.Cluster.Client.CreateAsync(Map(ns, "steady"));
        var informer = new Informer<ConfigMap>(client.Resource<ConfigMap>(), new InformerOptions<ConfigMap> { Namespace = ns });
        using var stop = new CancellationTokenSource(Timeout);
        var running = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(stop.Token);
        var events = Collect(informer, stop.Token);
        await Eventually.TrueAsync(() => events.Count == 1, Timeout, "the initial add");

        proxy.Blackhole();
        var changed = await fixture.Cluster.Client.CreateAsync(Map(ns, "while-away"));
        await fixture.Cluster.Client.UpdateAsync(changed with { Data = new Dictionary<string, string> { ["k"] = "2" } });
        await fixture.Cluster.Client.DeleteAsync<ConfigMap>(new(ns, "steady"));
        proxy.CutAll();
        proxy.Restore();

        await Eventually.TrueAsync(() => informer.Cache.Get(new(ns, "while-away"))?.Data?["k"] == "2" && informer.Cache.Count == 1, Timeout, "the missed changes");
        Assert.Equal(1, informer.Lists);
        await Eventually.TrueAsync(() => events.Count >= 4, Timeout, "the missed events");
        lock (events)
        {
            Assert.Equal(
                [(InformerEventType.Added, "steady"), (InformerEventType.Added, "while-away"), (InformerEventType.Updated, "while-away"), (InformerEventType.Deleted, "steady")],
                events.Select(e => (e.Type, e.Object.Metadata!.Name!)));
        }

        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task Indexes_find_objects_by_namespace_owner_and_custom_keys()
    {
        var client = fixture.Cluster.Client;
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        await client.CreateAsync(Map(ns, "a", "red", owner: "uid-1"));
        await client.CreateAsync(Map(ns, "b", "blue", owner: "uid-1"));
        await client.CreateAsync(Map(ns, "c", "red"));
        var informer = new Informer<ConfigMap>(client.Resource<ConfigMap>(), new InformerOptions<ConfigMap>
        {
            Namespace = ns,
            Indexers = new Dictionary<string, Func<ConfigMap, IEnumerable<string>>> { ["colour"] = c => [c.Data!["k"]] },
        });
        using var stop = new CancellationTokenSource(Timeout);
        var running = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(stop.Token);

        Assert.Equal(["a", "b"], informer.Cache.ByIndex(ObjectCache<ConfigMap>.OwnerIndex, "uid-1").Select(c => c.Metadata!.Name!).Order());
        Assert.Equal(["a", "c"], informer.Cache.ByIndex("colour", "red").Select(c => c.Metadata!.Name!).Order());
        Assert.Equal(3, informer.Cache.List(ns).Count);

        await client.PatchAsync<ConfigMap>(new(ns, "a"), Patch.Merge("""{"data":{"k":"blue"}}"""));
        await Eventually.TrueAsync(() => informer.Cache.ByIndex("colour", "red").Count == 1, Timeout, "index follows an update");
        Assert.Equal(2, informer.Cache.ByIndex("colour", "blue").Count);

        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task Shared_informers_give_one_informer_per_kind_and_start_late_ones()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        await fixture.Cluster.Client.CreateAsync(Map(ns, "x"));
        await using var informers = new SharedInformers(fixture.Cluster.Client);
        var first = informers.For<ConfigMap>();
        Assert.Same(first, informers.For<ConfigMap>());
        informers.Start();
        var late = informers.For<Namespace>();
        using var timeout = new CancellationTokenSource(Timeout);
        await informers.WaitForSyncAsync(timeout.Token);
        Assert.NotNull(first.Cache.Get(new(ns, "x")));
        Assert.NotNull(late.Cache.Get(ObjectKey.Cluster(ns)));
    }

    private static List<InformerEvent<ConfigMap>> Collect(Informer<ConfigMap> informer, CancellationToken ct)
    {
        var events = new List<InformerEvent<ConfigMap>>();
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in informer.Events(ct))
                    lock (events) events.Add(e);
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None);
        return events;
    }
}
