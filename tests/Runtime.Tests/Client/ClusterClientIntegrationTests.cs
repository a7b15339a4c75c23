using System.Text.Json.Nodes;
using Cluster.Api;
using Cluster.Api.Apps.V1;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Runtime.Client;
using Cluster.Runtime.Client.Errors;

namespace Cluster.Runtime.Tests.Client;

[Trait("tier", "integration")]
public sealed class ClusterClientIntegrationTests(TestClusterFixture fixture) : IClassFixture<TestClusterFixture>
{
    private ClusterClient Client => fixture.Cluster.Client;

    private static ConfigMap Map(string ns, string name, string value = "1") =>
        new() { Metadata = new ObjectMeta { Name = name, Namespace = ns }, Data = new Dictionary<string, string> { ["k"] = value } };

    [Fact]
    public async Task Create_get_update_and_delete_round_trip_typed_objects()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        var created = await Client.CreateAsync(Map(ns, "a"));
        Assert.Equal("ConfigMap", created.Kind);
        Assert.False(string.IsNullOrEmpty(created.Metadata?.ResourceVersion));

        var read = await Client.GetAsync<ConfigMap>(new(ns, "a"));
        Assert.Equal("1", read.Data!["k"]);

        var updated = await Client.UpdateAsync(read with { Data = new Dictionary<string, string> { ["k"] = "2" } });
        Assert.Equal("2", updated.Data!["k"]);
        Assert.NotEqual(read.Metadata!.ResourceVersion, updated.Metadata!.ResourceVersion);

