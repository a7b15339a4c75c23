namespace Cluster.Runtime.Queue;

/// <summary>What <see cref="WorkQueue{T}.GetAsync"/> hands out: an item to process, or none because the queue shut down.</summary>
public readonly record struct WorkItem<T>(T Item, bool ShutDown);
