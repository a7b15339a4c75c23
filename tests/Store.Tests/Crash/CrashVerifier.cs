using Cluster.Store.Embedded;
using Cluster.TestKit;

namespace Cluster.Store.Tests.Crash;

/// <summary>
/// Checks the store after each crash against everything acknowledged so far, and remembers what it saw so the
/// next cycle can be checked against it: revisions continue where they stopped, history before the crash is
/// intact, and a watch from an old revision replays every revision since, across restarts.
/// </summary>
internal sealed class CrashVerifier
{
    public static readonly ReadOnlyMemory<byte> Prefix = "/crash/".B();
    private static readonly TimeSpan WatchWait = TimeSpan.FromSeconds(10);

    private readonly AckLedger _ledger = new();
    private readonly List<long> _verified = [1]; // store revision at each verification; an empty store is at 1
    private IReadOnlyList<KeyValue> _lastContents = [];
    private Dictionary<string, KeyValue> _lastByKey = [];
    private IReadOnlyList<Ack> _previousWrites = [];
    private long _lastCompactTarget;

    /// <summary>The revision the store was at when last checked; the next worker must open exactly there.</summary>
    public long VerifiedRevision => _verified[^1];

    /// <summary>
    /// What the next worker should compact to: the revision of the check before last, so the watch check (which
    /// starts right after it) stays above the compaction. 0 for none.
    /// </summary>
    public long NextCompactTarget()
    {
        if (_verified.Count < 3 || _verified[^2] <= Math.Max(1, _lastCompactTarget)) return 0;
        _lastCompactTarget = _verified[^2];
        return _lastCompactTarget;
    }

    public async Task<(int Acked, int DurableUnacked, int Settled, int Replayed)> VerifyAsync(EmbeddedStore store, IReadOnlyList<Ack> acks)
    {
        var error = acks.FirstOrDefault(a => a.Kind == AckKind.Error);
        Assert.True(error is null, $"the worker reported: {error?.Line}");
        if (acks.FirstOrDefault(a => a.Kind == AckKind.Ready) is { } ready)
            Assert.True(ready.Revision == VerifiedRevision, $"worker opened at revision {ready.Revision}, the store was at {VerifiedRevision} when last checked");

        var writes = acks.Where(a => a.IsWrite).ToList();
        foreach (var w in writes)
            Assert.True(w.Revision > VerifiedRevision, $"revision went backwards across the restart: {w.Line} (store was at {VerifiedRevision})");
        Assert.True(writes.Select(w => w.Revision).Distinct().Count() == writes.Count, "two acknowledged writes share a revision");
        foreach (var ack in acks) _ledger.Apply(ack);

        var revision = store.Revision;
        Assert.True(revision >= _ledger.MaxRevision, $"store reopened at revision {revision}, below the acknowledged revision {_ledger.MaxRevision}");

        var now = await store.RangeAsync(RangeRequest.Prefix(Prefix));
        var actual = now.Kvs.ToDictionary(kv => kv.Key.S(), StringComparer.Ordinal);
        var settled = _ledger.CheckAndSettle(actual);
        var durableUnacked = CheckUnacknowledged(now.Kvs, revision);
        await CheckLeasesAsync(store, now.Kvs);
        await CheckHistoryAsync(store, acks);
        var replayed = await CheckWatchReplayAsync(store, writes, revision);

        _lastContents = now.Kvs;
        _lastByKey = actual;
        _previousWrites = writes;
        _verified.Add(revision);
        return (writes.Count, durableUnacked, settled, replayed);
    }

    /// <summary>
    /// Writes that were durable but never acknowledged are fine if they are newer than the last check; one seen
    /// at an earlier check must be unchanged, since no worker knows of it.
    /// </summary>
    private int CheckUnacknowledged(IReadOnlyList<KeyValue> kvs, long revision)
    {
        var count = 0;
        foreach (var kv in kvs)
        {
            var key = kv.Key.S();
            if (_ledger.Live.ContainsKey(key)) continue;
            if (_lastByKey.TryGetValue(key, out var before))
            {
                Assert.True(kv.Equals(before), $"unacknowledged key {key} changed since the last check");
                continue;
            }
            Assert.True(kv.ModRevision > VerifiedRevision && kv.ModRevision <= revision,
                $"unacknowledged key {key} has revision {kv.ModRevision} outside ({VerifiedRevision}, {revision}]");
            count++;
        }
        return count;
    }

