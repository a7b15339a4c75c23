using Pb = Cluster.Store.Etcd.Protos;

namespace Cluster.Store.Etcd;

/// <summary>Builds the store's result records from etcd wire messages.</summary>
internal static class FromProto
{
    public static long Revision(Pb.ResponseHeader? header) => header?.Revision ?? 0;

    public static KeyValue KeyValue(Pb.KeyValue kv) =>
        new(kv.Key.Memory, kv.Value.Memory, kv.CreateRevision, kv.ModRevision, kv.Version, kv.Lease);

    public static KeyValue? KeyValueOrNull(Pb.KeyValue? kv) => kv is null ? null : KeyValue(kv);

    public static IReadOnlyList<KeyValue> KeyValues(IReadOnlyCollection<Pb.KeyValue> kvs) =>
        kvs.Count == 0 ? [] : [.. kvs.Select(KeyValue)];

    public static RangeResult Range(Pb.RangeResponse r, long revision) =>
        new(revision, KeyValues(r.Kvs), r.More, r.Count);

    public static PutResult Put(Pb.PutResponse r, long revision) => new(revision, KeyValueOrNull(r.PrevKv));

    public static DeleteRangeResult DeleteRange(Pb.DeleteRangeResponse r, long revision) =>
        new(revision, r.Deleted, KeyValues(r.PrevKvs));

    /// <summary>Every operation result of a txn carries the txn's revision (the store revision after the whole txn).</summary>
    public static TxnResult Txn(Pb.TxnResponse r)
    {
        var revision = Revision(r.Header);
        var results = new OpResult[r.Responses.Count];
        for (var i = 0; i < results.Length; i++)
        {
            var op = r.Responses[i];
            results[i] = op.ResponseCase switch
            {
                Pb.ResponseOp.ResponseOneofCase.ResponseRange => Range(op.ResponseRange, revision),
                Pb.ResponseOp.ResponseOneofCase.ResponsePut => Put(op.ResponsePut, revision),
                Pb.ResponseOp.ResponseOneofCase.ResponseDeleteRange => DeleteRange(op.ResponseDeleteRange, revision),
                _ => throw new StoreUnavailableException($"etcd returned an unexpected txn response {op.ResponseCase}"),
            };
        }
        return new TxnResult(revision, r.Succeeded, results);
    }

    public static WatchEvent Event(Pb.Event e) => new(
        e.Type == Pb.Event.Types.EventType.Delete ? WatchEventType.Delete : WatchEventType.Put,
        KeyValue(e.Kv ?? new Pb.KeyValue()),
        KeyValueOrNull(e.PrevKv));
}
