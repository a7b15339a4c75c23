namespace Cluster.Store;

/// <summary>
/// Reads <see cref="Key"/>, or the range <c>[Key, RangeEnd)</c> (see <see cref="KeyRange"/>), in key order.
/// </summary>
/// <param name="Limit">At most this many key-values (0: no limit); <see cref="RangeResult.More"/> tells if more matched.</param>
/// <param name="Revision">Read as of this revision (0: the current one).</param>
/// <param name="KeysOnly">Leave values empty.</param>
/// <param name="CountOnly">Return only the count.</param>
public sealed record RangeRequest(
    ReadOnlyMemory<byte> Key,
    ReadOnlyMemory<byte> RangeEnd = default,
    long Limit = 0,
    long Revision = 0,
    bool KeysOnly = false,
    bool CountOnly = false) : TxnOp
{
    /// <summary>Every key that starts with <paramref name="prefix"/>.</summary>
    public static RangeRequest Prefix(ReadOnlyMemory<byte> prefix, long limit = 0, long revision = 0) =>
        new(prefix, KeyRange.PrefixEnd(prefix.Span), limit, revision);
}
