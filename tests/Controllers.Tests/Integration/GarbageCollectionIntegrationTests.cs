using Cluster.Api.Apps.V1;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Api.Rbac.V1;
using Cluster.Runtime.Client;
using Cluster.TestKit;

namespace Cluster.Controllers.Tests.Integration;

[Trait("tier", "integration")]
public sealed class GarbageCollectionIntegrationTests(ControllerManagerFixture fixture) : IClassFixture<ControllerManagerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private ClusterClient Client => fixture.Cluster.Client;

    private async Task<ConfigMap> ConfigMapAsync(string ns, string name, IEnumerable<ConfigMap>? owners = null, bool block = false, string[]? finalizers = null) =>
        await Client.CreateAsync(new ConfigMap
        {
            Metadata = new ObjectMeta
            {
                Name = name,
                Namespace = ns,
                Finalizers = finalizers,
                OwnerReferences = owners?.Select(o => new OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = o.Metadata!.Name, Uid = o.Metadata.Uid, BlockOwnerDeletion = block }).ToList(),
            },
        });

    private async Task<ConfigMap> DependentAsync(string ns, string name, params OwnerReference[] owners) =>
        await Client.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = name, Namespace = ns, OwnerReferences = owners } });

    private static OwnerReference Ref(ConfigMap owner, bool block = false) =>
        new() { ApiVersion = "v1", Kind = "ConfigMap", Name = owner.Metadata!.Name, Uid = owner.Metadata.Uid, BlockOwnerDeletion = block };

    private async Task<bool> GoneAsync(string ns, string name) => await Client.FindAsync<ConfigMap>(new(ns, name)) is null;

    private async Task<bool> WarnedAsync(string eventNamespace, string involvedName) =>
        (await Client.ListAsync<Event>(eventNamespace)).Items.Any(e => e.Reason == "OwnerRefInvalidNamespace" && e.Type == "Warning" && e.InvolvedObject?.Name == involvedName);

    [Fact]
    public async Task Deleting_a_deployment_in_the_background_takes_its_replica_sets_and_pods()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync("gc");
        await Client.CreateAsync(new Deployment
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = ns },
            Spec = new DeploymentSpec
            {
                Replicas = 2,
                Selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                Template = new PodTemplateSpec
                {
                    Metadata = new ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
                    Spec = new PodSpec { NodeName = "hollow-node-0", Containers = [new Container { Name = "c", Image = "i" }] },
                },
            },
        });
        await Eventually.TrueAsync(async () => (await Client.ListAsync<Pod>(ns)).Items.Count == 2, Patience, "two pods");
        await Client.DeleteAsync<Deployment>(new(ns, "web"));
        await Eventually.TrueAsync(async () => (await Client.ListAsync<ReplicaSet>(ns)).Items.Count == 0 && (await Client.ListAsync<Pod>(ns)).Items.Count == 0,
            Patience, "replica sets and pods collected");
    }

    [Fact]
    public async Task Foreground_deletion_waits_for_blocking_dependents_to_go_first()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync("gc");
        var owner = await ConfigMapAsync(ns, "owner");
        await ConfigMapAsync(ns, "blocking", [owner], block: true, finalizers: ["example.dev/hold"]);
        await ConfigMapAsync(ns, "plain", [owner]);

        await Client.DeleteAsync<ConfigMap>(new(ns, "owner"), new DeleteOptions { PropagationPolicy = "Foreground" });
        await Eventually.TrueAsync(async () => await GoneAsync(ns, "plain") && (await Client.GetAsync<ConfigMap>(new(ns, "blocking"))).Metadata!.DeletionTimestamp is not null,
            Patience, "dependents deleted, the held one marked");
        var waiting = await Client.GetAsync<ConfigMap>(new(ns, "owner"));
        Assert.Contains("foregroundDeletion", waiting.Metadata!.Finalizers!);

        await Client.PatchAsync<ConfigMap>(new(ns, "blocking"), Patch.Merge("""{"metadata":{"finalizers":null}}"""));
        await Eventually.TrueAsync(async () => await GoneAsync(ns, "owner"), Patience, "the owner goes after its blocking dependent");
    }

    [Fact]
    public async Task Orphan_deletion_leaves_dependents_without_the_reference()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync("gc");
        var owner = await ConfigMapAsync(ns, "owner");
        await ConfigMapAsync(ns, "child", [owner]);
        await Client.DeleteAsync<ConfigMap>(new(ns, "owner"), new DeleteOptions { PropagationPolicy = "Orphan" });
        await Eventually.TrueAsync(async () => await GoneAsync(ns, "owner"), Patience, "the owner goes");
        var child = await Client.GetAsync<ConfigMap>(new(ns, "child"));
        Assert.Null(child.Metadata!.OwnerReferences); // no empty list left behind
    }

    [Fact]
    public async Task Dangling_dependents_are_collected_and_a_dependent_with_a_live_owner_only_loses_the_dead_reference()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync("gc");
        var ghost = new ConfigMap { Metadata = new ObjectMeta { Name = "ghost", Uid = Guid.NewGuid().ToString() } };
        await ConfigMapAsync(ns, "dangling", [ghost]);
        var alive = await ConfigMapAsync(ns, "alive");
        var doomed = await ConfigMapAsync(ns, "doomed");
        await ConfigMapAsync(ns, "shared", [alive, doomed]);

        await Eventually.TrueAsync(() => GoneAsync(ns, "dangling"), Patience, "the dangling dependent is collected");
        await Client.DeleteAsync<ConfigMap>(new(ns, "doomed"));
        await Eventually.TrueAsync(async () => (await Client.GetAsync<ConfigMap>(new(ns, "shared"))).Metadata!.OwnerReferences is [var only] && only.Name == "alive",
            Patience, "only the live owner's reference is left");
    }

    [Fact]
    public async Task Background_deletion_cascades_down_a_chain_of_owners()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync("gc");
        var owner = await ConfigMapAsync(ns, "owner");
        var child = await DependentAsync(ns, "child", Ref(owner));
        await DependentAsync(ns, "grandchild", Ref(child));
        await Client.DeleteAsync<ConfigMap>(new(ns, "owner"));
        await Eventually.TrueAsync(async () => await GoneAsync(ns, "child") && await GoneAsync(ns, "grandchild"), Patience, "child and grandchild collected");
    }

    [Fact]
    public async Task Foreground_deletion_goes_down_the_chain_in_the_foreground_and_each_owner_waits_for_its_blocking_dependents()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync("gc");
        var owner = await ConfigMapAsync(ns, "owner");
        var child = await DependentAsync(ns, "child", Ref(owner, block: true));
        await Client.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "grandchild", Namespace = ns, OwnerReferences = [Ref(child, block: true)], Finalizers = ["example.dev/hold"] } });

        await Client.DeleteAsync<ConfigMap>(new(ns, "owner"), new DeleteOptions { PropagationPolicy = "Foreground" });
        await Eventually.TrueAsync(async () => (await Client.GetAsync<ConfigMap>(new(ns, "grandchild"))).Metadata!.DeletionTimestamp is not null,
            Patience, "the grandchild is being deleted");
        var waitingChild = await Client.GetAsync<ConfigMap>(new(ns, "child"));
        Assert.Contains("foregroundDeletion", waitingChild.Metadata!.Finalizers ?? []); // it owns objects, so it went in the foreground too
        Assert.Contains("foregroundDeletion", (await Client.GetAsync<ConfigMap>(new(ns, "owner"))).Metadata!.Finalizers ?? []);

        await Client.PatchAsync<ConfigMap>(new(ns, "grandchild"), Patch.Merge("""{"metadata":{"finalizers":null}}"""));
        await Eventually.TrueAsync(async () => await GoneAsync(ns, "owner") && await GoneAsync(ns, "child") && await GoneAsync(ns, "grandchild"), Patience, "the whole chain goes");
    }

    [Fact]
    public async Task Foreground_deletion_spares_a_dependent_with_another_live_owner_which_only_loses_the_reference()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync("gc");
        var owner = await ConfigMapAsync(ns, "owner");
        var other = await ConfigMapAsync(ns, "other");
        await DependentAsync(ns, "shared", Ref(owner, block: true), Ref(other));
        await DependentAsync(ns, "leaf", Ref(owner, block: true));

        await Client.DeleteAsync<ConfigMap>(new(ns, "owner"), new DeleteOptions { PropagationPolicy = "Foreground" });
        await Eventually.TrueAsync(async () => await GoneAsync(ns, "owner") && await GoneAsync(ns, "leaf"), Patience, "the owner and its only-owned dependent go");
        var shared = await Client.GetAsync<ConfigMap>(new(ns, "shared"));
        Assert.Null(shared.Metadata!.DeletionTimestamp);
        Assert.Equal(["other"], shared.Metadata.OwnerReferences!.Select(r => r.Name));
    }

    [Fact]
    public async Task A_cluster_scoped_owner_owns_dependents_in_every_namespace()
    {
        var (a, b) = (await fixture.Cluster.CreateNamespaceAsync("gc"), await fixture.Cluster.CreateNamespaceAsync("gc"));
        var role = await Client.CreateAsync(new ClusterRole { Metadata = new ObjectMeta { Name = $"gc-owner-{a}" } });
        var reference = new OwnerReference { ApiVersion = "rbac.authorization.k8s.io/v1", Kind = "ClusterRole", Name = role.Metadata!.Name, Uid = role.Metadata.Uid };
        await DependentAsync(a, "dependent", reference);
        await DependentAsync(b, "dependent", reference);

        await Client.DeleteAsync<ClusterRole>(new("", role.Metadata.Name!));
        await Eventually.TrueAsync(async () => await GoneAsync(a, "dependent") && await GoneAsync(b, "dependent"), Patience, "dependents in both namespaces collected");
    }

    [Fact]
    public async Task A_cluster_scoped_dependent_naming_a_namespaced_owner_is_left_alone_with_a_warning_and_the_collector_carries_on()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync("gc");
        var owner = await ConfigMapAsync(ns, "owner");
        var name = $"gc-invalid-{ns}";
        await Client.CreateAsync(new ClusterRole { Metadata = new ObjectMeta { Name = name, OwnerReferences = [Ref(owner)] } });
        await Client.DeleteAsync<ConfigMap>(new(ns, "owner"));
        await Eventually.TrueAsync(() => WarnedAsync("default", name), Patience, "an OwnerRefInvalidNamespace warning about the cluster role");

        var ghost = new ConfigMap { Metadata = new ObjectMeta { Name = "ghost", Uid = Guid.NewGuid().ToString() } };
        await DependentAsync(ns, "dangling", Ref(ghost));
        await Eventually.TrueAsync(() => GoneAsync(ns, "dangling"), Patience, "the collector still collects");
        Assert.NotNull(await Client.FindAsync<ClusterRole>(new("", name)));
    }

    [Fact]
    public async Task An_owner_in_another_namespace_counts_as_absent_and_is_reported()
    {
        var (home, away) = (await fixture.Cluster.CreateNamespaceAsync("gc"), await fixture.Cluster.CreateNamespaceAsync("gc"));
        var owner = await ConfigMapAsync(home, "owner");
        await DependentAsync(away, "stray", Ref(owner));
        await Eventually.TrueAsync(async () => await GoneAsync(away, "stray") && await WarnedAsync(away, "stray"), Patience, "the stray dependent collected, with a warning");
        Assert.NotNull(await Client.FindAsync<ConfigMap>(new(home, "owner")));
    }
}
