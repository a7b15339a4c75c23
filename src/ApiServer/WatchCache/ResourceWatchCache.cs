using System.Collections.Immutable;
using Cluster.ApiServer.Registry;
using Cluster.ApiServer.Storage;
using Cluster.Store;
using Cluster.Store.Errors;
using Microsoft.Extensions.Logging;

namespace Cluster.ApiServer.WatchCache;

/// <summary>
/// The watch cache of one resource: a full copy of its objects kept current by one store watch, and a ring of
/// recent events. It serves resourceVersion=0 lists and feeds every watcher of the resource, so clients never
/// each hold a store watch. One loop writes; readers take the published <see cref="State"/> without locks.
/// If the store watch fails the cache relists and starts a new ring; watchers of the old ring then end.
/// </summary>
public sealed partial class ResourceWatchCache : IAsyncDisposable
{
    private const int ListPageSize = 5000;

    private readonly ResourceDefinition _resource;
    private readonly ObjectStorage _storage;
    private readonly ILogger _logger;
    private readonly int _capacity;
    private readonly ObjectIndexer _indexer;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CacheState? _state;
    private IStoreWatch? _watch;
    private Task? _loop;
    private int _disposed;

    public ResourceWatchCache(ResourceDefinition resource, ObjectStorage storage, ILogger logger, int capacity)
    {
        _resource = resource;
        _storage = storage;
        _logger = logger;
        _capacity = capacity;
        _indexer = new ObjectIndexer(resource);
    }

    public ResourceDefinition Resource => _resource;

    public ObjectIndexer Indexer => _indexer;

    /// <summary>The latest published state; only valid once <see cref="ReadyAsync"/> completed.</summary>
    public CacheState State => Volatile.Read(ref _state) ?? throw new InvalidOperationException("the cache is not ready");

    /// <summary>How many objects the published state holds; -1 before the first list is loaded. Cheap, for metrics.</summary>
    public int ObjectCount => Volatile.Read(ref _state)?.Objects.Count ?? -1;

    /// <summary>Completes when anything is published after the call: a batch of events or a newer revision.</summary>
    public Task Changed => Volatile.Read(ref _changed).Task;

    public void Start() => _loop = Task.Run(RunAsync);

    /// <summary>Completes once the first list is loaded.</summary>
    public Task ReadyAsync(CancellationToken ct) => _ready.Task.WaitAsync(ct);

    /// <summary>Waits until the cache has seen <paramref name="revision"/>; false if that did not happen in time.</summary>
    public async Task<bool> WaitForRevisionAsync(long revision, TimeSpan timeout, CancellationToken ct)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(timeout);
        while (State.Revision < revision)
        {
            var changed = Changed;
            if (State.Revision >= revision) break;
            _watch?.RequestProgress();
            try
            {
                await changed.WaitAsync(timer.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return State.Revision >= revision;
            }
        }
        return true;
    }

    /// <summary>Asks the store for a progress notification, so the revision advances even when this resource is idle.</summary>
    public void RequestProgress() => _watch?.RequestProgress();

    private async Task RunAsync()
    {
        var ct = _stop.Token;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var revision = await LoadAsync(ct);
                await FollowAsync(revision, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is StoreException or Errors.ApiException)
            {
                LogRestart(_logger, _resource.GroupResource.ToString(), e.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(200), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task<long> LoadAsync(CancellationToken ct)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, CachedObject>(StringComparer.Ordinal);
        long revision = 0;
        byte[]? start = null;
        while (true)
        {
            var page = await _storage.RangeAsync(_resource, "", start, ListPageSize, revision, ct);
            if (revision == 0) revision = page.Revision;
            foreach (var kv in page.Kvs)
            {
                var obj = _indexer.Index(kv.Key.Span, kv.Value.Span, kv.ModRevision);
                builder[obj.Key] = obj;
            }
            if (!page.More || page.Kvs.Count == 0) break;
            start = [.. page.Kvs[^1].Key.Span, 0];
        }
        Publish(new CacheState(builder.ToImmutable(), revision, 0, new EventRing(_capacity, revision)));
        _ready.TrySetResult();
        return revision;
    }

    private async Task FollowAsync(long fromRevision, CancellationToken ct)
    {
        var prefix = StorageKeys.Prefix(_resource, "");
        var watch = _storage.Store.Watch(new WatchRequest(prefix, KeyRange.PrefixEnd(prefix), fromRevision + 1, PrevKv: true, ProgressNotify: true));
        _watch = watch;
        await foreach (var batch in watch.WithCancellation(ct))
        {
            var state = State;
            if (batch.Events.Count == 0)
            {
                if (batch.Revision > state.Revision) Publish(state with { Revision = batch.Revision });
                continue;
            }
            var objects = state.Objects.ToBuilder();
            var ring = state.Ring;
            foreach (var e in batch.Events)
            {
                var key = e.Kv.Key.Span;
                if (e.Type == WatchEventType.Put)
                {
                    var obj = _indexer.Index(key, e.Kv.Value.Span, e.Kv.ModRevision);
                    objects.TryGetValue(obj.Key, out var previous);
                    objects[obj.Key] = obj;
                    ring.Append(new CachedEvent(previous is null ? CachedEventType.Added : CachedEventType.Modified, e.Kv.ModRevision, obj, previous));
                }
                else if (e.PrevKv is { } prev)
                {
                    var last = _indexer.Index(key, prev.Value.Span, e.Kv.ModRevision);
                    objects.TryGetValue(last.Key, out var previous);
                    objects.Remove(last.Key);
                    ring.Append(new CachedEvent(CachedEventType.Deleted, e.Kv.ModRevision, last, previous));
                }
            }
            Publish(new CacheState(objects.ToImmutable(), Math.Max(batch.Revision, state.Revision), ring.Next, ring));
        }
    }

    private void Publish(CacheState state)
    {
        Volatile.Write(ref _state, state);
        var previous = Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        previous.TrySetResult();
    }

    /// <summary>Stops following the store; watchers of the cache end (they see a new, empty ring), as after a rebuild.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stop.CancelAsync();
        if (_loop is not null) await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        if (Volatile.Read(ref _state) is { } last) Publish(last with { Ring = new EventRing(1, last.Revision) });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watch cache of {Resource} restarts after a store failure: {Reason}")]
    private static partial void LogRestart(ILogger logger, string resource, string reason);
}
