using Cluster.TestKit;

namespace Cluster.Store.Tests.Crash;

/// <summary>
/// Everything the crash workers had acknowledged, over every cycle: what the store must hold after any crash.
/// Keys are never reused, so each key has at most one acknowledged put and one delete.
/// </summary>
internal sealed class AckLedger
{
    private readonly Dictionary<string, ExpectedKv> _live = new(StringComparer.Ordinal);
    private readonly HashSet<string> _deleted = new(StringComparer.Ordinal);
    private readonly HashSet<long> _leases = [];

    /// <summary>Acknowledged puts not known to be deleted.</summary>
    public IReadOnlyDictionary<string, ExpectedKv> Live => _live;

    /// <summary>Keys whose delete was acknowledged (or, after a crash, turned out to be durable).</summary>
    public IReadOnlySet<string> Deleted => _deleted;

    public IReadOnlySet<long> Leases => _leases;

    /// <summary>The highest acknowledged write revision so far.</summary>
    public long MaxRevision { get; private set; }

    public void Apply(Ack ack)
    {
        MaxRevision = Math.Max(MaxRevision, ack.IsWrite ? ack.Revision : 0);
        switch (ack.Kind)
        {
            case AckKind.Put or AckKind.Create or AckKind.Multi or AckKind.LeasePut:
                foreach (var (written, value) in ack.Kvs)
                {
                    Assert.True(ack.Kind != AckKind.LeasePut || _leases.Contains(ack.Lease), $"put with a lease never acknowledged: {ack.Line}");
                    Assert.True(_live.TryAdd(written, new ExpectedKv(value, ack.Revision, ack.Lease)), $"key acknowledged twice: {ack.Line}");
                }
                break;
            case AckKind.Deleting:
                var deleting = ack.Kvs[0].Key;
                Assert.True(_live.TryGetValue(deleting, out var target), $"delete of a key never acknowledged: {ack.Line}");
                _live[deleting] = target with { MaybeDeleted = true };
                break;
            case AckKind.Delete:
                var key = ack.Kvs[0].Key;
                Assert.True(_live.Remove(key, out var old) && old.MaybeDeleted, $"delete acknowledged without its intent line: {ack.Line}");
                Assert.True(ack.Revision > old.ModRevision, $"delete at {ack.Revision} is not after the put at {old.ModRevision}: {ack.Line}");
                _deleted.Add(key);
                break;
            case AckKind.Grant:
                _leases.Add(ack.Lease);
                break;
        }
    }

    /// <summary>
    /// Checks the store's contents against every acknowledgement and settles the deletes whose outcome the crash
    /// hid: each such key must be gone or unchanged. Returns how many of them turned out durable.
    /// </summary>
    public int CheckAndSettle(IReadOnlyDictionary<string, KeyValue> actual)
    {
        var settled = 0;
        foreach (var (key, expected) in _live.ToList())
        {
            if (!actual.TryGetValue(key, out var kv))
            {
                Assert.True(expected.MaybeDeleted, $"acknowledged put of {key} at revision {expected.ModRevision} is lost");
                _live.Remove(key);
                _deleted.Add(key);
                settled++;
                continue;
            }
            Assert.True(kv.Value.S() == expected.Value && kv.ModRevision == expected.ModRevision && kv.Lease == expected.Lease,
                $"{key}: expected value {expected.Value} at revision {expected.ModRevision} lease {expected.Lease}, " +
                $"found {kv.Value.S()} at revision {kv.ModRevision} lease {kv.Lease}");
            if (expected.MaybeDeleted) _live[key] = expected with { MaybeDeleted = false };
        }
        foreach (var key in _deleted) Assert.False(actual.ContainsKey(key), $"acknowledged delete of {key} is undone");
        return settled;
    }
}
