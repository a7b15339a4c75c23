namespace Cluster.Store;

/// <summary>Which branch ran, and the result of each of its operations in order.</summary>
/// <param name="Revision">The store revision after the txn.</param>
public sealed record TxnResult(long Revision, bool Succeeded, IReadOnlyList<OpResult> Responses);
