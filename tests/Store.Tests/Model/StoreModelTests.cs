using System.Diagnostics;
using Cluster.TestKit;
using Xunit.Abstractions;

namespace Cluster.Store.Tests.Model;

/// <summary>
/// Randomized concurrent calls against an engine, checked against an in-test reference model
/// (<see cref="HistoryChecker"/>). Each engine runs it through a subclass that says how to open a store. A run
/// uses its own key prefix and assumes no one else writes to the store while it runs.
/// </summary>
public abstract class StoreModelTests(ITestOutputHelper output)
{
    private const int Clients = 8;
    private const int CallsPerClient = 50;
    private const int Keys = 16;
    private static readonly TimeSpan WatchWait = TimeSpan.FromSeconds(10);

    /// <summary>Opens the engine under test (a fresh one, or a client of a shared server).</summary>
    protected abstract Task<IKeyValueStore> OpenStoreAsync();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public Task Concurrent_history_agrees_with_the_reference_model(int seed) => RunAsync(seed);

    [Fact]
    public Task Concurrent_history_with_a_fresh_seed_agrees_with_the_reference_model() => RunAsync(Random.Shared.Next());

    private async Task RunAsync(int seed)
    {
        var context = $"seed {seed}";
        output.WriteLine(context);
        var elapsed = Stopwatch.StartNew();
        await using var store = await OpenStoreAsync();
        var keys = new KeySpace($"/model/{Guid.NewGuid():N}/", Keys);
        var random = new Random(seed);
        var baseRevision = (await store.RangeAsync(new RangeRequest(keys.Key(0)))).Revision;

        var watch = new WatchRecorder(store, keys.Prefix, baseRevision + 1, cutAt: 0);
        var cut = baseRevision + random.Next(1, 40);
        var resumed = new WatchRecorder(store, keys.Prefix, baseRevision + 1, cut);
        using var stopWatching = new CancellationTokenSource();
        var watching = Task.WhenAll(watch.RunAsync(stopWatching.Token), resumed.RunAsync(stopWatching.Token));
        var clients = Enumerable.Range(0, Clients).Select(i => new ModelClient(i, store, keys, baseRevision, seed * 100 + i)).ToList();
        Call final;
        try
        {
            await Task.WhenAll(clients.Select(c => Task.Run(() => c.RunAsync(CallsPerClient))));
            final = await FinalRangeAsync(store, keys);
            var last = final.Response.Revision;
            await Eventually.TrueAsync(() => watching.IsCompleted || (watch.LastRevision >= last && resumed.LastRevision >= last),
                WatchWait, $"{context}: both watches deliver up to revision {last}");
        }
        finally
        {
            await stopWatching.CancelAsync();
            await watching; // a watch that failed fails the test here
        }

        var run = new ModelRun(baseRevision, final, [.. clients.SelectMany(c => c.Calls)], [.. clients.SelectMany(c => c.Revokes)],
            watch.Batches, resumed.Batches);
        var summary = new HistoryChecker(run, context).Check();
        Assert.True(resumed.Resumes >= 1, $"{context}: the second watch was never cancelled and resumed");
        output.WriteLine($"{summary}; second watch cut at revision {cut} and resumed; {elapsed.ElapsedMilliseconds} ms");
    }

    private static async Task<Call> FinalRangeAsync(IKeyValueStore store, KeySpace keys)
    {
        var request = RangeRequest.Prefix(keys.Prefix);
        var result = await store.RangeAsync(request);
        return new Call(-1, 0, CallKind.Range, new TxnRequest([], [request]), new TxnResult(result.Revision, true, [result]));
    }
}
