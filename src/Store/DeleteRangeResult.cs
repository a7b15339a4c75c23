namespace Cluster.Store;

/// <summary>How many keys a delete removed, and (if asked for) what they held.</summary>
public sealed record DeleteRangeResult(long Revision, long Deleted, IReadOnlyList<KeyValue> PrevKvs) : OpResult(Revision);
