namespace Cluster.Store.Tests.Etcd;

/// <summary>Reads a store watch one batch at a time, each read bounded by a timeout.</summary>
public sealed class WatchReader : IAsyncDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly IAsyncEnumerator<WatchBatch> _enumerator;
    private Task<bool>? _pending; // a MoveNextAsync that outlived its timeout

    public WatchReader(IStoreWatch watch) => _enumerator = watch.GetAsyncEnumerator(_cts.Token);

    /// <summary>The next batch, skipping progress notifications unless <paramref name="progress"/> is set.</summary>
    public async Task<WatchBatch> NextAsync(bool progress = false, int timeoutSeconds = 30)
    {
        while (true)
        {
            Assert.True(await MoveNextAsync(TimeSpan.FromSeconds(timeoutSeconds)), "the watch ended");
            if (progress || !_enumerator.Current.IsProgressNotify) return _enumerator.Current;
        }
    }

    /// <summary>Reads until <paramref name="count"/> events have arrived; returns them in order.</summary>
    public async Task<List<WatchEvent>> EventsAsync(int count, int timeoutSeconds = 30)
    {
        var events = new List<WatchEvent>();
        while (events.Count < count) events.AddRange((await NextAsync(timeoutSeconds: timeoutSeconds)).Events);
        return events;
    }

    /// <summary>Cancels the enumeration's token; true if the enumeration then ends without an exception.</summary>
    public async Task<bool> CancelAndEndAsync()
    {
        await _cts.CancelAsync();
        while (await MoveNextAsync(TimeSpan.FromSeconds(30)))
        {
            // batches already on their way may still arrive
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        if (_pending is { } pending)
        {
            try
            {
                await pending.WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (Exception)
            {
                // the read's outcome no longer matters
            }
        }
        await _enumerator.DisposeAsync();
        _cts.Dispose();
    }

    private async Task<bool> MoveNextAsync(TimeSpan timeout)
    {
        var move = _pending ?? _enumerator.MoveNextAsync().AsTask();
        _pending = move;
        var moved = await move.WaitAsync(timeout);
        _pending = null;
        return moved;
    }
}