        Assert.Null(await Client.DeleteAsync<ConfigMap>(new(ns, "a")));
        Assert.Null(await Client.FindAsync<ConfigMap>(new(ns, "a")));
    }

    [Fact]
    public async Task Failures_surface_as_typed_exceptions_with_the_servers_status()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        var missing = await Assert.ThrowsAsync<NotFoundException>(() => Client.GetAsync<ConfigMap>(new(ns, "nope")));
        Assert.Equal(404, missing.Status.Code);
        Assert.Equal("NotFound", missing.Reason);

        var first = await Client.CreateAsync(Map(ns, "b"));
        await Assert.ThrowsAsync<AlreadyExistsException>(() => Client.CreateAsync(Map(ns, "b")));

        await Client.UpdateAsync(first with { Data = new Dictionary<string, string> { ["k"] = "new" } });
        var stale = await Assert.ThrowsAsync<ConflictException>(() => Client.UpdateAsync(first with { Data = new Dictionary<string, string> { ["k"] = "stale" } }));
        Assert.Equal("Conflict", stale.Reason);

        var invalid = await Assert.ThrowsAsync<InvalidException>(() => Client.CreateAsync(Map(ns, "Not_A_Valid_Name")));
        Assert.Contains(invalid.Causes, c => c.Field == "metadata.name");
    }

    [Fact]
    public async Task All_four_patch_types_and_server_side_apply_change_the_object()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        await Client.CreateAsync(Map(ns, "p"));
        var key = new ObjectKey(ns, "p");

        var merged = await Client.PatchAsync<ConfigMap>(key, Patch.Merge("""{"data":{"m":"merge"}}"""));
        Assert.Equal("merge", merged.Data!["m"]);
        var jsonPatched = await Client.PatchAsync<ConfigMap>(key, Patch.Json("""[{"op":"add","path":"/data/j","value":"json"}]"""));
        Assert.Equal("json", jsonPatched.Data!["j"]);
        var strategic = await Client.PatchAsync<ConfigMap>(key, Patch.StrategicMerge("""{"metadata":{"labels":{"s":"smp"}}}"""));
        Assert.Equal("smp", strategic.Metadata!.Labels!["s"]);

        var applied = await Client.ApplyAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "p", Namespace = ns }, Data = new Dictionary<string, string> { ["a"] = "apply" } }, "test-manager");
        Assert.Equal("apply", applied.Data!["a"]);
        Assert.Contains(applied.Metadata!.ManagedFields!, m => m.Manager == "test-manager" && m.Operation == "Apply");

        var conflict = await Assert.ThrowsAsync<ConflictException>(() =>
            Client.ApplyAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "p", Namespace = ns }, Data = new Dictionary<string, string> { ["a"] = "other" } }, "second-manager"));
        Assert.NotEmpty(conflict.Causes);
        var forced = await Client.ApplyAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "p", Namespace = ns }, Data = new Dictionary<string, string> { ["a"] = "other" } }, "second-manager", force: true);
        Assert.Equal("other", forced.Data!["a"]);
    }

    [Fact]
    public async Task Delete_honours_preconditions_and_finalizers()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        var cm = await Client.CreateAsync(Map(ns, "d") with { Metadata = new ObjectMeta { Name = "d", Namespace = ns, Finalizers = ["example.dev/hold"] } });
        await Assert.ThrowsAsync<ConflictException>(() =>
            Client.DeleteAsync<ConfigMap>(new(ns, "d"), new DeleteOptions { Preconditions = new Preconditions { Uid = "not-the-uid" } }));

        var pending = await Client.DeleteAsync<ConfigMap>(new(ns, "d"), new DeleteOptions { Preconditions = new Preconditions { Uid = cm.Metadata!.Uid } });
        Assert.NotNull(pending);
        Assert.NotNull(pending.Metadata!.DeletionTimestamp);

        await Client.PatchAsync<ConfigMap>(new(ns, "d"), Patch.Merge("""{"metadata":{"finalizers":null}}"""));
        Assert.Null(await Client.FindAsync<ConfigMap>(new(ns, "d")));
    }

    [Fact]
    public async Task Status_and_scale_subresources_are_reachable()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        var deployment = await Client.CreateAsync(new Deployment
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = ns },
            Spec = new DeploymentSpec
            {
                Replicas = 1,
                Selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                Template = new PodTemplateSpec
                {
                    Metadata = new ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
                    Spec = new PodSpec { Containers = [new Container { Name = "c", Image = "busybox" }] },
                },
            },
        });
        var withStatus = await Client.UpdateStatusAsync(deployment with { Status = new DeploymentStatus { ObservedGeneration = 1, Replicas = 1 } });
        Assert.Equal(1, withStatus.Status!.Replicas);

        var deployments = Client.Resource<Deployment>();
        var scale = await deployments.ScaleAsync(new(ns, "web"), 4);
        Assert.Equal(4, scale.Spec!.Replicas);
        Assert.Equal(4, (await deployments.GetScaleAsync(new(ns, "web"))).Spec!.Replicas);
        Assert.Equal(4, (await Client.GetAsync<Deployment>(new(ns, "web"))).Spec!.Replicas);
    }

    [Fact]
    public async Task Lists_filter_by_label_selector_and_page_with_continue_tokens()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        for (var i = 0; i < 7; i++)
            await Client.CreateAsync(Map(ns, $"l{i}") with { Metadata = new ObjectMeta { Name = $"l{i}", Namespace = ns, Labels = new Dictionary<string, string> { ["odd"] = (i % 2).ToString() } } });

        var odd = await Client.ListAsync<ConfigMap>(ns, new ListOptions { LabelSelector = "odd=1" });
        Assert.Equal(["l1", "l3", "l5"], odd.Items.Select(c => c.Metadata!.Name!).Order());
        Assert.False(string.IsNullOrEmpty(odd.ResourceVersion));

        var firstPage = await Client.ListAsync<ConfigMap>(ns, new ListOptions { Limit = 3 });
        Assert.Equal(3, firstPage.Items.Count);
        Assert.NotNull(firstPage.Continue);

        var all = await Client.Resource<ConfigMap>().ListAllAsync(ns, pageSize: 2).Select(c => c.Metadata!.Name!).ToListAsync();
        Assert.Equal(7, all.Count(n => n.StartsWith('l')));
    }

    [Fact]
    public async Task Watch_delivers_changes_after_the_lists_resource_version_and_bookmarks()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        var list = await Client.ListAsync<ConfigMap>(ns);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = new List<WatchEvent<ConfigMap>>();
        var watching = Task.Run(async () =>
        {
            await foreach (var e in Client.WatchAsync<ConfigMap>(ns, new ListOptions { ResourceVersion = list.ResourceVersion, AllowWatchBookmarks = true }, cts.Token))
            {
                events.Add(e);
                if (e.Type == WatchEventType.Deleted) return;
            }
        }, cts.Token);

        var created = await Client.CreateAsync(Map(ns, "w"));
        await Client.UpdateAsync(created with { Data = new Dictionary<string, string> { ["k"] = "2" } });
        await Client.DeleteAsync<ConfigMap>(new(ns, "w"));
        await watching;

        Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted], events.Where(e => e.Type != WatchEventType.Bookmark).Select(e => e.Type));
        Assert.All(events, e => Assert.Equal("ConfigMap", e.Object.Kind));
    }

    [Fact]
    public async Task Watch_from_a_compacted_resource_version_throws_gone()
    {
        await using var cluster = await Cluster.Testing.TestCluster.StartAsync(o => o with { WatchCacheCapacity = 8 });
        var ns = await cluster.CreateNamespaceAsync();
        var old = await cluster.Client.CreateAsync(Map(ns, "old"));
        for (var i = 0; i < 12; i++) await cluster.Client.CreateAsync(Map(ns, $"later-{i}"));
        await cluster.CompactAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Assert.ThrowsAsync<GoneException>(async () =>
        {
            await foreach (var _ in cluster.Client.WatchAsync<ConfigMap>(ns, new ListOptions { ResourceVersion = old.Metadata!.ResourceVersion }, cts.Token)) { }
        });
    }

    [Fact]
    public async Task The_dynamic_client_reads_and_writes_any_resource_as_json()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        var configMaps = Client.Dynamic(new KindInfo("", "v1", "ConfigMap", "configmaps", true));
        var created = await configMaps.CreateAsync(new DynamicObject(new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "dyn", ["namespace"] = ns },
            ["data"] = new JsonObject { ["x"] = "y" },
        }));
        Assert.Equal("ConfigMap", created.Kind);
        Assert.Equal("y", (string?)created["data.x"]);

        var changed = await configMaps.UpdateAsync(created.With(b => b["data"]!["x"] = "z"));
        Assert.Equal("z", (string?)changed["data.x"]);
        Assert.Single((await configMaps.ListAsync(ns)).Items, o => o.Metadata!.Name == "dyn");
        Assert.Equal("z", (await Client.GetAsync<ConfigMap>(new(ns, "dyn"))).Data!["x"]);
    }

    [Fact]
    public async Task A_kubeconfig_written_for_kubectl_connects_the_client()
    {
        var connection = ClusterConnection.Discover(fixture.Cluster.KubeconfigPath);
        using var client = new ClusterClient(connection);
        var namespaces = await client.ListAsync<Namespace>();
        Assert.Contains(namespaces.Items, n => n.Metadata!.Name == "default");
    }

    [Fact]
    public async Task A_server_whose_certificate_is_not_from_the_ca_is_refused()
    {
        using var client = new ClusterClient(fixture.Cluster.Connection with { CertificateAuthorityPem = OtherCa(), MaxRetries = 0 });
        await Assert.ThrowsAsync<HttpRequestException>(() => client.ListAsync<Namespace>());
    }

    private static string OtherCa()
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=other", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return cert.ExportCertificatePem();
    }
}
