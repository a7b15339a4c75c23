namespace Cluster.Store;

/// <summary>
/// An etcd-v3-shaped key-value store: the only thing the API server persists objects in.
/// Two engines implement it: the embedded engine (<c>Embedded/</c>) and real etcd (<c>Etcd/</c>),
/// and one conformance suite holds them to the same behaviour.
/// </summary>
/// <remarks>
/// Contract shared by every engine:
/// <list type="bullet">
/// <item>The store has one revision counter. It starts at 1; every write that changes something
/// (a put, a delete that removed a key, a txn whose chosen branch changed something) takes exactly one
/// new revision, and every key-value written by it carries that revision as <c>ModRevision</c>.</item>
/// <item>A write returns only once it is durable. If it throws, nothing of it is visible, with one exception: a
/// <see cref="StoreUnavailableException"/> from a remote engine whose connection broke after sending means the
/// outcome is unknown (the write may have been applied).</item>
/// <item>Reads see every write that returned before the read started (linearizable).</item>
/// <item>Cancelling a write's token stops the wait for it, not necessarily the write.</item>
/// <item>All methods are safe to call concurrently.</item>
/// </list>
/// </remarks>
public interface IKeyValueStore : IAsyncDisposable
{
    /// <summary>Reads a key or a range of keys, at the current revision or at an older, uncompacted one.</summary>
    /// <exception cref="CompactedException">The requested revision has been compacted.</exception>
    /// <exception cref="FutureRevisionException">The requested revision is above the current one.</exception>
    ValueTask<RangeResult> RangeAsync(RangeRequest request, CancellationToken ct = default);

    /// <summary>Writes one key; always takes a new revision.</summary>
    ValueTask<PutResult> PutAsync(PutRequest request, CancellationToken ct = default);

    /// <summary>Deletes a key or a range; takes a new revision only if something was deleted.</summary>
    ValueTask<DeleteRangeResult> DeleteRangeAsync(DeleteRangeRequest request, CancellationToken ct = default);

    /// <summary>
    /// Evaluates every compare against the current state; if all hold, runs <c>Success</c>, else <c>Failure</c>.
    /// The whole txn is atomic and takes at most one revision. A key may be written at most once per txn.
    /// </summary>
    ValueTask<TxnResult> TxnAsync(TxnRequest request, CancellationToken ct = default);

    /// <summary>
    /// Starts a watch on a key or range. Nothing happens until the result is enumerated; enumerate it once.
    /// </summary>
    IStoreWatch Watch(WatchRequest request);

    /// <summary>
    /// Drops history older than <paramref name="revision"/>: reads and watches below it fail with
    /// <see cref="CompactedException"/> from then on. Returns the store's current revision.
    /// </summary>
    ValueTask<long> CompactAsync(long revision, CancellationToken ct = default);

    /// <summary>Leases: keys attached to a lease are deleted when it expires or is revoked.</summary>
    ILeases Leases { get; }
}
