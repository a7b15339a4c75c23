namespace Cluster.Store;

/// <summary>If every compare holds, run <see cref="Success"/>; otherwise run <see cref="Failure"/>. Atomic.</summary>
public sealed record TxnRequest(
    IReadOnlyList<Compare> Compares,
    IReadOnlyList<TxnOp> Success,
    IReadOnlyList<TxnOp> Failure)
{
    public TxnRequest(IReadOnlyList<Compare> compares, IReadOnlyList<TxnOp> success)
        : this(compares, success, []) { }
}