    /// <summary>Every acknowledged lease survived, with exactly the keys that are attached to it.</summary>
    private async Task CheckLeasesAsync(EmbeddedStore store, IReadOnlyList<KeyValue> kvs)
    {
        var byLease = kvs.Where(kv => kv.Lease != 0).GroupBy(kv => kv.Lease)
            .ToDictionary(g => g.Key, g => g.Select(kv => kv.Key.S()).Order(StringComparer.Ordinal).ToList());
        foreach (var lease in byLease.Keys)
            Assert.True(_ledger.Leases.Contains(lease), $"a key is attached to lease {lease}, which was never acknowledged");
        foreach (var lease in _ledger.Leases)
        {
            var info = await store.Leases.TimeToLiveAsync(lease, withKeys: true);
            Assert.True(info is not null, $"acknowledged lease {lease} is lost");
            var attached = string.Join(' ', info.Keys.Select(k => k.S()).Order(StringComparer.Ordinal));
            var expected = string.Join(' ', byLease.GetValueOrDefault(lease) ?? []);
            Assert.True(attached == expected, $"lease {lease} has keys [{attached}], the keys naming it are [{expected}]");
        }
    }

    /// <summary>The store as of the last check is still readable and unchanged; an acknowledged compaction holds.</summary>
    private async Task CheckHistoryAsync(EmbeddedStore store, IReadOnlyList<Ack> acks)
    {
        var then = await store.RangeAsync(RangeRequest.Prefix(Prefix, revision: VerifiedRevision));
        Assert.True(then.Kvs.SequenceEqual(_lastContents), $"the contents as of revision {VerifiedRevision} changed across the crash");
        foreach (var compact in acks.Where(a => a.Kind == AckKind.Compact && a.Revision > 1))
            await Assert.ThrowsAsync<CompactedException>(async () => await store.RangeAsync(RangeRequest.Prefix(Prefix, revision: compact.Revision - 1)));
    }

    /// <summary>
    /// A watch from the revision after the check before last replays every revision since (each one a write under
    /// the prefix) in order, whole, and with every write acknowledged in the last two cycles.
    /// </summary>
    private async Task<int> CheckWatchReplayAsync(EmbeddedStore store, IReadOnlyList<Ack> writes, long revision)
    {
        var from = (_verified.Count >= 2 ? _verified[^2] : _verified[^1]) + 1;
        var events = new List<WatchEvent>();
        using var timeout = new CancellationTokenSource(WatchWait);
        await using (var watch = store.Watch(WatchRequest.Prefix(Prefix, from)).GetAsyncEnumerator(timeout.Token))
        {
            var last = from - 1;
            while (last < revision)
            {
                Assert.True(await watch.MoveNextAsync(), $"watch from {from} stopped at {last}, before revision {revision}");
                if (watch.Current.IsProgressNotify) continue;
                var batch = watch.Current.Events;
                // Every revision is a write under the prefix, so each batch starts right after the last one and
                // revisions go up one at a time; a revision split over two batches would start a batch at `last`.
                Assert.True(batch[0].Kv.ModRevision == last + 1, $"batch starts at revision {batch[0].Kv.ModRevision}, right after {last} expected");
                foreach (var e in batch)
                {
                    Assert.True(e.Kv.ModRevision == last || e.Kv.ModRevision == last + 1, $"watch went from revision {last} to {e.Kv.ModRevision}");
                    last = e.Kv.ModRevision;
                    events.Add(e);
                }
            }
            Assert.Equal(revision, last);
        }

        var byRevision = events.ToLookup(e => e.Kv.ModRevision);
        foreach (var w in _previousWrites.Concat(writes))
        {
            var at = byRevision[w.Revision].ToList();
            foreach (var (key, value) in w.Kvs)
            {
                var found = w.Kind == AckKind.Delete
                    ? at.Any(e => e.Type == WatchEventType.Delete && e.Kv.Key.S() == key)
                    : at.Any(e => e.Type == WatchEventType.Put && e.Kv.Key.S() == key && e.Kv.Value.S() == value && e.Kv.Lease == w.Lease);
                Assert.True(found, $"watch replay from {from} lacks acknowledged write {w.Line[..Math.Min(w.Line.Length, 80)]}");
            }
        }
        return events.Count;
    }
}
