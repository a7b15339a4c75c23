namespace Cluster.Runtime.Client;

/// <summary>One page of a list: the items, the resourceVersion to watch from, and the token for the next page.</summary>
public sealed record ObjectList<T>(IReadOnlyList<T> Items, string ResourceVersion, string? Continue, long? RemainingItemCount);
