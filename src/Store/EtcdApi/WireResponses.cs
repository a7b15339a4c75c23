using Cluster.Store.Etcd;
using Pb = Cluster.Store.Etcd.Protos;

namespace Cluster.Store.EtcdApi;

/// <summary>
/// Builds etcd wire responses from the store's results: the inverse of <c>Etcd/FromProto</c>. Keys and values are
/// wrapped, not copied: store key-values are immutable, and every message is serialized before it is dropped.
/// </summary>
internal static class WireResponses
{
    public static Pb.RangeResponse Range(RangeResult r, ResponseHeaders headers)
    {
        var response = new Pb.RangeResponse { Header = headers.At(r.Revision), More = r.More, Count = r.Count };
        foreach (var kv in r.Kvs) response.Kvs.Add(KeyValue(kv));
        return response;
    }

    public static Pb.PutResponse Put(PutResult r, ResponseHeaders headers) => new()
    {
        Header = headers.At(r.Revision),
        PrevKv = r.PrevKv is { } prev ? KeyValue(prev) : null,
    };

    public static Pb.DeleteRangeResponse DeleteRange(DeleteRangeResult r, ResponseHeaders headers)
    {
        var response = new Pb.DeleteRangeResponse { Header = headers.At(r.Revision), Deleted = r.Deleted };
        foreach (var kv in r.PrevKvs) response.PrevKvs.Add(KeyValue(kv));
        return response;
    }

    public static Pb.TxnResponse Txn(TxnResult r, ResponseHeaders headers)
    {
        var response = new Pb.TxnResponse { Header = headers.At(r.Revision), Succeeded = r.Succeeded };
        foreach (var op in r.Responses)
        {
            response.Responses.Add(op switch
            {
                RangeResult range => new Pb.ResponseOp { ResponseRange = Range(range, headers) },
                PutResult put => new Pb.ResponseOp { ResponsePut = Put(put, headers) },
                DeleteRangeResult delete => new Pb.ResponseOp { ResponseDeleteRange = DeleteRange(delete, headers) },
                _ => throw new InvalidOperationException($"the store returned an unknown txn result {op.GetType().Name}"),
            });
        }
        return response;
    }

    /// <summary>A batch of events, or (with none) a progress notification, for watch <paramref name="watchId"/>.</summary>
    public static Pb.WatchResponse Watch(long watchId, WatchBatch batch, ResponseHeaders headers)
    {
        var response = new Pb.WatchResponse { Header = headers.At(batch.Revision), WatchId = watchId };
        foreach (var e in batch.Events) response.Events.Add(Event(e));
        return response;
    }

    public static Pb.KeyValue KeyValue(KeyValue kv) => new()
    {
        Key = ToProto.Bytes(kv.Key),
        CreateRevision = kv.CreateRevision,
        ModRevision = kv.ModRevision,
        Version = kv.Version,
        Value = ToProto.Bytes(kv.Value),
        Lease = kv.Lease,
    };

    private static Pb.Event Event(WatchEvent e) => new()
    {
        Type = e.Type == WatchEventType.Delete ? Pb.Event.Types.EventType.Delete : Pb.Event.Types.EventType.Put,
        Kv = KeyValue(e.Kv),
        PrevKv = e.PrevKv is { } prev ? KeyValue(prev) : null,
    };
}
