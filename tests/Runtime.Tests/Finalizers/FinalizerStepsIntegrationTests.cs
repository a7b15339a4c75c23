using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Runtime.Client;
using Cluster.Runtime.Client.Errors;
using Cluster.Runtime.Controllers;
using Cluster.Runtime.Finalizers;

namespace Cluster.Runtime.Tests.Finalizers;

[Trait("tier", "integration")]
public sealed class FinalizerStepsIntegrationTests(TestClusterFixture fixture) : IClassFixture<TestClusterFixture>
{
    private const string Ours = "example.dev/cleanup";

    private ResourceClient<ConfigMap> Maps => fixture.Cluster.Client.Resource<ConfigMap>();

    [Fact]
    public async Task A_failed_cleanup_keeps_the_finalizer_and_a_later_success_lets_the_object_go()
    {
        var key = await GuardedAsync();
        var cleanups = 0;
        await Maps.DeleteAsync(key);

        await Assert.ThrowsAsync<InvalidOperationException>(() => RunAsync(key, _ => { cleanups++; throw new InvalidOperationException("backend down"); }));
        Assert.True(FinalizerSteps.Has(await Maps.GetAsync(key), Ours));

        await RunAsync(key, _ => cleanups++);
        Assert.Equal(2, cleanups);
        Assert.Null(await Maps.FindAsync(key)); // ours was the last finalizer
    }

    [Fact]
    public async Task A_deleting_object_without_our_finalizer_is_left_alone()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        var key = new ObjectKey(ns, "theirs");
        await Maps.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "theirs", Namespace = ns, Finalizers = ["other.dev/keep"] } });
        await Maps.DeleteAsync(key);
        var before = await Maps.GetAsync(key);
        var cleanups = 0;
        var reconciles = 0;

        await FinalizerSteps.RunAsync(Maps, before, Ours, (_, _) => { cleanups++; return Task.CompletedTask; },
            (_, _) => { reconciles++; return Task.FromResult(ReconcileResult.Done); });

        Assert.Equal((0, 0), (cleanups, reconciles));
        Assert.Equal(before.Metadata!.ResourceVersion, (await Maps.GetAsync(key)).Metadata!.ResourceVersion);
    }

    [Fact]
    public async Task Adding_a_finalizer_already_present_writes_nothing_and_the_live_object_is_reconciled_as_stored()
    {
        var key = await GuardedAsync();
        var stored = await Maps.GetAsync(key);
        ConfigMap? seen = null;

        Assert.Same(stored, await FinalizerSteps.AddAsync(Maps, stored, Ours));
        await FinalizerSteps.RunAsync(Maps, stored, Ours, (_, _) => Task.CompletedTask,
            (obj, _) => { seen = obj; return Task.FromResult(ReconcileResult.Done); });

        Assert.Equal(stored.Metadata!.ResourceVersion, (await Maps.GetAsync(key)).Metadata!.ResourceVersion);
        Assert.Same(stored, seen);
    }

    [Fact]
    public async Task Removing_with_a_stale_object_is_refused_and_keeps_the_other_writers_finalizer()
    {
        var key = await GuardedAsync();
        var stale = await Maps.GetAsync(key);
        await Maps.UpdateAsync(stale with { Metadata = stale.Metadata! with { Finalizers = [.. stale.Metadata.Finalizers!, "late.dev/x"] } });

        await Assert.ThrowsAsync<ConflictException>(() => FinalizerSteps.RemoveAsync(Maps, stale, Ours));

        Assert.Equal([Ours, "late.dev/x"], (await Maps.GetAsync(key)).Metadata!.Finalizers!);
    }

    private async Task<ObjectKey> GuardedAsync()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        var key = new ObjectKey(ns, "guarded");
        await Maps.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "guarded", Namespace = ns } });
        await RunAsync(key, _ => throw new InvalidOperationException("no cleanup while the object lives"));
        Assert.Equal([Ours], (await Maps.GetAsync(key)).Metadata!.Finalizers!);
        return key;
    }

    private async Task RunAsync(ObjectKey key, Action<ConfigMap> cleanup) =>
        await FinalizerSteps.RunAsync(Maps, await Maps.GetAsync(key), Ours,
            (obj, _) => { cleanup(obj); return Task.CompletedTask; }, (_, _) => Task.FromResult(ReconcileResult.Done));
}
