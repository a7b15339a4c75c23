using Cluster.Api.Apps.V1;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Api.Serialization;
using Cluster.Controllers.Deployments;
using Cluster.Runtime.Client;
using Cluster.Runtime.Ownership;
using Cluster.TestKit;

namespace Cluster.Controllers.Tests.Integration;

[Trait("tier", "integration")]
public sealed class DeploymentIntegrationTests(ControllerManagerFixture fixture) : IClassFixture<ControllerManagerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private ClusterClient Client => fixture.Cluster.Client;

    private static Deployment NewDeployment(string ns, int replicas, string image = "app:1", string node = "hollow-node-0", string strategy = "RollingUpdate",
        IntOrString? maxSurge = null, IntOrString? maxUnavailable = null, int? progressDeadline = null) => new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = ns },
        Spec = new DeploymentSpec
        {
            Replicas = replicas,
            ProgressDeadlineSeconds = progressDeadline,
            Selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
            Strategy = strategy == "Recreate"
                ? new DeploymentStrategy { Type = "Recreate" }
                : new DeploymentStrategy { Type = "RollingUpdate", RollingUpdate = new RollingUpdateDeployment { MaxSurge = maxSurge ?? "25%", MaxUnavailable = maxUnavailable ?? "25%" } },
            Template = new PodTemplateSpec
            {
                Metadata = new ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
                Spec = new PodSpec { NodeName = node, Containers = [new Container { Name = "app", Image = image }] },
            },
        },
    };

    private async Task<Deployment> GetAsync(string ns) => await Client.GetAsync<Deployment>(new(ns, "web"));

    private async Task SetImageAsync(string ns, string image) =>
        await Client.PatchAsync<Deployment>(new(ns, "web"), Patch.Json($$"""[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"{{image}}"}]"""));

    private static bool RolledOut(Deployment d, int replicas) =>
        d.Status is { } s && s.ObservedGeneration >= d.Metadata!.Generation && s.UpdatedReplicas == replicas && s.Replicas == replicas && s.AvailableReplicas == replicas;

    private async Task<IReadOnlyList<ReplicaSet>> ReplicaSetsAsync(string ns) => (await Client.ListAsync<ReplicaSet>(ns)).Items;

    /// <summary>Pods as a watch sees them, checked on every event.</summary>
    private sealed class PodObserver : IAsyncDisposable
    {
        private readonly Dictionary<string, Pod> _pods = new(StringComparer.Ordinal);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _watching;
        private readonly List<string> _violations = [];

        public PodObserver(ClusterClient client, string ns, Func<IReadOnlyCollection<Pod>, string?> check)
        {
            _watching = Task.Run(async () =>
            {
                try
                {
                    await foreach (var e in client.Resource<Pod>().WatchAsync(ns, new ListOptions { ResourceVersion = "0" }, _stop.Token))
                    {
                        lock (_pods)
                        {
                            if (e.Type == WatchEventType.Deleted) _pods.Remove(e.Object.Metadata!.Name!);
                            else if (e.Type is WatchEventType.Added or WatchEventType.Modified) _pods[e.Object.Metadata!.Name!] = e.Object;
                            if (check(_pods.Values) is { } violation) _violations.Add(violation);
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                }
            });
        }

        /// <summary>The pods as the watch has seen them so far.</summary>
        public IReadOnlyList<Pod> Pods
        {
            get
            {
                lock (_pods) return [.. _pods.Values];
            }
        }

        public async Task<IReadOnlyList<string>> StopAsync()
        {
            await _stop.CancelAsync();
            await _watching;
            return _violations;
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _stop.Dispose();
        }
    }

    private static bool Live(Pod p) => p.Metadata!.DeletionTimestamp is null && p.Status?.Phase is not ("Succeeded" or "Failed");

    private static bool Ready(Pod p) => Live(p) && p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    [Fact]
    public async Task A_deployment_becomes_available_through_a_replica_set_named_by_its_template_hash()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync("deploy");
        await Client.CreateAsync(NewDeployment(ns, 3));
        await Eventually.TrueAsync(async () => RolledOut(await GetAsync(ns), 3), Patience, "rolled out");

        var d = await GetAsync(ns);
        Assert.Equal("True", d.Status!.Conditions!.Single(c => c.Type == "Available").Status);
        var progressing = d.Status.Conditions!.Single(c => c.Type == "Progressing");
        Assert.Equal(("True", "NewReplicaSetAvailable"), (progressing.Status, progressing.Reason));
        Assert.Equal("1", d.Metadata!.Annotations![DeploymentAnnotations.Revision]);
        var rs = Assert.Single(await ReplicaSetsAsync(ns));
        var hash = rs.Metadata!.Labels![DeploymentAnnotations.PodTemplateHash];
        Assert.Equal($"web-{hash}", rs.Metadata.Name);
        Assert.Equal("1", rs.Metadata.Annotations![DeploymentAnnotations.Revision]);
        Assert.True(OwnerReferences.IsControlledBy(rs, d));
        Assert.All((await Client.ListAsync<Pod>(ns)).Items, p => Assert.Equal(hash, p.Metadata!.Labels![DeploymentAnnotations.PodTemplateHash]));
    }

    [Fact]
    public async Task A_rolling_update_never_exceeds_max_surge_nor_drops_below_max_unavailable_and_a_rollback_reuses_the_old_replica_set()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync("roll");
        await Client.CreateAsync(NewDeployment(ns, 4, maxSurge: 1, maxUnavailable: 1));
        await Eventually.TrueAsync(async () => RolledOut(await GetAsync(ns), 4), Patience, "first rollout");
        await Eventually.TrueAsync(async () => (await Client.ListAsync<Pod>(ns)).Items.Count(Ready) == 4, Patience, "4 ready pods");

        var checking = false;
        await using var observer = new PodObserver(Client, ns, pods =>
        {
            if (!Volatile.Read(ref checking)) return null;
            var live = pods.Count(Live);
            var ready = pods.Count(Ready);
            return live > 5 ? $"{live} live pods (max 4 + surge 1)" : ready < 3 ? $"{ready} ready pods (min 4 - unavailable 1)" : null;
        });
        await Eventually.TrueAsync(() => observer.Pods.Count(Ready) == 4, Patience, "the observer caught up");
        Volatile.Write(ref checking, true);

        await SetImageAsync(ns, "app:2");
        await Eventually.TrueAsync(async () => RolledOut(await GetAsync(ns), 4) && (await GetAsync(ns)).Metadata!.Annotations![DeploymentAnnotations.Revision] == "2", Patience, "second rollout");
        await Eventually.TrueAsync(async () => (await Client.ListAsync<Pod>(ns)).Items.Count(Live) == 4, Patience, "old pods gone");
        Assert.Empty(await observer.StopAsync());

        var sets = await ReplicaSetsAsync(ns);
        Assert.Equal(2, sets.Count);
        var first = sets.Single(rs => rs.Metadata!.Annotations![DeploymentAnnotations.Revision] == "1");
        Assert.Equal(0, first.Spec!.Replicas);

        await SetImageAsync(ns, "app:1"); // what kubectl rollout undo does
        await Eventually.TrueAsync(async () => RolledOut(await GetAsync(ns), 4), Patience, "rolled back");
        var reused = (await ReplicaSetsAsync(ns)).Single(rs => rs.Metadata!.Uid == first.Metadata!.Uid);
        Assert.Equal(("3", "1"), (reused.Metadata!.Annotations![DeploymentAnnotations.Revision], reused.Metadata.Annotations[DeploymentAnnotations.RevisionHistory]));
        Assert.Equal(4, reused.Spec!.Replicas);
    }

    [Fact]
    public async Task A_paused_deployment_does_not_roll_out_until_resumed()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync("pause");
        await Client.CreateAsync(NewDeployment(ns, 2));
        await Eventually.TrueAsync(async () => RolledOut(await GetAsync(ns), 2), Patience, "first rollout");

        await Client.PatchAsync<Deployment>(new(ns, "web"), Patch.Merge("""{"spec":{"paused":true}}"""));
        await SetImageAsync(ns, "app:2");
        await Eventually.TrueAsync(async () => (await GetAsync(ns)).Status!.Conditions!.Any(c => c.Type == "Progressing" && c.Reason == "DeploymentPaused"), Patience, "paused condition");
        Assert.Single(await ReplicaSetsAsync(ns));

        await Client.PatchAsync<Deployment>(new(ns, "web"), Patch.Merge("""{"spec":{"paused":false}}"""));
        await Eventually.TrueAsync(async () => RolledOut(await GetAsync(ns), 2) && (await ReplicaSetsAsync(ns)).Count == 2, Patience, "rolled out after resume");
    }

    [Fact]
    public async Task A_rollout_that_makes_no_progress_reports_progress_deadline_exceeded()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync("stuck");
        await Client.CreateAsync(NewDeployment(ns, 2, node: "no-such-node", progressDeadline: 2));
        await Eventually.TrueAsync(async () => (await GetAsync(ns)).Status?.Conditions?.Any(c => c.Type == "Progressing" && c.Status == "False" && c.Reason == "ProgressDeadlineExceeded") == true,
            Patience, "ProgressDeadlineExceeded");
        var available = (await GetAsync(ns)).Status!.Conditions!.Single(c => c.Type == "Available");
        Assert.Equal("False", available.Status);
    }

    [Fact]
    public async Task Recreate_removes_every_old_pod_before_any_new_one_exists()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync("recreate");
        await Client.CreateAsync(NewDeployment(ns, 3, strategy: "Recreate"));
        await Eventually.TrueAsync(async () => RolledOut(await GetAsync(ns), 3), Patience, "first rollout");
        var firstHash = (await ReplicaSetsAsync(ns)).Single().Metadata!.Labels![DeploymentAnnotations.PodTemplateHash];

        await using var observer = new PodObserver(Client, ns, pods =>
        {
            var hashes = pods.Select(p => p.Metadata!.Labels![DeploymentAnnotations.PodTemplateHash]).Distinct().Count();
            return hashes > 1 ? "old and new pods at once" : null;
        });
        await SetImageAsync(ns, "app:2");
        await Eventually.TrueAsync(async () => RolledOut(await GetAsync(ns), 3) && (await Client.ListAsync<Pod>(ns)).Items.All(p => p.Metadata!.Labels![DeploymentAnnotations.PodTemplateHash] != firstHash),
            Patience, "recreated");
        Assert.Empty(await observer.StopAsync());
    }

    [Fact]
    public async Task Scaling_a_deployment_scales_its_replica_set()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync("scale");
        await Client.CreateAsync(NewDeployment(ns, 2));
        await Eventually.TrueAsync(async () => RolledOut(await GetAsync(ns), 2), Patience, "2 replicas");
        await Client.PatchAsync<Deployment>(new(ns, "web"), Patch.Merge("""{"spec":{"replicas":5}}"""));
        await Eventually.TrueAsync(async () => RolledOut(await GetAsync(ns), 5), Patience, "5 replicas");
        await Client.PatchAsync<Deployment>(new(ns, "web"), Patch.Merge("""{"spec":{"replicas":1}}"""));
        await Eventually.TrueAsync(async () => RolledOut(await GetAsync(ns), 1), Patience, "1 replica");
        Assert.Single(await ReplicaSetsAsync(ns));
    }
    [Fact]
    public async Task Scaling_during_a_stuck_rollout_spreads_the_new_replicas_over_both_replica_sets_in_proportion()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync("proportional");
        await Client.CreateAsync(NewDeployment(ns, 10, maxSurge: 3, maxUnavailable: 2));
        await Eventually.TrueAsync(async () => RolledOut(await GetAsync(ns), 10), Patience, "10 replicas");

        // new pods go to a node that does not exist, so the rollout stalls at maxSurge / maxUnavailable
        await Client.PatchAsync<Deployment>(new(ns, "web"), Patch.Json("""[{"op":"replace","path":"/spec/template/spec/nodeName","value":"no-such-node"}]"""));
        var firstHash = "";
        await Eventually.TrueAsync(async () =>
        {
            var sets = await ReplicaSetsAsync(ns);
            if (sets.Count != 2) return false;
            var d = await GetAsync(ns);
            var old = sets.Single(r => r.Metadata!.Annotations![DeploymentAnnotations.Revision] == "1");
            firstHash = old.Metadata!.Labels![DeploymentAnnotations.PodTemplateHash];
            var created = sets.Single(r => r != old);
            return old.Spec!.Replicas == 8 && created.Spec!.Replicas == 5 && d.Status?.AvailableReplicas == 8;
        }, Patience, "rollout stalled at 8 old and 5 new");

        await Client.PatchAsync<Deployment>(new(ns, "web"), Patch.Merge("""{"spec":{"replicas":30}}"""));
        await Eventually.TrueAsync(async () =>
        {
            var sets = await ReplicaSetsAsync(ns);
            var old = sets.Single(r => r.Metadata!.Labels![DeploymentAnnotations.PodTemplateHash] == firstHash);
            var created = sets.Single(r => r != old);
            return old.Spec!.Replicas == 20 && created.Spec!.Replicas == 13;
        }, Patience, "30 replicas (+3 surge) spread 20 old / 13 new, as upstream's proportional scaling");
    }
}
