using Cluster.Store.Embedded;
using Cluster.TestKit;

namespace Cluster.Store.Tests.Embedded;

/// <summary>
/// A sync that fails with an I/O error (writes reached the page cache, flushing them failed) acknowledges nothing
/// of what it covered, takes it all back from memory, and stops the store from writing until it is reopened.
/// Runs on an ext4 whose loop device sits on a tmpfs too small for it (needs root).
/// </summary>
public sealed class EmbeddedStoreIoErrorTests : IDisposable
{
    private readonly ScratchDisk _disk = ScratchDisk.FailingExt4(apparentMegabytes: 64, backingMegabytes: 8);

    public void Dispose() => _disk.Dispose();

    [Fact]
    public async Task A_failed_sync_acknowledges_nothing_it_covered_and_stops_writes()
    {
        if (!_disk.Available) return; // not root on a developer machine (CI fails in ScratchDisk instead)
        var acknowledged = new List<string>();
        StoreUnavailableException? failure = null;
        await using var store = await EmbeddedStore.OpenAsync(new EmbeddedStoreOptions { DataDirectory = Path.Combine(_disk.Path, "store") });
        var start = store.Revision;
        var value = new byte[64 * 1024];

        for (var i = 0; i < 1000 && failure is null; i++)
        {
            try
            {
                await store.PutAsync(new PutRequest($"/io/{i:D4}".B(), value));
                acknowledged.Add($"/io/{i:D4}");
            }
            catch (StoreUnavailableException e)
            {
                failure = e;
            }
        }

        Assert.NotNull(failure);
        Assert.Contains("sync failed", failure.Message);
        var visible = await store.RangeAsync(RangeRequest.Prefix("/io/".B()) with { KeysOnly = true });
        Assert.Equal(acknowledged, visible.Kvs.Select(kv => kv.Key.S()));
        Assert.Equal(start + acknowledged.Count, store.Revision);
        var again = await Assert.ThrowsAsync<StoreUnavailableException>(async () => await store.PutAsync(new PutRequest("/io/again".B(), "x".B())));
        Assert.Contains("reopen", again.Message);

        // Watchers see exactly the acknowledged writes: nothing that was rolled back ever reached the history.
        await using var watch = store.Watch(WatchRequest.Prefix("/io/".B(), start + 1)).GetAsyncEnumerator();
        var seen = new List<string>();
        while (seen.Count < acknowledged.Count)
        {
            Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
            seen.AddRange(watch.Current.Events.Select(e => e.Kv.Key.S()));
        }
        Assert.Equal(acknowledged, seen);
    }
}
