using Cluster.TestKit;

namespace Cluster.Store.Tests.Model;

/// <summary>
/// Random requests over a <see cref="KeySpace"/>. Compare operands are taken from what the client has seen, so
/// that compares succeed often enough to matter, and from random numbers otherwise. Values are unique per call.
/// </summary>
internal sealed class OpGenerator(KeySpace keys, Random random, int client)
{
    private readonly Dictionary<int, KeyValue> _seen = []; // the newest version of each key this client saw
    private int _values;

    /// <summary>Remembers key-values from a response, to aim later compares at them.</summary>
    public void Saw(KeyValue kv)
    {
        for (var i = 0; i < keys.Count; i++)
        {
            if (!kv.Key.Span.SequenceEqual(keys.Key(i).Span)) continue;
            if (!_seen.TryGetValue(i, out var old) || old.ModRevision <= kv.ModRevision) _seen[i] = kv;
        }
    }

    public PutRequest Put(long lease = 0) => new(RandomKey(), NewValue(), lease, random.Next(2) == 0);

    public DeleteRangeRequest Delete() => random.Next(4) switch
    {
        0 => DeleteRangeRequest.Prefix(keys.Group(random.Next(2)), random.Next(2) == 0),
        1 => RangeOf((k, end) => new DeleteRangeRequest(k, end, random.Next(2) == 0)),
        _ => new DeleteRangeRequest(RandomKey(), PrevKv: random.Next(2) == 0),
    };

    /// <summary>A range at the current revision, or at <paramref name="revision"/>.</summary>
    public RangeRequest Range(long revision = 0)
    {
        var limit = random.Next(4) == 0 ? random.Next(1, 5) : 0;
        var shape = random.Next(10);
        var request = random.Next(3) switch
        {
            0 => new RangeRequest(RandomKey()),
            1 => RangeRequest.Prefix(random.Next(3) == 0 ? keys.Group(random.Next(2)) : keys.Prefix),
            _ => RangeOf((k, end) => new RangeRequest(k, end)),
        };
        // CountOnly is never combined with a limit: etcd and the contract differ on More there.
        return request with { Revision = revision, Limit = shape == 0 ? 0 : limit, KeysOnly = shape == 1, CountOnly = shape == 0 };
    }

    public TxnRequest Txn(long lowRevision, long highRevision)
    {
        var compares = Enumerable.Range(0, random.Next(0, 3)).Select(_ => NewCompare(lowRevision, highRevision)).ToList();
        var readOnly = random.Next(5) == 0;
        var success = Branch(random.Next(1, 4), readOnly ? 0 : 60, readOnly ? 0 : 20, lowRevision, highRevision);
        var failure = Branch(random.Next(0, 3), readOnly ? 0 : 40, readOnly ? 0 : 15, lowRevision, highRevision);
        return new TxnRequest(compares, success, failure);
    }

    private Compare NewCompare(long lowRevision, long highRevision)
    {
        var i = random.Next(keys.Count);
        var key = keys.Key(i);
        if (random.Next(15) == 0)
            return new Compare(keys.Prefix, CompareTarget.ModRevision, CompareResult.Less, random.NextInt64(lowRevision, highRevision + 2), RangeEnd: KeyRange.PrefixEnd(keys.Prefix.Span));
        var seen = _seen.GetValueOrDefault(i);
        var aimed = seen is not null && random.Next(10) < 7;
        var result = random.Next(10) < 7 ? CompareResult.Equal : (CompareResult)random.Next(1, 4);
        return random.Next(6) switch
        {
            0 => Cluster.Store.Compare.Version(key, result, aimed ? seen!.Version : random.Next(0, 3)),
            1 => Cluster.Store.Compare.ModRevision(key, result, aimed ? seen!.ModRevision : random.NextInt64(lowRevision, highRevision + 1)),
            2 => Cluster.Store.Compare.CreateRevision(key, result, aimed ? seen!.CreateRevision : random.NextInt64(lowRevision, highRevision + 1)),
            3 => Cluster.Store.Compare.ValueOf(key, result, aimed ? seen!.Value : $"c{random.Next(8)}-{random.Next(30)}".B()),
            4 => Cluster.Store.Compare.LeaseOf(key, result, aimed ? seen!.Lease : 0),
            _ => Cluster.Store.Compare.Absent(key),
        };
    }

    /// <summary>A branch of <paramref name="count"/> operations that writes each key at most once, as the contract requires.</summary>
    private List<TxnOp> Branch(int count, int putPercent, int deletePercent, long lowRevision, long highRevision)
    {
        var ops = new List<TxnOp>();
        while (ops.Count < count)
        {
            var roll = random.Next(100);
            TxnOp op = roll < putPercent ? new PutRequest(RandomKey(), NewValue(), PrevKv: random.Next(2) == 0)
                : roll < putPercent + deletePercent ? Delete()
                : random.Next(4) == 0 ? Range(random.NextInt64(Math.Max(lowRevision, highRevision - 20), highRevision + 1)) : Range();
            if (WritesOnce([.. ops, op])) ops.Add(op);
        }
        return ops;
    }

    private static bool WritesOnce(List<TxnOp> ops)
    {
        var puts = ops.OfType<PutRequest>().ToList();
        if (puts.Select(p => p.Key.S()).Distinct().Count() != puts.Count) return false;
        return !ops.OfType<DeleteRangeRequest>().Any(d => puts.Any(p => KeyRange.Contains(d.Key.Span, d.RangeEnd.Span, p.Key.Span)));
    }

    private T RangeOf<T>(Func<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>, T> make)
    {
        var from = random.Next(keys.Count - 1);
        var to = random.Next(from + 1, keys.Count);
        return make(keys.Key(from), keys.Key(to));
    }

    private ReadOnlyMemory<byte> RandomKey() => keys.Key(random.Next(keys.Count));

    private ReadOnlyMemory<byte> NewValue() => $"c{client}-{_values++}".B();
}
