using System.Threading.Channels;
using Cluster.Api;
using Cluster.Runtime.Client;
using Cluster.Runtime.Client.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Runtime.Informers;

/// <summary>
/// Keeps an <see cref="ObjectCache{T}"/> equal to the server's objects of one kind and tells subscribers what changed.
/// It lists (page by page), then watches from the list's resourceVersion with bookmarks. When the stream ends or the
/// connection drops it watches again from the last resourceVersion it saw; when that is too old (410 Gone) it lists
/// again and delivers the difference as adds, updates and deletes, so subscribers see every final state once.
/// Events for one object arrive in the order of its changes; every subscriber sees the same sequence.
/// </summary>
public sealed class Informer<T> : IInformer where T : class, IKubernetesObject<T>
{
    private readonly ResourceClient<T> _client;
    private readonly InformerOptions<T> _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Func<T, T> _transform;
    private readonly Lock _publish = new(); // orders cache writes with subscriber (un)registration, so none misses or repeats an event
    private readonly List<Channel<InformerEvent<T>>> _subscribers = [];
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string _resourceVersion = "";
    private int _lists;

    public Informer(ResourceClient<T> client, InformerOptions<T>? options = null, TimeProvider? time = null, ILogger? log = null)
    {
        _options = options ?? new InformerOptions<T>();
        // The default transform drops managedFields; the codec then need not decode them at all.
        _client = _options.Transform is null ? client.WithoutManagedFields() : client;
        _time = time ?? TimeProvider.System;
        _log = log ?? NullLogger.Instance;
        _transform = _options.Transform ?? StripManagedFields;
        Cache = new ObjectCache<T>(_options.Indexers);
    }

    public ObjectCache<T> Cache { get; }

    public KindInfo Kind => _client.Kind;

    /// <summary>True once the first list is in the cache.</summary>
    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>How many full lists it has made: one, plus one per relist after 410 Gone.</summary>
    public int Lists => Volatile.Read(ref _lists);

    /// <summary>The newest resourceVersion the cache reflects.</summary>
    public string ResourceVersion => Volatile.Read(ref _resourceVersion);

    /// <summary>Completes once the first list is in the cache.</summary>
    public Task WaitForSyncAsync(CancellationToken ct) => _synced.Task.WaitAsync(ct);

