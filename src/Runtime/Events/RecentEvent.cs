namespace Cluster.Runtime.Events;

/// <summary>An Event written recently: where it is, its count and when it last happened.</summary>
internal sealed record RecentEvent(ObjectKey Key, int Count, DateTimeOffset LastTimestamp);
