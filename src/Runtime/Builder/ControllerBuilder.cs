using Cluster.Api;
using Cluster.Runtime.Controllers;
using Cluster.Runtime.Informers;
using Cluster.Runtime.Queue;

namespace Cluster.Runtime.Builder;

/// <summary>
/// Declares a controller: the kind it reconciles (<c>For</c>), the kinds whose changes wake it (<see cref="Owns{TChild}"/>
/// through controller ownerReferences, <see cref="Watches{TOther}"/> through a map), event filters, and concurrency;
/// <see cref="Complete(IReconciler{T})"/> registers it with the runtime. Informers are shared with every other controller.
/// </summary>
public sealed class ControllerBuilder<T> where T : class, IKubernetesObject<T>
{
    private readonly ControllerRuntime _runtime;
    private readonly Informer<T> _informer;
    private readonly List<IEventSource> _sources = [];
    private readonly List<Func<InformerEvent<T>, bool>> _predicates = [];
    private string _name;
    private int _concurrency = 1;
    private IRateLimiter<ObjectKey>? _limiter;

    internal ControllerBuilder(ControllerRuntime runtime, Informer<T> informer)
    {
        _runtime = runtime;
        _informer = informer;
        _name = informer.Kind.Kind.ToLowerInvariant();
    }

    /// <summary>The runtime's cache, for <see cref="Watches{TOther}"/> maps that look up related objects.</summary>
    public ClusterCache Cache => _runtime.Cache;

    /// <summary>The controller's name in logs, metrics and queue metrics (default: the kind in lower case).</summary>
    public ControllerBuilder<T> Named(string name)
    {
        _name = name;
        return this;
    }

    /// <summary>Reconcile the owner when a child it controls (ownerReference with controller=true) changes.</summary>
    public ControllerBuilder<T> Owns<TChild>() where TChild : class, IKind<TChild>, IKubernetesObject<TChild>
    {
        _sources.Add(new InformerEventSource<TChild>(_runtime.Informers.For<TChild>(), OwnerKeys.Of<TChild>(_informer.Kind), []));
        return this;
    }

    /// <summary>Reconcile the keys <paramref name="map"/> gives when an object of another kind changes.</summary>
    public ControllerBuilder<T> Watches<TOther>(Func<TOther, IEnumerable<ObjectKey>> map) where TOther : class, IKind<TOther>, IKubernetesObject<TOther>
    {
        // Maps commonly read the reconciled kind's cache: they see it only once it has synced.
        _sources.Add(new InformerEventSource<TOther>(_runtime.Informers.For<TOther>(), e =>
            e.Old is { } old && !ReferenceEquals(old, e.Object) ? map(e.Object).Union(map(old)) : map(e.Object), [], [_informer]));
        return this;
    }

    /// <summary>Only events of the reconciled kind that pass <paramref name="predicate"/> trigger a reconcile.</summary>
    public ControllerBuilder<T> WithPredicate(Func<InformerEvent<T>, bool> predicate)
    {
        _predicates.Add(predicate);
        return this;
    }

    /// <summary>At most <paramref name="workers"/> reconciles at once (different keys; one key never runs twice at once).</summary>
    public ControllerBuilder<T> WithConcurrency(int workers)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workers);
        _concurrency = workers;
        return this;
    }

    /// <summary>The retry backoff (default: upstream's, 5 ms doubling to 1000 s per key, and 10/s burst 100 overall).</summary>
    public ControllerBuilder<T> WithRateLimiter(IRateLimiter<ObjectKey> limiter)
    {
        _limiter = limiter;
        return this;
    }

    public Controller<T> Complete(IReconciler<T> reconciler)
    {
        IEventSource own = new InformerEventSource<T>(_informer, static e => [ObjectKey.Of(e.Object)], [.. _predicates]);
        var controller = new Controller<T>(_name, reconciler, [own, .. _sources], _concurrency,
            _limiter ?? RateLimiters.DefaultController<ObjectKey>(_runtime.Time), _runtime.Time, _runtime.LoggerFor(_name), _runtime.Metrics, _runtime.QueueMetrics);
        _runtime.Add(controller);
        return controller;
    }

    /// <summary>Registers a reconcile function (for small controllers and tests).</summary>
    public Controller<T> Complete(Func<ObjectKey, CancellationToken, Task<ReconcileResult>> reconcile) => Complete(new FunctionReconciler(reconcile));

    private sealed class FunctionReconciler(Func<ObjectKey, CancellationToken, Task<ReconcileResult>> reconcile) : IReconciler<T>
    {
        public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct) => reconcile(key, ct);
    }
}
