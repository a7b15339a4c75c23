namespace Cluster.Store;

/// <summary>One operation inside a txn: a <see cref="RangeRequest"/>, <see cref="PutRequest"/> or <see cref="DeleteRangeRequest"/>.</summary>
public abstract record TxnOp;
