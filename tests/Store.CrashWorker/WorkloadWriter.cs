using Cluster.Store.Errors;

namespace Cluster.Store.CrashWorker;

/// <summary>
/// One of the concurrent writers: loops over a random mix of puts, create-if-absent txns, multi-put txns, deletes
/// of acknowledged keys, lease grants and puts attached to a lease, and reports each write once it is acknowledged.
/// Keys are unique per run (<c>/crash/{cycle}/{writer}/{n}</c>), so every acknowledged put names a key nobody else writes.
/// </summary>
internal sealed class WorkloadWriter(IKeyValueStore store, AckWriter acks, AckedKeys acked, int cycle, int writer)
{
    /// <summary>Leases outlive every test run; a restart gives them a fresh TTL anyway.</summary>
    private const long LeaseTtlSeconds = 3600;

    private readonly Random _random = new(cycle * 1000 + writer);
    private int _next;

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await StepAsync().ConfigureAwait(false);
            }
            catch (StoreUnavailableException) when (ct.IsCancellationRequested)
            {
                return; // the store is closing at the end of an unkilled run
            }
            catch (Exception e)
            {
                acks.Line($"ERROR writer {writer}: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
            }
        }
    }

    private Task StepAsync() => _random.Next(100) switch
    {
        < 35 => PutAsync(),
        < 50 => CreateAsync(),
        < 65 => MultiPutAsync(),
        < 82 => DeleteAsync(),
        < 85 => GrantAsync(),
        _ => LeasePutAsync(),
    };

    private async Task PutAsync()
    {
        var (key, value) = NewKeyValue("p");
        var result = await store.PutAsync(new PutRequest(key.B(), value.B(), PrevKv: true)).ConfigureAwait(false);
        if (result.PrevKv is not null) acks.Line($"ERROR put of fresh key {key} returned a previous value");
        acks.Line($"PUT {result.Revision} {key} {value}");
        acked.Add(key, value);
    }

    private async Task CreateAsync()
    {
        var (key, value) = NewKeyValue("c");
        var txn = new TxnRequest([Compare.Absent(key.B())], [new PutRequest(key.B(), value.B())], [new RangeRequest(key.B())]);
        var result = await store.TxnAsync(txn).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            acks.Line($"ERROR create-if-absent of fresh key {key} failed its compare");
            return;
        }
        acks.Line($"CREATE {result.Revision} {key} {value}");
        acked.Add(key, value);
    }

    private async Task MultiPutAsync()
    {
        var pairs = Enumerable.Range(0, _random.Next(2, 5)).Select(_ => NewKeyValue("m")).ToList();
        var txn = new TxnRequest([], [.. pairs.Select(p => (TxnOp)new PutRequest(p.Key.B(), p.Value.B()))]);
        var result = await store.TxnAsync(txn).ConfigureAwait(false);
        acks.Line($"MULTI {result.Revision} {string.Join(' ', pairs.Select(p => $"{p.Key} {p.Value}"))}");
        foreach (var (key, value) in pairs) acked.Add(key, value);
    }

    private async Task DeleteAsync()
    {
        if (!acked.TryTake(_random, out var entry))
        {
            await PutAsync().ConfigureAwait(false);
            return;
        }
        acks.Line($"DELETING {entry.Key}");
        var result = await store.DeleteRangeAsync(new DeleteRangeRequest(entry.Key.B(), PrevKv: true)).ConfigureAwait(false);
        if (result.Deleted != 1 || result.PrevKvs.Count != 1 || result.PrevKvs[0].Value.S() != entry.Value)
        {
            acks.Line($"ERROR delete of acknowledged key {entry.Key} removed {result.Deleted} keys");
            return;
        }
        acks.Line($"DEL {result.Revision} {entry.Key}");
    }

    private async Task GrantAsync()
    {
        var grant = await store.Leases.GrantAsync(LeaseTtlSeconds).ConfigureAwait(false);
        acks.Line($"GRANT {grant.Id}");
        acked.AddLease(grant.Id);
    }

    private async Task LeasePutAsync()
    {
        var lease = acked.RandomLease(_random);
        if (lease == 0)
        {
            await GrantAsync().ConfigureAwait(false);
            return;
        }
        var (key, value) = NewKeyValue("l");
        var result = await store.PutAsync(new PutRequest(key.B(), value.B(), lease)).ConfigureAwait(false);
        acks.Line($"LPUT {result.Revision} {lease} {key} {value}");
        acked.Add(key, value);
    }

    /// <summary>A key no one has written, and a value of varying length that names it.</summary>
    private (string Key, string Value) NewKeyValue(string kind)
    {
        var n = _next++;
        var key = $"/crash/{cycle:D3}/{writer:D2}/{kind}{n:D6}";
        var value = $"v{cycle}.{writer}.{n}." + new string((char)('a' + (n % 26)), _random.Next(0, 160));
        return (key, value);
    }
}
