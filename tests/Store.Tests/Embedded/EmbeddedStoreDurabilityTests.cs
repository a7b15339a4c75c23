using Cluster.Store.Embedded;
using Cluster.TestKit;

namespace Cluster.Store.Tests.Embedded;

/// <summary>What survives closing and reopening the embedded engine: data, revisions, history, compaction, leases.</summary>
public sealed class EmbeddedStoreDurabilityTests : IDisposable
{
    private readonly TempDirectory _dir = new("store-durability");

    private Task<EmbeddedStore> OpenAsync(long snapshotThreshold = 64 * 1024 * 1024, long segmentBytes = 64 * 1024 * 1024) =>
        EmbeddedStore.OpenAsync(new EmbeddedStoreOptions
        {
            DataDirectory = _dir.Path,
            SnapshotThresholdBytes = snapshotThreshold,
            LogSegmentBytes = segmentBytes,
        });

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Acknowledged_writes_and_the_revision_survive_a_reopen()
    {
        long last;
        await using (var store = await OpenAsync())
        {
            for (var i = 0; i < 100; i++) await store.PutAsync(new PutRequest($"/k/{i}".B(), $"v{i}".B()));
            await store.DeleteRangeAsync(new DeleteRangeRequest("/k/7".B()));
            last = (await store.TxnAsync(new TxnRequest([Compare.Absent("/k/7".B())], [new PutRequest("/k/seven".B(), "7".B())]))).Revision;
        }

        await using var reopened = await OpenAsync();

        Assert.Equal(last, reopened.Revision);
        var all = await reopened.RangeAsync(RangeRequest.Prefix("/k/".B()));
        Assert.Equal(100, all.Count);
        Assert.DoesNotContain(all.Kvs, kv => kv.Key.S() == "/k/7");
        Assert.Equal(last + 1, (await reopened.PutAsync(new PutRequest("/k/next".B(), "x".B()))).Revision);
    }

    [Fact]
    public async Task History_compaction_and_watches_survive_snapshots_and_a_reopen()
    {
        long compactAt;
        List<string> eventsBefore;
        await using (var store = await OpenAsync(snapshotThreshold: 4096))
        {
            for (var i = 0; i < 300; i++) await store.PutAsync(new PutRequest($"/h/{i % 10}".B(), new string('x', 50 + i).B()));
            compactAt = (await store.RangeAsync(new RangeRequest("/h/0".B()))).Revision - 100;
            await store.CompactAsync(compactAt);
            for (var i = 0; i < 20; i++) await store.DeleteRangeAsync(new DeleteRangeRequest($"/h/{i % 10}".B()));
            for (var i = 0; i < 100; i++) await store.PutAsync(new PutRequest($"/h2/{i}".B(), new string('y', 100).B()));
            eventsBefore = await ReplayAsync(store, compactAt);
            Assert.True(Directory.GetFiles(Path.Combine(_dir.Path, "snap"), "*.snap").Length >= 1);
        }

        await using var reopened = await OpenAsync(snapshotThreshold: 4096);

        Assert.Equal(eventsBefore, await ReplayAsync(reopened, compactAt));
        await Assert.ThrowsAsync<CompactedException>(async () => await reopened.RangeAsync(new RangeRequest("/h/0".B(), Revision: compactAt - 1)));
        var old = await reopened.RangeAsync(RangeRequest.Prefix("/h/".B(), revision: compactAt));
        Assert.Equal(10, old.Count);
        Assert.Equal(0, (await reopened.RangeAsync(RangeRequest.Prefix("/h/".B()))).Count);
    }

    [Fact]
    public async Task Snapshots_remove_the_log_segments_and_older_snapshots_they_cover()
    {
        await using var store = await OpenAsync(snapshotThreshold: 8192, segmentBytes: 16 * 1024);
        for (var i = 0; i < 1000; i++) await store.PutAsync(new PutRequest($"/s/{i}".B(), new string('v', 200).B()));

        // 1000 records of ~230 bytes fill about 15 segments of 16 KiB; those a snapshot covers are deleted.
        var wal = Path.Combine(_dir.Path, "wal");
        await Eventually.TrueAsync(
            () => !File.Exists(Path.Combine(wal, $"{1:x16}.wal")) && Directory.GetFiles(Path.Combine(_dir.Path, "snap")).Length == 1,
            TimeSpan.FromSeconds(10), "covered segments and old snapshots deleted");
        Assert.InRange(Directory.GetFiles(wal, "*.wal").Length, 1, 14);
        await store.DisposeAsync();
        await using var reopened = await OpenAsync(segmentBytes: 16 * 1024);
        Assert.Equal(1000, (await reopened.RangeAsync(RangeRequest.Prefix("/s/".B()) with { CountOnly = true })).Count);
    }

    [Fact]
    public async Task Leases_survive_a_reopen_with_a_fresh_ttl_and_keep_their_keys()
    {
        long leaseId;
        await using (var store = await OpenAsync())
        {
            leaseId = (await store.Leases.GrantAsync(3600)).Id;
            await store.PutAsync(new PutRequest("/l/a".B(), "1".B(), leaseId));
        }

        await using var reopened = await OpenAsync();

        var info = await reopened.Leases.TimeToLiveAsync(leaseId, withKeys: true);
        Assert.NotNull(info);
        Assert.Equal(["/l/a"], info.Keys.Select(k => k.S()));
        Assert.InRange(info.RemainingTtlSeconds, 3590, 3600);
        await reopened.Leases.RevokeAsync(leaseId);
        Assert.Equal(0, (await reopened.RangeAsync(new RangeRequest("/l/a".B()))).Count);
    }

    [Fact]
    public async Task A_second_open_of_the_same_directory_fails_with_a_clear_error()
    {
        await using var first = await OpenAsync();

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => OpenAsync());

        Assert.Contains("in use", error.Message);
        Assert.Contains(_dir.Path, error.Message);
    }

    [Fact]
    public async Task Compaction_frees_the_memory_of_old_versions()
    {
        await using var store = await OpenAsync();
        long last = 0;
        for (var i = 0; i < 200; i++) last = (await store.PutAsync(new PutRequest("/c/a".B(), $"{i}".B()))).Revision;

        await store.CompactAsync(last);

        await using var watch = store.Watch(new WatchRequest("/c/a".B(), StartRevision: last - 1)).GetAsyncEnumerator();
        await Assert.ThrowsAsync<CompactedException>(async () => await watch.MoveNextAsync());
        Assert.Equal("199", (await store.RangeAsync(new RangeRequest("/c/a".B(), Revision: last))).Kvs[0].Value.S());
    }

    /// <summary>Every event from <paramref name="from"/> to now, as text.</summary>
    private static async Task<List<string>> ReplayAsync(EmbeddedStore store, long from)
    {
        var until = store.Revision;
        var events = new List<string>();
        await using var watch = store.Watch(WatchRequest.Prefix("/".B(), from, prevKv: true)).GetAsyncEnumerator();
        while (events.Count == 0 || !events[^1].StartsWith($"{until} ", StringComparison.Ordinal))
        {
            Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
            foreach (var e in watch.Current.Events)
                events.Add($"{e.Kv.ModRevision} {e.Type} {e.Kv.Key.S()} {e.Kv.Value.Length} v{e.Kv.Version} c{e.Kv.CreateRevision} prev:{e.PrevKv?.ModRevision}");
        }
        return events;
    }
}
