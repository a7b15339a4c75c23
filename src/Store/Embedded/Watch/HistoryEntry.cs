namespace Cluster.Store.Embedded.Watch;

/// <summary>One change in the event history: the new version (a tombstone for a delete) and the one it replaced.</summary>
internal readonly record struct HistoryEntry(KeyValue Kv, KeyValue? Prev)
{
    public WatchEvent ToEvent(bool withPrev) =>
        new(Kv.IsTombstone ? WatchEventType.Delete : WatchEventType.Put, Kv, withPrev ? Prev : null);
}
