namespace Cluster.Store;

/// <summary>The result of a put: the new revision and, if asked for and present, the previous key-value.</summary>
public sealed record PutResult(long Revision, KeyValue? PrevKv) : OpResult(Revision);
