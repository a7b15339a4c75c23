namespace Cluster.Store;

/// <summary>The result of one operation; inside a txn, one per operation of the branch that ran.</summary>
/// <param name="Revision">The store revision after the operation (for a txn: after the whole txn).</param>
public abstract record OpResult(long Revision);
