using Cluster.TestKit;

namespace Cluster.Store.Tests.Conformance;

/// <summary>
/// The behaviour every store engine must share. Each engine runs all of it through a subclass that says how to
/// open a store. Tests use their own key prefix and reason only about revisions they produced themselves,
/// so one etcd process can serve a whole class.
/// </summary>
public abstract partial class StoreConformance : IAsyncLifetime
{
    private readonly string _prefix = $"/conformance/{Guid.NewGuid():N}/";

    protected IKeyValueStore Store { get; private set; } = null!;

    /// <summary>Opens the engine under test (a fresh one, or a client of a shared server).</summary>
    protected abstract Task<IKeyValueStore> OpenStoreAsync();

    /// <summary>How long a lease test waits for expiry at most.</summary>
    protected static TimeSpan LeaseWait => TimeSpan.FromSeconds(15);

    protected static TimeSpan WatchWait => TimeSpan.FromSeconds(10);

    public async Task InitializeAsync() => Store = await OpenStoreAsync();

    public virtual async Task DisposeAsync() => await Store.DisposeAsync();

    /// <summary>A key under this test's own prefix.</summary>
    protected ReadOnlyMemory<byte> K(string name) => (_prefix + name).B();

    protected ReadOnlyMemory<byte> Prefix => _prefix.B();

    protected async Task<long> PutAsync(string name, string value, long lease = 0) =>
        (await Store.PutAsync(new PutRequest(K(name), value.B(), lease))).Revision;

    protected async Task<KeyValue?> GetAsync(string name, long revision = 0)
    {
        var result = await Store.RangeAsync(new RangeRequest(K(name), Revision: revision));
        return result.Kvs.Count == 0 ? null : result.Kvs[0];
    }

    protected string Name(KeyValue kv) => kv.Key.S()[_prefix.Length..];

    /// <summary>
    /// Reads batches from a watch until <paramref name="count"/> events arrived (or fails after a timeout); with
    /// <paramref name="exact"/>, more than that is a failure.
    /// </summary>
    protected static async Task<List<WatchBatch>> ReadBatchesAsync(IAsyncEnumerator<WatchBatch> watch, int count, bool skipProgress = true, bool exact = true)
    {
        var batches = new List<WatchBatch>();
        var seen = 0;
        using var timeout = new CancellationTokenSource(WatchWait);
        while (seen < count)
        {
            var next = watch.MoveNextAsync().AsTask();
            if (await Task.WhenAny(next, Task.Delay(Timeout.Infinite, timeout.Token).ContinueWith(_ => false, TaskScheduler.Default)) != next)
                throw new TimeoutException($"watch delivered {seen} of {count} events");
            Assert.True(await next, "watch ended early");
            if (skipProgress && watch.Current.IsProgressNotify) continue;
            batches.Add(watch.Current);
            seen += watch.Current.Events.Count;
        }
        if (exact) Assert.Equal(count, seen);
        return batches;
    }

    protected static async Task<List<WatchEvent>> ReadEventsAsync(IAsyncEnumerator<WatchBatch> watch, int count) =>
        [.. (await ReadBatchesAsync(watch, count)).SelectMany(b => b.Events)];
}
