namespace Cluster.Store;

/// <summary>Writes <see cref="Value"/> at <see cref="Key"/>, attached to <see cref="Lease"/> (0: none).</summary>
/// <param name="PrevKv">Return the key-value as it was before.</param>
public sealed record PutRequest(
    ReadOnlyMemory<byte> Key,
    ReadOnlyMemory<byte> Value,
    long Lease = 0,
    bool PrevKv = false) : TxnOp;
