using Cluster.Api.Apps.V1;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
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

    private async Task<bool> GoneAsync(string ns, string name) => await Client.FindAsync<ConfigMap>(new(ns, name)) is null;

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
        Assert.Empty(child.Metadata!.OwnerReferences ?? []);
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
}
