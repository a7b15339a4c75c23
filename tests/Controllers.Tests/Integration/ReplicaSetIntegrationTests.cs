using Cluster.Api.Apps.V1;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Runtime.Client;
using Cluster.Runtime.Ownership;
using Cluster.TestKit;

namespace Cluster.Controllers.Tests.Integration;

[Trait("tier", "integration")]
public sealed class ReplicaSetIntegrationTests(ControllerManagerFixture fixture) : IClassFixture<ControllerManagerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private ClusterClient Client => fixture.Cluster.Client;

    private static ReplicaSet NewReplicaSet(string ns, int replicas) => new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = ns },
        Spec = new ReplicaSetSpec
        {
            Replicas = replicas,
            Selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
            Template = new PodTemplateSpec
            {
                Metadata = new ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
                Spec = new PodSpec { Containers = [new Container { Name = "c", Image = "busybox" }] },
            },
        },
    };

    private async Task<IReadOnlyList<Pod>> PodsAsync(string ns) =>
        (await Client.ListAsync<Pod>(ns)).Items.Where(p => p.Metadata!.DeletionTimestamp is null).ToList();

    private async Task ScaleAsync(string ns, int replicas) =>
        await Client.PatchAsync<ReplicaSet>(new(ns, "web"), Patch.Merge($$$"""{"spec":{"replicas":{{{replicas}}}}}"""));

    private async Task MakeReadyAsync(Pod pod) =>
        await Client.UpdateStatusAsync(pod with
        {
            Status = new PodStatus { Phase = "Running", Conditions = [new PodCondition { Type = "Ready", Status = "True", LastTransitionTime = DateTimeOffset.UtcNow }] },
        });

    [Fact]
    public async Task A_replica_set_creates_exactly_its_replicas_and_scales_down_the_not_ready_pods_first()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync("rs");
        var most = 0;
        using var stop = new CancellationTokenSource();
        var watching = Task.Run(async () =>
        {
            var seen = new HashSet<string>();
            try
            {
                await foreach (var e in Client.Resource<Pod>().WatchAsync(ns, new ListOptions { ResourceVersion = "0" }, stop.Token))
                {
                    if (e.Type == WatchEventType.Added) seen.Add(e.Object.Metadata!.Name!);
                    if (e.Type == WatchEventType.Deleted || e.Object.Metadata?.DeletionTimestamp is not null) seen.Remove(e.Object.Metadata!.Name!);
                    most = Math.Max(most, seen.Count);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        await Client.CreateAsync(NewReplicaSet(ns, 5));
        await Eventually.TrueAsync(async () => (await Client.GetAsync<ReplicaSet>(new(ns, "web"))).Status?.Replicas == 5, Patience, "status.replicas 5");
        var pods = await PodsAsync(ns);
        Assert.Equal(5, pods.Count);
        Assert.All(pods, p => Assert.StartsWith("web-", p.Metadata!.Name, StringComparison.Ordinal));

        var ready = pods.Take(2).ToList();
        foreach (var pod in ready) await MakeReadyAsync(pod);
        await Eventually.TrueAsync(async () => (await Client.GetAsync<ReplicaSet>(new(ns, "web"))).Status is { ReadyReplicas: 2, AvailableReplicas: 2 }, Patience, "2 ready and available");

        await ScaleAsync(ns, 2);
        await Eventually.TrueAsync(async () => (await PodsAsync(ns)).Count == 2, Patience, "scaled down to 2");
        Assert.Equal(ready.Select(p => p.Metadata!.Name).Order(), (await PodsAsync(ns)).Select(p => p.Metadata!.Name).Order());
        await Eventually.TrueAsync(async () => (await Client.GetAsync<ReplicaSet>(new(ns, "web"))).Status?.Replicas == 2, Patience, "status.replicas 2");
        await stop.CancelAsync();
        await watching;
        Assert.Equal(5, most); // never more pods than replicas
    }

    [Fact]
    public async Task Matching_orphans_are_adopted_and_pods_that_stop_matching_are_released_and_replaced()
    {
        // Objects first, controllers after: their informers start from a list holding both, so the adoption is certain.
        await using var cluster = await Cluster.Testing.TestCluster.StartAsync();
        var client = cluster.Client;
        var ns = await cluster.CreateNamespaceAsync("rs");
        await client.CreateAsync(new Pod
        {
            Metadata = new ObjectMeta { Name = "orphan", Namespace = ns, Labels = new Dictionary<string, string> { ["app"] = "web" } },
            Spec = new PodSpec { Containers = [new Container { Name = "c", Image = "busybox" }] },
        });
        var rs = await client.CreateAsync(NewReplicaSet(ns, 2));
        await using var controllers = ControllerManager.Create(cluster.NewClient(), ControllerManagerFixture.Options with { Enabled = new HashSet<string> { "replicaset" } },
            Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        using var stop = new CancellationTokenSource();
        var running = controllers.Runtime.RunAsync(stop.Token);

        await Eventually.TrueAsync(async () => (await client.GetAsync<Pod>(new(ns, "orphan"))).Metadata!.OwnerReferences?.Any(r => r.Uid == rs.Metadata!.Uid) == true,
            Patience, "the orphan is adopted");
        await Eventually.TrueAsync(async () => (await client.GetAsync<ReplicaSet>(new(ns, "web"))).Status?.Replicas == 2, Patience, "one more pod beside the adopted one");
        Assert.Equal(2, (await client.ListAsync<Pod>(ns)).Items.Count);

        await client.PatchAsync<Pod>(new(ns, "orphan"), Patch.Merge("""{"metadata":{"labels":{"app":"debug"}}}"""));
        await Eventually.TrueAsync(async () => OwnerReferences.ControllerOf(await client.GetAsync<Pod>(new(ns, "orphan"))) is null, Patience, "the relabelled pod is released");
        await Eventually.TrueAsync(async () => (await client.ListAsync<Pod>(ns)).Items.Count(p => p.Metadata!.Labels!["app"] == "web") == 2, Patience, "a replacement is created");
        Assert.Equal(3, (await client.ListAsync<Pod>(ns)).Items.Count);
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task A_deleted_pod_is_replaced_and_events_record_what_the_controller_did()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync("rs");
        await Client.CreateAsync(NewReplicaSet(ns, 1));
        await Eventually.TrueAsync(async () => (await PodsAsync(ns)).Count == 1, Patience, "one pod");
        var first = (await PodsAsync(ns))[0];
        await Client.DeleteAsync<Pod>(new(ns, first.Metadata!.Name!));
        await Eventually.TrueAsync(async () => (await PodsAsync(ns)) is [var p] && p.Metadata!.Name != first.Metadata.Name, Patience, "a replacement");
        await Eventually.TrueAsync(async () => (await Client.ListAsync<Event>(ns)).Items.Count(e => e.Reason == "SuccessfulCreate" && e.InvolvedObject!.Kind == "ReplicaSet") >= 2,
            Patience, "SuccessfulCreate events");
    }
}
