namespace Cluster.Store.Etcd.Watching;

/// <summary>One outcome of reading a watch stream; see <see cref="WatchStepKind"/>.</summary>
internal readonly record struct WatchStep(
    WatchStepKind Kind,
    WatchBatch? Batch = null,
    long CompactRevision = 0,
    string Reason = "",
    Exception? Error = null)
{
    public static WatchStep Of(WatchBatch batch) => new(WatchStepKind.Batch, Batch: batch);

    public static WatchStep Compacted(long compactRevision) => new(WatchStepKind.Compacted, CompactRevision: compactRevision);

    public static WatchStep Cancelled(string reason) => new(WatchStepKind.Cancelled, Reason: reason);

    public static WatchStep Broken(Exception error) => new(WatchStepKind.Broken, Reason: error.Message, Error: error);
}
