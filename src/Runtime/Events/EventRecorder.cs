using System.Text.Json.Nodes;
using System.Threading.Channels;
using Cluster.Api;
using Cluster.Api.Core.V1;
using Cluster.Api.Meta.V1;
using Cluster.Api.Serialization;
using Cluster.Runtime.Client;
using Cluster.Runtime.Client.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Runtime.Events;

/// <summary>
/// Records core/v1 Events about objects, as client-go's recorder does. <see cref="Record"/> never blocks and never
/// throws: events go through a bounded queue to a background writer. A repeat of an event (same object, type, reason
/// and message) within the aggregation window updates the existing Event (count + 1, lastTimestamp) instead of
/// creating another; a spam filter (a token bucket per involved object) holds back floods. Dispose to flush and stop.
/// </summary>
public sealed partial class EventRecorder : IAsyncDisposable
{
    private readonly ResourceClient<Event> _events;
    private readonly EventRecorderOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Channel<Event> _queue;
    private readonly RecentEvents _recent;
    private readonly Dictionary<string, (double Tokens, DateTimeOffset At)> _spam = []; // only the writer loop touches it
    private readonly Task _writer;
    private long _dropped;

    public EventRecorder(ClusterClient client, EventRecorderOptions options, TimeProvider? time = null, ILogger? log = null)
    {
        _events = client.Resource<Event>();
        _options = options;
        _time = time ?? TimeProvider.System;
        _log = log ?? NullLogger.Instance;
        _queue = Channel.CreateBounded<Event>(new BoundedChannelOptions(options.QueueCapacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
        _recent = new RecentEvents(options.RememberedEvents);
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Events dropped because the queue was full or the spam filter held them back.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Normal<T>(T obj, string reason, string message) where T : IKind<T>, IKubernetesObject => Record(obj, T.Info, "Normal", reason, message);

    public void Warning<T>(T obj, string reason, string message) where T : IKind<T>, IKubernetesObject => Record(obj, T.Info, "Warning", reason, message);

    /// <summary>Records an event of <paramref name="type"/> (Normal or Warning) about <paramref name="obj"/> of <paramref name="kind"/>.</summary>
    public void Record(IKubernetesObject obj, KindInfo kind, string type, string reason, string message)
    {
        var now = _time.GetUtcNow();
        var meta = obj.Metadata;
        var ns = string.IsNullOrEmpty(meta?.Namespace) ? "default" : meta.Namespace;
        var e = new Event
        {
            Metadata = new ObjectMeta { Name = $"{meta?.Name}.{now.ToUnixTimeMilliseconds() * 1_000_000 + Random.Shared.Next(1_000_000):x}", Namespace = ns },
            InvolvedObject = new ObjectReference
            {
                ApiVersion = obj.ApiVersion ?? kind.ApiVersion,
                Kind = obj.Kind ?? kind.Kind,
                Name = meta?.Name,
                Namespace = meta?.Namespace,
                Uid = meta?.Uid,
                ResourceVersion = meta?.ResourceVersion,
            },
            Type = type,
            Reason = reason,
            Message = message.Length > 1024 ? message[..1024] : message,
            Source = new EventSource { Component = _options.Component, Host = _options.Instance },
            ReportingComponent = _options.Component,
            ReportingInstance = _options.Instance,
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        };
        if (!_queue.Writer.TryWrite(e)) Interlocked.Increment(ref _dropped);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    private async Task WriteLoopAsync()
    {
        await foreach (var e in _queue.Reader.ReadAllAsync())
        {
            try
            {
                await WriteAsync(e);
            }
            catch (Exception failure)
            {
                // Any failure, expected (API, network) or not, costs this one event: the writer must outlive it, or
                // every later Record would silently fill the queue.
                LogWriteFailed(_log, e.Reason ?? "", e.InvolvedObject?.Name ?? "", failure.Message);
            }
        }
    }

    private async Task WriteAsync(Event e)
    {
        var now = e.LastTimestamp ?? _time.GetUtcNow();
        var key = $"{e.InvolvedObject!.Kind}/{e.InvolvedObject.Namespace}/{e.InvolvedObject.Name}/{e.InvolvedObject.Uid}|{e.Type}|{e.Reason}|{e.Message}";
        if (_recent.Find(key) is { } seen && now - seen.LastTimestamp < _options.AggregationWindow)
        {
            var count = seen.Count + 1;
            try
            {
                var patch = new JsonObject { ["count"] = count, ["lastTimestamp"] = Rfc3339.Format(now) };
                await _events.PatchAsync(seen.Key, Patch.Merge(patch.ToJsonString()));
                _recent.Put(key, seen with { Count = count, LastTimestamp = now });
                return;
            }
            catch (NotFoundException)
            {
                // Events expire; start a new one.
            }
        }
        if (!Admit(key[..key.IndexOf('|')], now))
        {
            Interlocked.Increment(ref _dropped);
            return;
        }
        var created = await _events.CreateAsync(e);
        _recent.Put(key, new RecentEvent(ObjectKey.Of(created), 1, now));
    }

    // The spam filter: a token bucket per involved object, applied to new Events (aggregated repeats are cheap patches).
    private bool Admit(string involved, DateTimeOffset now)
    {
        var (tokens, at) = _spam.TryGetValue(involved, out var state) ? state : (_options.SpamBurst, now);
        tokens = Math.Min(_options.SpamBurst, tokens + ((now - at) / _options.SpamRefill));
        if (tokens < 1)
        {
            _spam[involved] = (tokens, now);
            return false;
        }
        _spam[involved] = (tokens - 1, now);
        if (_spam.Count > _options.RememberedEvents) _spam.Remove(_spam.Keys.First());
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not record event {Reason} about {Object}: {Error}")]
    private static partial void LogWriteFailed(ILogger log, string reason, string @object, string error);
}