    /// <summary>
    /// The cache's changes from now on, starting with an add for every object already cached. The sequence ends
    /// when <paramref name="ct"/> fires. Buffered without bound: a slow reader delays only itself.
    /// </summary>
    public async IAsyncEnumerable<InformerEvent<T>> Events([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var channel = Channel.CreateUnbounded<InformerEvent<T>>(new UnboundedChannelOptions { SingleReader = true });
        lock (_publish)
        {
            foreach (var existing in Cache.List()) channel.Writer.TryWrite(new(InformerEventType.Added, existing, null));
            _subscribers.Add(channel);
        }
        try
        {
            while (await channel.Reader.WaitToReadAsync(ct))
                while (channel.Reader.TryRead(out var e)) yield return e;
        }
        finally
        {
            lock (_publish) _subscribers.Remove(channel);
        }
    }

    /// <summary>
    /// Lists and watches until <paramref name="ct"/> fires; failures are retried with backoff, never thrown. Run
    /// again after a stop, it resumes watching from <see cref="ResourceVersion"/> (relisting only on 410).
    /// </summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var needList = !HasSynced;
        var failures = 0;
        using var resync = _options.ResyncPeriod is { } period ? _time.CreateTimer(_ => Resync(), null, period, period) : null;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (needList)
                {
                    await ListAsync(consistent: HasSynced, ct);
                    needList = false;
                }
                await WatchAsync(ct);
                failures = 0;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (GoneException)
            {
                _log.LogInformation("{Kind} watch from {ResourceVersion} is too old (410); relisting", Kind.Kind, ResourceVersion);
                needList = true;
            }
            catch (Exception failure) when (failure is ApiException or HttpRequestException or IOException or System.Text.Json.JsonException or TimeoutException)
            {
                var delay = Backoff(failures++);
                _log.LogWarning("{Kind} {Phase} failed ({Error}); retrying in {Delay} ms", Kind.Kind, needList ? "list" : "watch", failure.Message, (int)delay.TotalMilliseconds);
                try
                {
                    await Task.Delay(delay, _time, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task ListAsync(bool consistent, CancellationToken ct)
    {
        // The first list may come from the server's watch cache (resourceVersion 0); a relist after 410 must be
        // at least as new as what was seen, so it reads the current state.
        var page = new ListOptions
        {
            LabelSelector = _options.LabelSelector,
            FieldSelector = _options.FieldSelector,
            Limit = _options.PageSize,
            ResourceVersion = consistent ? null : "0",
        };
        var fresh = new Dictionary<ObjectKey, T>();
        string version;
        while (true)
        {
            var list = await _client.ListAsync(_options.Namespace, page, ct);
            foreach (var item in list.Items) fresh[ObjectKey.Of(item)] = _transform(item);
            version = list.ResourceVersion;
            if (list.Continue is null) break;
            page = page with { Continue = list.Continue, ResourceVersion = null };
        }
        Replace(fresh, version);
        Interlocked.Increment(ref _lists);
        _synced.TrySetResult();
    }

    private async Task WatchAsync(CancellationToken ct)
    {
        var options = new ListOptions
        {
            LabelSelector = _options.LabelSelector,
            FieldSelector = _options.FieldSelector,
            ResourceVersion = ResourceVersion,
            AllowWatchBookmarks = true,
            TimeoutSeconds = 300 + Random.Shared.Next(300), // spread the reconnects of many informers, as client-go does
        };
        await foreach (var e in _client.WatchAsync(_options.Namespace, options, ct))
        {
            var version = e.Object.Metadata?.ResourceVersion;
            if (e.Type == WatchEventType.Bookmark)
            {
                if (!string.IsNullOrEmpty(version)) Volatile.Write(ref _resourceVersion, version);
                continue;
            }
            Apply(e.Type, _transform(e.Object), version);
        }
    }

    private void Apply(WatchEventType type, T obj, string? version)
    {
        var key = ObjectKey.Of(obj);
        lock (_publish)
        {
            if (type == WatchEventType.Deleted)
            {
                if (Cache.Remove(key) is { } gone) Publish(new(InformerEventType.Deleted, obj, gone));
            }
            else
            {
                var old = Cache.Upsert(key, obj);
                // A replayed event (same version as cached) is not a change: a resumed watch must not repeat it.
                if (old is null) Publish(new(InformerEventType.Added, obj, null));
                else if (old.Metadata?.ResourceVersion != version) Publish(new(InformerEventType.Updated, obj, old));
            }
            if (!string.IsNullOrEmpty(version)) Volatile.Write(ref _resourceVersion, version);
        }
    }

    private void Replace(Dictionary<ObjectKey, T> fresh, string version)
    {
        lock (_publish)
        {
            foreach (var key in Cache.Keys())
            {
                if (!fresh.ContainsKey(key) && Cache.Remove(key) is { } gone) Publish(new(InformerEventType.Deleted, gone, gone));
            }
            foreach (var (key, obj) in fresh)
            {
                var old = Cache.Upsert(key, obj);
                if (old is null) Publish(new(InformerEventType.Added, obj, null));
                else if (old.Metadata?.ResourceVersion != obj.Metadata?.ResourceVersion) Publish(new(InformerEventType.Updated, obj, old));
            }
            Volatile.Write(ref _resourceVersion, version);
        }
    }

    private void Resync()
    {
        lock (_publish)
        {
            foreach (var obj in Cache.List()) Publish(new(InformerEventType.Updated, obj, obj));
        }
    }

    private void Publish(InformerEvent<T> e)
    {
        foreach (var subscriber in _subscribers) subscriber.Writer.TryWrite(e);
    }

    private static TimeSpan Backoff(int failures) => TimeSpan.FromMilliseconds(Math.Min(800 * Math.Pow(2, Math.Min(failures, 10)), 30_000));

    private static T StripManagedFields(T obj) =>
        obj.Metadata is { ManagedFields: not null } meta ? obj.WithMetadata(meta with { ManagedFields = null }) : obj;
}
