namespace Cluster.Store.Embedded.Watch;

/// <summary>
/// A watch that reads the shared <see cref="EventHistory"/> from its own position, so it needs no buffer of its
/// own and can never slow down writers or other watchers. See <see cref="IStoreWatch"/> for the contract.
/// </summary>
internal sealed class EmbeddedWatch(
    EventHistory history,
    Func<long> compactRevision,
    WatchRequest request,
    TimeSpan progressInterval,
    TimeProvider time,
    CancellationToken storeClosing) : IStoreWatch
{
    /// <summary>A batch is cut at a revision boundary once it holds this many events.</summary>
    private const int MaxBatchEvents = 1000;

    private int _progressRequested;
    private int _enumerated;

    public void RequestProgress()
    {
        Volatile.Write(ref _progressRequested, 1);
        history.Signal();
    }

    public async IAsyncEnumerator<WatchBatch> GetAsyncEnumerator(CancellationToken ct = default)
    {
        if (Interlocked.Exchange(ref _enumerated, 1) != 0)
            throw new InvalidOperationException("a watch can be enumerated only once");
        StoreLimits.RequireKey(request.Key);

        var compacted = compactRevision();
        if (request.StartRevision > 0 && request.StartRevision < compacted) throw new CompactedException(compacted);
        var minRevision = request.StartRevision > 0 ? request.StartRevision : history.Revision + 1;
        var position = history.PositionOf(minRevision);
        var resumeRevision = minRevision;

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, storeClosing);
        while (true)
        {
            var changed = history.Changed;
            var batch = Read(ref position, minRevision, out var caughtUpTo);
            if (batch is not null)
            {
                resumeRevision = batch.Events[^1].Kv.ModRevision + 1;
                yield return batch;
                continue;
            }
            if (Interlocked.Exchange(ref _progressRequested, 0) == 1)
            {
                yield return Progress(caughtUpTo);
                continue;
            }
            switch (await WaitAsync(changed, linked.Token))
            {
                case WaitOutcome.TimedOut:
                    yield return Progress(caughtUpTo);
                    break;
                case WaitOutcome.Cancelled when ct.IsCancellationRequested:
                    yield break;
                case WaitOutcome.Cancelled:
                    throw new WatchCancelledException("store closed", resumeRevision);
            }
        }
    }

    private static WatchBatch Progress(long revision) => new(revision, [], IsProgressNotify: true);

    /// <summary>
    /// The next batch of matching events from <paramref name="position"/>, or null if there are none yet; then
    /// <paramref name="caughtUpTo"/> is the revision up to which everything has been read.
    /// </summary>
    private WatchBatch? Read(ref long position, long minRevision, out long caughtUpTo)
    {
        var tail = history.Tail;
        var revision = history.Revision;
        caughtUpTo = revision;
        List<WatchEvent>? events = null;
        while (position < tail)
        {
            if (!history.TryGet(position, out var entry)) throw new CompactedException(compactRevision());
            position++;
            var kv = entry.Kv;
            if (kv.ModRevision < minRevision || !KeyRange.Contains(request.Key.Span, request.RangeEnd.Span, kv.Key.Span))
                continue;
            (events ??= []).Add(entry.ToEvent(request.PrevKv));
            if (events.Count >= MaxBatchEvents && !NextHasRevision(position, tail, kv.ModRevision))
                return new WatchBatch(kv.ModRevision, events);
        }
        return events is null ? null : new WatchBatch(revision, events);
    }

    private bool NextHasRevision(long position, long tail, long revision) =>
        position < tail && history.TryGet(position, out var next) && next.Kv.ModRevision == revision;

    private async Task<WaitOutcome> WaitAsync(Task changed, CancellationToken ct)
    {
        try
        {
            if (request.ProgressNotify) await changed.WaitAsync(progressInterval, time, ct).ConfigureAwait(false);
            else await changed.WaitAsync(ct).ConfigureAwait(false);
            return WaitOutcome.Signalled;
        }
        catch (TimeoutException)
        {
            return WaitOutcome.TimedOut;
        }
        catch (OperationCanceledException)
        {
            return WaitOutcome.Cancelled;
        }
    }

    private enum WaitOutcome { Signalled, TimedOut, Cancelled }
}
