namespace Cluster.Store;

/// <summary>What happened to a key.</summary>
public enum WatchEventType { Put, Delete }

/// <summary>
/// One change. For a delete, <see cref="Kv"/> holds the key and the deleting revision (version 0).
/// <see cref="PrevKv"/> is set only when the watch asked for it and the key existed before.
/// </summary>
public readonly record struct WatchEvent(WatchEventType Type, KeyValue Kv, KeyValue? PrevKv);
