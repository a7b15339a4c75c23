using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Runtime.Client;
using Cluster.Runtime.Controllers;
using Cluster.Runtime.Events;
using Cluster.Runtime.Finalizers;

namespace Cluster.Runtime.Tests.Helpers;

[Trait("tier", "integration")]
public sealed class EventsAndFinalizersIntegrationTests(TestClusterFixture fixture) : IClassFixture<TestClusterFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private ClusterClient Client => fixture.Cluster.Client;

    [Fact]
    public async Task Repeated_events_are_aggregated_into_one_event_with_a_count()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        var cm = await Client.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "subject", Namespace = ns } });
        await using (var recorder = new EventRecorder(Client, new EventRecorderOptions { Component = "test-controller" }))
        {
            recorder.Normal(cm, "Synced", "all good");
            recorder.Normal(cm, "Synced", "all good");
            recorder.Normal(cm, "Synced", "all good");
            recorder.Warning(cm, "Failed", "something else");
        }
        var events = (await Client.ListAsync<Event>(ns)).Items;
        Assert.Equal(2, events.Count);
        var synced = Assert.Single(events, e => e.Reason == "Synced");
        Assert.Equal(3, synced.Count);
        Assert.True(synced.LastTimestamp >= synced.FirstTimestamp);
        Assert.Equal(("ConfigMap", "v1", "subject", cm.Metadata!.Uid), (synced.InvolvedObject!.Kind, synced.InvolvedObject.ApiVersion, synced.InvolvedObject.Name, synced.InvolvedObject.Uid));
        Assert.Equal("test-controller", synced.Source!.Component);
        Assert.Equal("Warning", Assert.Single(events, e => e.Reason == "Failed").Type);
    }

    [Fact]
    public async Task The_spam_filter_holds_back_a_flood_about_one_object()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        var cm = await Client.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "noisy", Namespace = ns } });
        var recorder = new EventRecorder(Client, new EventRecorderOptions { Component = "test", SpamBurst = 5 });
        for (var i = 0; i < 20; i++) recorder.Normal(cm, "Tick", $"tick {i}");
        await recorder.DisposeAsync();
        Assert.Equal(5, (await Client.ListAsync<Event>(ns)).Items.Count);
        Assert.Equal(15, recorder.Dropped);
    }

    [Fact]
    public async Task The_finalizer_flow_adds_the_finalizer_then_cleans_up_and_lets_deletion_finish()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        var maps = Client.Resource<ConfigMap>();
        var cm = await Client.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "guarded", Namespace = ns, Finalizers = ["other.dev/keep"] } });
        var cleaned = 0;
        async Task<ReconcileResult> Reconcile() => await FinalizerSteps.RunAsync(maps, await maps.GetAsync(new(ns, "guarded")), "example.dev/cleanup",
            (_, _) => { cleaned++; return Task.CompletedTask; }, (_, _) => Task.FromResult(ReconcileResult.Done));

        await Reconcile();
        Assert.Equal(["other.dev/keep", "example.dev/cleanup"], (await maps.GetAsync(new(ns, "guarded"))).Metadata!.Finalizers!);

        await maps.DeleteAsync(new(ns, "guarded"));
        await Reconcile();
        Assert.Equal(1, cleaned);
        Assert.Equal(["other.dev/keep"], (await maps.GetAsync(new(ns, "guarded"))).Metadata!.Finalizers!);

        var stale = cm; // the resourceVersion in the write is a precondition: a stale object is refused, nothing is lost
        await Assert.ThrowsAsync<Cluster.Runtime.Client.Errors.ConflictException>(() => FinalizerSteps.AddAsync(maps, stale, "late.dev/x"));
    }
}
