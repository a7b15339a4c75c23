namespace Cluster.Store.Tests.Model;

/// <summary>
/// One of the concurrent clients: runs a seeded random sequence of puts, deletes, txns, ranges (current and at
/// older revisions) and lease lifecycles (grant, puts attached to the lease, revoke), one call at a time, and
/// records every call with its response for <see cref="HistoryChecker"/>.
/// </summary>
/// <remarks>
/// Each client uses only leases it granted itself, so a lease's keys can only lose attachments once its owner
/// has stopped putting with it; the checker relies on that to check revokes that took no revision.
/// </remarks>
internal sealed class ModelClient
{
    private const long LeaseTtlSeconds = 600; // far longer than a run: nothing expires on its own

    private readonly int _id;
    private readonly IKeyValueStore _store;
    private readonly KeySpace _keys;
    private readonly long _base;
    private readonly Random _random;
    private readonly OpGenerator _ops;
    private long _lastHeader;
    private long _lease;
    private int _leasePuts;
    private int _seq;

    public ModelClient(int id, IKeyValueStore store, KeySpace keys, long baseRevision, int seed)
    {
        _id = id;
        _store = store;
        _keys = keys;
        _base = baseRevision;
        _lastHeader = baseRevision;
        _random = new Random(seed);
        _ops = new OpGenerator(keys, _random, id);
    }

    public List<Call> Calls { get; } = [];

    public List<RevokeCall> Revokes { get; } = [];

    /// <summary>Runs the client's calls; a call that fails unexpectedly ends the run (the test cannot know whether it took effect).</summary>
    public async Task RunAsync(int steps)
    {
        for (var i = 0; i < steps; i++)
        {
            try
            {
                await StepAsync();
            }
            catch (StoreException e)
            {
                throw new InvalidOperationException($"client {_id}, call {_seq}: {e.GetType().Name}: {e.Message}", e);
            }
        }
    }

    private Task StepAsync() => _random.Next(100) switch
    {
        < 22 => PutAsync(_ops.Put()),
        < 37 => DeleteAsync(_ops.Delete()),
        < 62 => TxnAsync(_ops.Txn(_base, _lastHeader)),
        < 75 => RangeAsync(_ops.Range()),
        < 87 => RangeAsync(_ops.Range(_random.NextInt64(_base, _lastHeader + 1))),
        _ => LeaseStepAsync(),
    };

    private async Task PutAsync(PutRequest put)
    {
        var result = await _store.PutAsync(put);
        Record(CallKind.Put, put, new TxnResult(result.Revision, true, [result]));
        var prev = result.PrevKv;
        _ops.Saw(new KeyValue(put.Key, put.Value, prev?.CreateRevision ?? result.Revision, result.Revision, (prev?.Version ?? 0) + 1, put.Lease));
    }

    private async Task DeleteAsync(DeleteRangeRequest delete)
    {
        var result = await _store.DeleteRangeAsync(delete);
        Record(CallKind.Delete, delete, new TxnResult(result.Revision, true, [result]));
    }

    private async Task TxnAsync(TxnRequest txn)
    {
        var result = await _store.TxnAsync(txn);
        Calls.Add(new Call(_id, _seq++, CallKind.Txn, txn, result));
        _lastHeader = Math.Max(_lastHeader, result.Revision);
    }

    private async Task<long> RangeAsync(RangeRequest range)
    {
        var result = await _store.RangeAsync(range);
        Record(CallKind.Range, range, new TxnResult(result.Revision, true, [result]));
        if (range.Revision == 0 && !range.KeysOnly)
        {
            foreach (var kv in result.Kvs) _ops.Saw(kv);
        }
        return result.Revision;
    }

    /// <summary>Grants a lease if there is none; then puts with it a few times; then revokes it and checks it is gone.</summary>
    private async Task LeaseStepAsync()
    {
        if (_lease == 0)
        {
            _lease = (await _store.Leases.GrantAsync(LeaseTtlSeconds)).Id;
            _leasePuts = 0;
        }
        if (_leasePuts < 3 && _random.Next(3) != 0)
        {
            _leasePuts++;
            await PutAsync(_ops.Put(_lease));
            return;
        }

        var seq = _seq++;
        var after = _lastHeader;
        await _store.Leases.RevokeAsync(_lease);
        var before = await RangeAsync(RangeRequest.Prefix(_keys.Prefix) with { CountOnly = true });
        Revokes.Add(new RevokeCall(_id, seq, _lease, after, before));
        Assert.Null(await _store.Leases.TimeToLiveAsync(_lease));
        var revoked = _lease;
        _lease = 0;
        await Assert.ThrowsAsync<LeaseNotFoundException>(async () => await _store.PutAsync(_ops.Put(revoked)));
    }

    private void Record(CallKind kind, TxnOp op, TxnResult result)
    {
        Calls.Add(new Call(_id, _seq++, kind, new TxnRequest([], [op]), result));
        _lastHeader = Math.Max(_lastHeader, result.Revision);
    }
}
