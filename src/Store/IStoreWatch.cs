namespace Cluster.Store;

/// <summary>
/// One watch on a key or range. Enumerating it yields batches in revision order with no gaps and no
/// duplicates; all events of one revision arrive in the same batch. Enumerate it once.
/// </summary>
/// <remarks>
/// Enumeration ends with <see cref="CompactedException"/> if the start revision is (or, for a watcher that
/// fell behind, becomes) compacted, and with <see cref="WatchCancelledException"/> if the store ends the watch
/// for another reason; both carry the revision to resume from. Cancelling the enumeration's token ends it
/// quietly. A slow consumer never blocks writers or other watchers.
/// </remarks>
public interface IStoreWatch : IAsyncEnumerable<WatchBatch>
{
    /// <summary>
    /// Asks for a progress notification: a batch with no events and <see cref="WatchBatch.IsProgressNotify"/>
    /// set, sent once every event up to its revision has been delivered. Safe to call from any thread.
    /// </summary>
    void RequestProgress();
}
