namespace Cluster.ApiServer.WatchCache;

/// <summary>What happened to an object, as watch clients are told.</summary>
public enum CachedEventType { Added, Modified, Deleted }
