using System.Collections.Concurrent;
using Cluster.Api;
using Cluster.Runtime.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Runtime.Informers;

/// <summary>
/// One informer per kind for a whole process, so every controller that reads Pods shares one watch and one cache.
/// Informers asked for after <see cref="Start"/> start at once. The options given when a kind's informer is first
/// asked for are the ones it keeps. Thread-safe.
/// </summary>
public sealed class SharedInformers(ClusterClient client, TimeProvider? time = null, ILoggerFactory? loggers = null) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<object, Entry> _informers = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new(); // guards _started and the start of each entry
    private bool _started;

    public ClusterClient Client => client;

    public Informer<T> For<T>(InformerOptions<T>? options = null) where T : class, IKind<T>, IKubernetesObject<T> =>
        (Informer<T>)GetOrStart(typeof(T), () => new Informer<T>(client.Resource<T>(), options, time, Log(T.Info)));

    /// <summary>The informer of a resource without a C# type (custom resources), objects as <see cref="DynamicObject"/>s.</summary>
    public Informer<DynamicObject> For(KindInfo kind, InformerOptions<DynamicObject>? options = null) =>
        (Informer<DynamicObject>)GetOrStart(kind, () => new Informer<DynamicObject>(client.Dynamic(kind), options, time, Log(kind)));

    /// <summary>Starts every informer made so far and every one made later.</summary>
    public void Start()
    {
        lock (_lock)
        {
            _started = true;
            foreach (var entry in _informers.Values) entry.Start(_stop.Token);
        }
    }

    /// <summary>Completes when every informer made so far has its first list.</summary>
    public Task WaitForSyncAsync(CancellationToken ct) => Task.WhenAll(_informers.Values.Select(e => e.WaitForSyncAsync(ct)));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_informers.Values.Select(e => e.Running ?? Task.CompletedTask));
        _stop.Dispose();
    }

    private IInformer GetOrStart(object key, Func<IInformer> create)
    {
        var entry = _informers.GetOrAdd(key, _ => new Entry(create()));
        lock (_lock)
        {
            if (_started) entry.Start(_stop.Token);
        }
        return entry.Informer;
    }

    private ILogger Log(KindInfo kind) => loggers?.CreateLogger("Cluster.Runtime.Informers." + kind.Kind) ?? NullLogger.Instance;

    private sealed class Entry(IInformer informer)
    {
        public IInformer Informer { get; } = informer;

        public Task? Running { get; private set; }

        public void Start(CancellationToken ct) => Running ??= Task.Run(() => Informer.RunAsync(ct), CancellationToken.None);

        public Task WaitForSyncAsync(CancellationToken ct) => Informer.WaitForSyncAsync(ct);
    }
}
