namespace Cluster.Store.Tests.Model;

/// <summary>
/// Records every batch of a prefix watch with previous key-values. With a cut revision, it cancels the watch
/// once it has delivered that far and resumes with a new watch from the revision after the last one delivered,
/// as a client reconnecting would; the batches of both are recorded as one stream.
/// </summary>
internal sealed class WatchRecorder(IKeyValueStore store, ReadOnlyMemory<byte> prefix, long startRevision, long cutAt)
{
    private readonly List<WatchBatch> _batches = []; // guarded by itself
    private long _lastRevision;

    /// <summary>The revision of the newest event delivered so far.</summary>
    public long LastRevision => Volatile.Read(ref _lastRevision);

    /// <summary>How many times the watch was cancelled and resumed.</summary>
    public int Resumes { get; private set; }

    public IReadOnlyList<WatchBatch> Batches
    {
        get
        {
            lock (_batches) return [.. _batches];
        }
    }

    /// <summary>Watches until <paramref name="stop"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var next = startRevision;
        var cut = cutAt;
        while (true)
        {
            using var segment = CancellationTokenSource.CreateLinkedTokenSource(stop);
            try
            {
                await foreach (var batch in store.Watch(WatchRequest.Prefix(prefix, next, prevKv: true)).WithCancellation(segment.Token))
                {
                    if (batch.IsProgressNotify) continue;
                    lock (_batches) _batches.Add(batch);
                    if (batch.Events.Count > 0) Volatile.Write(ref _lastRevision, batch.Events[^1].Kv.ModRevision);
                    if (cut > 0 && LastRevision >= cut)
                    {
                        cut = 0;
                        await segment.CancelAsync(); // batches already on their way may still come; they count
                    }
                }
            }
            catch (OperationCanceledException) when (segment.IsCancellationRequested)
            {
                // Some engines end a cancelled enumeration with this instead of quietly; both are fine.
            }
            if (stop.IsCancellationRequested) return;
            if (!segment.IsCancellationRequested) throw new InvalidOperationException($"the watch from revision {next} ended on its own");
            next = LastRevision + 1;
            Resumes++;
        }
    }
}
