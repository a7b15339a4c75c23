namespace Cluster.Runtime.Client;

/// <summary>One event of a watch stream.</summary>
public readonly record struct WatchEvent<T>(WatchEventType Type, T Object);
