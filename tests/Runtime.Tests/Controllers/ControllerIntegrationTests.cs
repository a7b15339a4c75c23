using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Cluster.Api.Apps.V1;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Runtime.Builder;
using Cluster.Runtime.Client;
using Cluster.Runtime.Controllers;
using Cluster.Runtime.Queue;
using Cluster.TestKit;

namespace Cluster.Runtime.Tests.Controllers;

[Trait("tier", "integration")]
public sealed class ControllerIntegrationTests(TestClusterFixture fixture) : IClassFixture<TestClusterFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private ClusterClient Client => fixture.Cluster.Client;

    private static ConfigMap Map(string ns, string name, string value = "1") =>
        new() { Metadata = new ObjectMeta { Name = name, Namespace = ns }, Data = new Dictionary<string, string> { ["k"] = value } };

    private static IRateLimiter<ObjectKey> Fast() => new ExponentialFailureRateLimiter<ObjectKey>(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(50));

    [Fact]
    public async Task The_reconciler_sees_the_latest_state_of_each_changed_object_from_the_cache()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        await using var runtime = new ControllerRuntime(Client);
        var seen = new ConcurrentDictionary<ObjectKey, string>();
        runtime.For<ConfigMap>().Complete((key, _) =>
        {
            if (key.Namespace == ns && runtime.Cache.Get<ConfigMap>(key) is { } cm) seen[key] = cm.Data!["k"];
            return Task.FromResult(ReconcileResult.Done);
        });
        using var stop = new CancellationTokenSource();
        var running = runtime.RunAsync(stop.Token);

        var created = await Client.CreateAsync(Map(ns, "a"));
        for (var i = 2; i <= 5; i++) created = await Client.UpdateAsync(created with { Data = new Dictionary<string, string> { ["k"] = i.ToString() } });
        await Eventually.TrueAsync(() => seen.GetValueOrDefault(new(ns, "a")) == "5", Timeout, "the last state reconciled");

        await stop.CancelAsync();
        await running.WaitAsync(Timeout);
    }

    [Fact]
    public async Task A_watch_map_may_read_the_cache_from_the_first_event_on()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        for (var i = 0; i < 20; i++) await Client.CreateAsync(new ServiceAccount { Metadata = new ObjectMeta { Name = $"sa-{i}", Namespace = ns } });
        await Client.CreateAsync(Map(ns, "target"));
        await using var runtime = new ControllerRuntime(Client);
        var reconciled = new ConcurrentQueue<ObjectKey>();
        // The map reads the primary kind's cache: it must never run before that cache is complete.
        runtime.For<ConfigMap>()
            .Watches<ServiceAccount>(sa => runtime.Cache.List<ConfigMap>(sa.Metadata!.Namespace).Select(ObjectKey.Of))
            .Complete((key, _) =>
            {
                if (key.Namespace == ns) reconciled.Enqueue(key);
                return Task.FromResult(ReconcileResult.Done);
            });
        using var stop = new CancellationTokenSource();
        var running = runtime.RunAsync(stop.Token);
        await Eventually.TrueAsync(() => reconciled.Contains(new(ns, "target")), Timeout, "the initial reconcile");
        reconciled.Clear();

        await Client.CreateAsync(new ServiceAccount { Metadata = new ObjectMeta { Name = "late", Namespace = ns } });
        await Eventually.TrueAsync(() => reconciled.Contains(new(ns, "target")), Timeout, "a later watched change still maps (the source did not die on startup)");
        await stop.CancelAsync();
        await running.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Changes_to_owned_children_and_watched_objects_reconcile_the_mapped_key()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        var owner = await Client.CreateAsync(Map(ns, "owner"));
        await using var runtime = new ControllerRuntime(Client);
        var reconciled = new ConcurrentQueue<ObjectKey>();
        runtime.For<ConfigMap>()
            .Owns<Secret>()
            .Watches<ServiceAccount>(sa => sa.Metadata?.Annotations?.TryGetValue("example.dev/config", out var target) == true ? [new ObjectKey(sa.Metadata.Namespace!, target)] : [])
            .Complete((key, _) =>
            {
                if (key.Namespace == ns) reconciled.Enqueue(key);
                return Task.FromResult(ReconcileResult.Done);
            });
        using var stop = new CancellationTokenSource();
        var running = runtime.RunAsync(stop.Token);
        await Eventually.TrueAsync(() => reconciled.Contains(new(ns, "owner")), Timeout, "the initial reconcile");
        reconciled.Clear();

        await Client.CreateAsync(new Secret
        {
            Metadata = new ObjectMeta
            {
                Name = "child",
                Namespace = ns,
                OwnerReferences = [new OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "owner", Uid = owner.Metadata!.Uid, Controller = true }],
            },
        });
        await Eventually.TrueAsync(() => reconciled.Contains(new(ns, "owner")), Timeout, "a child's change wakes its owner");
        reconciled.Clear();

        await Client.CreateAsync(new ServiceAccount { Metadata = new ObjectMeta { Name = "sa", Namespace = ns, Annotations = new Dictionary<string, string> { ["example.dev/config"] = "mapped" } } });
        await Eventually.TrueAsync(() => reconciled.Contains(new(ns, "mapped")), Timeout, "a watched object's change wakes the mapped key");

        await stop.CancelAsync();
        await running.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Failures_are_retried_with_backoff_until_the_reconcile_succeeds()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        await using var runtime = new ControllerRuntime(Client);
        var attempts = 0;
        var succeeded = false;
        runtime.For<ConfigMap>().WithRateLimiter(Fast()).Complete((key, _) =>
        {
            if (key != new ObjectKey(ns, "flaky")) return Task.FromResult(ReconcileResult.Done);
            if (Interlocked.Increment(ref attempts) < 3) throw new InvalidOperationException("not yet");
            Volatile.Write(ref succeeded, true);
            return Task.FromResult(ReconcileResult.Done);
        });
        using var stop = new CancellationTokenSource();
        var running = runtime.RunAsync(stop.Token);
        await Client.CreateAsync(Map(ns, "flaky"));
        await Eventually.TrueAsync(() => Volatile.Read(ref succeeded), Timeout, "success after two failures");
        Assert.Equal(3, Volatile.Read(ref attempts));
        Assert.Equal(0, runtime.Controllers.OfType<Controller<ConfigMap>>().Single().Queue.NumRequeues(new(ns, "flaky")));

        await stop.CancelAsync();
        await running.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Requeue_after_reconciles_again_and_terminal_errors_are_not_retried()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        await using var runtime = new ControllerRuntime(Client);
        var timed = 0;
        var terminal = 0;
        runtime.For<ConfigMap>().WithRateLimiter(Fast()).Complete((key, _) =>
        {
            if (key == new ObjectKey(ns, "timed") && Interlocked.Increment(ref timed) < 3) return Task.FromResult(ReconcileResult.After(TimeSpan.FromMilliseconds(20)));
            if (key == new ObjectKey(ns, "broken"))
            {
                Interlocked.Increment(ref terminal);
                throw new TerminalException("the spec can never work");
            }
            return Task.FromResult(ReconcileResult.Done);
        });
        using var stop = new CancellationTokenSource();
        var running = runtime.RunAsync(stop.Token);
        await Client.CreateAsync(Map(ns, "broken"));
        await Client.CreateAsync(Map(ns, "timed"));
        await Eventually.TrueAsync(() => Volatile.Read(ref timed) == 3, Timeout, "two timed requeues");
        Assert.Equal(1, Volatile.Read(ref terminal));

        await stop.CancelAsync();
        await running.WaitAsync(Timeout);
    }

    [Fact]
    public async Task One_key_is_never_reconciled_by_two_workers_at_once()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        await using var runtime = new ControllerRuntime(Client);
        var inFlight = new ConcurrentDictionary<ObjectKey, int>();
        var overlaps = 0;
        var reconciles = 0;
        runtime.For<ConfigMap>().WithConcurrency(4).Complete(async (key, ct) =>
        {
            if (!inFlight.TryAdd(key, 0)) Interlocked.Increment(ref overlaps);
            await Task.Delay(2, ct);
            inFlight.TryRemove(key, out _);
            if (key.Namespace == ns) Interlocked.Increment(ref reconciles);
            return ReconcileResult.Done;
        });
        using var stop = new CancellationTokenSource();
        var running = runtime.RunAsync(stop.Token);
        var maps = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Client.CreateAsync(Map(ns, $"c{i}"))));
        await Task.WhenAll(maps.Select(async m =>
        {
            for (var v = 0; v < 10; v++) m = await Client.UpdateAsync(m with { Data = new Dictionary<string, string> { ["k"] = v.ToString() } });
        }));
        await Eventually.TrueAsync(() => Volatile.Read(ref reconciles) >= 4, Timeout, "every key reconciled");
        Assert.Equal(0, Volatile.Read(ref overlaps));

        await stop.CancelAsync();
        await running.WaitAsync(Timeout);
    }

    [Fact]
    public async Task The_generation_predicate_ignores_status_only_changes()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        await using var runtime = new ControllerRuntime(Client);
        var reconciles = new ConcurrentQueue<long?>();
        runtime.For<Deployment>().WithPredicate(Predicates.GenerationChanged<Deployment>()).Complete((key, _) =>
        {
            if (key.Namespace == ns) reconciles.Enqueue(runtime.Cache.Get<Deployment>(key)?.Metadata?.Generation);
            return Task.FromResult(ReconcileResult.Done);
        });
        using var stop = new CancellationTokenSource();
        var running = runtime.RunAsync(stop.Token);
        var deployment = await Client.CreateAsync(Deployment(ns));
        await Eventually.TrueAsync(() => reconciles.Count == 1, Timeout, "the create");

        deployment = await Client.UpdateStatusAsync(deployment with { Status = new DeploymentStatus { Replicas = 3 } });
        await Client.Resource<Deployment>().ScaleAsync(new(ns, "web"), 5);
        await Eventually.TrueAsync(() => reconciles.Count == 2, Timeout, "the spec change");
        Assert.Equal([1L, 2L], reconciles.ToArray());

        await stop.CancelAsync();
        await running.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Graceful_shutdown_lets_in_flight_reconciles_finish_and_cancels_them_after_the_deadline()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        await using var runtime = new ControllerRuntime(Client, new ControllerRuntimeOptions { ShutdownTimeout = TimeSpan.FromSeconds(2) });
        var started = new ConcurrentDictionary<string, bool>();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var outcomes = new ConcurrentDictionary<string, string>();
        runtime.For<ConfigMap>().WithConcurrency(2).Complete(async (key, ct) =>
        {
            if (key.Namespace != ns) return ReconcileResult.Done;
            started[key.Name] = true;
            try
            {
                if (key.Name == "finishes") await release.Task;
                else await Task.Delay(System.Threading.Timeout.Infinite, ct);
                outcomes[key.Name] = "finished";
            }
            catch (OperationCanceledException)
            {
                outcomes[key.Name] = "cancelled";
                throw;
            }
            return ReconcileResult.Done;
        });
        using var stop = new CancellationTokenSource();
        var running = runtime.RunAsync(stop.Token);
        await Client.CreateAsync(Map(ns, "finishes"));
        await Client.CreateAsync(Map(ns, "hangs"));
        await Eventually.TrueAsync(() => started.Count == 2, Timeout, "both reconciles running");

        await stop.CancelAsync();
        release.SetResult();
        await running.WaitAsync(Timeout);
        Assert.Equal("finished", outcomes["finishes"]);
        Assert.Equal("cancelled", outcomes["hangs"]);
    }

    [Fact]
    public async Task Reconciles_are_measured_with_controller_runtime_metric_names()
    {
        var ns = await fixture.Cluster.CreateNamespaceAsync();
        using var meter = new Meter("controller-test-" + Guid.NewGuid());
        var names = new ConcurrentDictionary<string, bool>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) => { if (instrument.Meter == meter) l.EnableMeasurementEvents(instrument); };
        listener.SetMeasurementEventCallback<long>((i, _, _, _) => names[i.Name] = true);
        listener.SetMeasurementEventCallback<double>((i, _, _, _) => names[i.Name] = true);
        listener.Start();
        await using var runtime = new ControllerRuntime(Client, meter: meter);
        runtime.For<ConfigMap>().Named("metered").Complete((_, _) => Task.FromResult(ReconcileResult.Done));
        using var stop = new CancellationTokenSource();
        var running = runtime.RunAsync(stop.Token);
        await Client.CreateAsync(Map(ns, "m"));
        await Eventually.TrueAsync(() => names.ContainsKey("controller_runtime_reconcile_total"), Timeout, "a reconcile counted");
        Assert.Contains("controller_runtime_reconcile_time_seconds", names.Keys);
        Assert.Contains("controller_runtime_active_workers", names.Keys);
        Assert.Contains("workqueue_adds_total", names.Keys);

        await stop.CancelAsync();
        await running.WaitAsync(Timeout);
    }

    private static Deployment Deployment(string ns) => new()
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
    };
}
