using System.Diagnostics.Metrics;
using Cluster.Api;
using Cluster.Runtime.Client;
using Cluster.Runtime.Controllers;
using Cluster.Runtime.Informers;
using Cluster.Runtime.Queue;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Runtime.Builder;

/// <summary>
/// Hosts controllers on one cluster connection: shared informers (one watch and cache per kind), a cache facade for
/// reconcilers, and the controllers declared with <see cref="For{T}"/>. <see cref="RunAsync(CancellationToken)"/> starts the informers,
/// waits for them to sync, runs every controller, and on stop gives in-flight reconciles
/// <see cref="ControllerRuntimeOptions.ShutdownTimeout"/> to finish.
/// </summary>
/// <example><code>
/// var runtime = new ControllerRuntime(client);
/// runtime.For&lt;ReplicaSet&gt;().Owns&lt;Pod&gt;().WithConcurrency(5).Complete(new ReplicaSetReconciler(runtime.Client, runtime.Cache));
/// await runtime.RunAsync(stoppingToken);
/// </code></example>
public sealed class ControllerRuntime : IAsyncDisposable
{
    private readonly List<IController> _controllers = [];
    private readonly ILoggerFactory _loggers;
    private readonly ControllerRuntimeOptions _options;
    private readonly Lock _lock = new(); // guards _controllers and _running

    private bool _running;

    public ControllerRuntime(ClusterClient client, ControllerRuntimeOptions? options = null, ILoggerFactory? loggers = null, TimeProvider? time = null, Meter? meter = null)
    {
        Client = client;
        _options = options ?? new ControllerRuntimeOptions();
        _loggers = loggers ?? NullLoggerFactory.Instance;
        Time = time ?? TimeProvider.System;
        Informers = new SharedInformers(client, Time, _loggers);
        Cache = new ClusterCache(Informers);
        if (meter is not null)
        {
            Metrics = new ControllerMetrics(meter);
            QueueMetrics = new WorkQueueMetrics(meter);
        }
    }

    public ClusterClient Client { get; }

    public SharedInformers Informers { get; }

    /// <summary>Reads of the informers' caches, for reconcilers.</summary>
    public ClusterCache Cache { get; }

    public TimeProvider Time { get; }

    public IReadOnlyList<IController> Controllers
    {
        get
        {
            lock (_lock) return [.. _controllers];
        }
    }

    internal ControllerMetrics? Metrics { get; }

    internal WorkQueueMetrics? QueueMetrics { get; }

    /// <summary>Starts declaring a controller of kind <typeparamref name="T"/>.</summary>
    public ControllerBuilder<T> For<T>() where T : class, IKind<T>, IKubernetesObject<T> => new(this, Informers.For<T>());

    /// <summary>Starts declaring a controller of a resource without a C# type.</summary>
    public ControllerBuilder<DynamicObject> For(KindInfo kind) => new(this, Informers.For(kind));

    /// <summary>Runs the informers and every controller until <paramref name="ct"/> fires, then shuts down gracefully.</summary>
    public Task RunAsync(CancellationToken ct) => RunAsync(ct, CancellationToken.None);

    /// <summary>
    /// As <see cref="RunAsync(CancellationToken)"/>, and <paramref name="abort"/> stops everything at once, cancelling
    /// in-flight reconciles (a lost leader election must not let a reconcile finish its writes).
    /// </summary>
    public async Task RunAsync(CancellationToken stop, CancellationToken abort)
    {
        IController[] controllers;
        lock (_lock)
        {
            if (_running) throw new InvalidOperationException("the runtime is already running");
            _running = true;
            controllers = [.. _controllers];
        }
        Informers.Start();
        try
        {
            if (_options.LeaderElection is { } election)
            {
                var elector = new Leader.LeaderElector(Client, election, Time, _loggers.CreateLogger<Leader.LeaderElector>());
                await elector.RunAsync(async leading =>
                {
                    // `leading` is cancelled on a lost lease and on a graceful stop; only the former aborts reconciles.
                    using var lost = CancellationTokenSource.CreateLinkedTokenSource(abort);
                    using var onLoss = leading.Register(() =>
                    {
                        if (!stop.IsCancellationRequested) lost.Cancel();
                    });
                    using var ended = CancellationTokenSource.CreateLinkedTokenSource(stop, lost.Token);
                    await Task.WhenAll(controllers.Select(c => c.RunAsync(_options.ShutdownTimeout, lost.Token, ended.Token)));
                }, stop);
            }
            else
            {
                await Task.WhenAll(controllers.Select(c => c.RunAsync(_options.ShutdownTimeout, abort, stop)));
            }
        }
        finally
        {
            lock (_lock) _running = false;
        }
    }

    public ValueTask DisposeAsync() => Informers.DisposeAsync();

    /// <summary>
    /// Registers a controller written without <see cref="For{T}"/> (one that follows many kinds, such as a garbage
    /// collector); it runs, stops and yields leadership with the others.
    /// </summary>
    public void Add(IController controller)
    {
        lock (_lock)
        {
            if (_running) throw new InvalidOperationException("controllers must be declared before the runtime runs");
            if (_controllers.Any(c => c.Name == controller.Name)) throw new InvalidOperationException($"two controllers are named \"{controller.Name}\"; use Named()");
            _controllers.Add(controller);
        }
    }

    internal ILogger LoggerFor(string controller) => _loggers.CreateLogger("Cluster.Runtime.Controllers." + controller);
}
