namespace Cluster.Store;

/// <summary>Deletes <see cref="Key"/> or the range <c>[Key, RangeEnd)</c> (see <see cref="KeyRange"/>).</summary>
/// <param name="PrevKv">Return the deleted key-values.</param>
public sealed record DeleteRangeRequest(
    ReadOnlyMemory<byte> Key,
    ReadOnlyMemory<byte> RangeEnd = default,
    bool PrevKv = false) : TxnOp
{
    /// <summary>Every key that starts with <paramref name="prefix"/>.</summary>
    public static DeleteRangeRequest Prefix(ReadOnlyMemory<byte> prefix, bool prevKv = false) =>
        new(prefix, KeyRange.PrefixEnd(prefix.Span), prevKv);
}
