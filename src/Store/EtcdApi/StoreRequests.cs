using Cluster.Store.Etcd.Grpc;
using Pb = Cluster.Store.Etcd.Protos;

namespace Cluster.Store.EtcdApi;

/// <summary>
/// Builds the store's request records from etcd wire requests: the inverse of <c>Etcd/ToProto</c>. A request that uses
/// a feature the store does not have (another sort order, revision filters, nested txns, event filters, fragmenting)
/// is refused with <see cref="GrpcStatusCode.InvalidArgument"/> naming the field, never served as if it were absent.
/// </summary>
/// <remarks>
/// Keys and values are wrapped, not copied: the parsed messages are never mutated and the store keeps immutable data.
/// Everything else (empty keys, sizes, too many txn operations) is left to the store, which checks it with
/// <see cref="StoreLimits"/> and whose errors <see cref="ErrorStatus"/> turns into etcd's statuses.
/// </remarks>
internal static class StoreRequests
{
    public static RangeRequest Range(Pb.RangeRequest r)
    {
        if (r.SortOrder is not (Pb.RangeRequest.Types.SortOrder.None or Pb.RangeRequest.Types.SortOrder.Ascend))
            throw Unsupported("RangeRequest.sort_order", r.SortOrder, "keys come back in ascending key order only");
        if (r.SortTarget != Pb.RangeRequest.Types.SortTarget.Key)
            throw Unsupported("RangeRequest.sort_target", r.SortTarget, "keys come back in ascending key order only");
        if (r.MinModRevision != 0) throw Unsupported("RangeRequest.min_mod_revision", r.MinModRevision, "no revision filters");
        if (r.MaxModRevision != 0) throw Unsupported("RangeRequest.max_mod_revision", r.MaxModRevision, "no revision filters");
        if (r.MinCreateRevision != 0) throw Unsupported("RangeRequest.min_create_revision", r.MinCreateRevision, "no revision filters");
        if (r.MaxCreateRevision != 0) throw Unsupported("RangeRequest.max_create_revision", r.MaxCreateRevision, "no revision filters");
        // serializable is accepted: every read here is linearizable, which is stronger.
        return new RangeRequest(r.Key.Memory, r.RangeEnd.Memory, r.Limit, r.Revision, r.KeysOnly, r.CountOnly);
    }

    public static PutRequest Put(Pb.PutRequest r)
    {
        if (r.IgnoreValue) throw Unsupported("PutRequest.ignore_value", true, "a put always carries its value");
        if (r.IgnoreLease) throw Unsupported("PutRequest.ignore_lease", true, "a put always carries its lease");
        return new PutRequest(r.Key.Memory, r.Value.Memory, r.Lease, r.PrevKv);
    }

    public static DeleteRangeRequest DeleteRange(Pb.DeleteRangeRequest r) => new(r.Key.Memory, r.RangeEnd.Memory, r.PrevKv);

    public static TxnRequest Txn(Pb.TxnRequest r) =>
        new([.. r.Compare.Select(Compare)], [.. r.Success.Select(Op)], [.. r.Failure.Select(Op)]);

    /// <summary>
    /// The store's watch request for a create request, starting at <paramref name="startRevision"/>. An empty key means
    /// the smallest key, <c>"\0"</c>, as in etcd.
    /// </summary>
    public static WatchRequest Watch(Pb.WatchCreateRequest c, long startRevision)
    {
        if (c.Filters.Count > 0) throw Unsupported("WatchCreateRequest.filters", string.Join(",", c.Filters), "every event is delivered");
        if (c.Fragment) throw Unsupported("WatchCreateRequest.fragment", true, "responses are never fragmented");
        ReadOnlyMemory<byte> key = c.Key.IsEmpty ? new byte[] { 0 } : c.Key.Memory;
        return new WatchRequest(key, c.RangeEnd.Memory, startRevision, c.PrevKv, c.ProgressNotify);
    }

    private static Compare Compare(Pb.Compare c)
    {
        var result = c.Result switch
        {
            Pb.Compare.Types.CompareResult.Equal => CompareResult.Equal,
            Pb.Compare.Types.CompareResult.Greater => CompareResult.Greater,
            Pb.Compare.Types.CompareResult.Less => CompareResult.Less,
            Pb.Compare.Types.CompareResult.NotEqual => CompareResult.NotEqual,
            _ => throw Invalid($"unknown Compare.result {(int)c.Result}"),
        };
        // etcd reads the operand from the target_union case that matches the target; a missing one counts as zero,
        // which is what the generated getters return for a case that is not set.
        return c.Target switch
        {
            Pb.Compare.Types.CompareTarget.Version => new Compare(c.Key.Memory, CompareTarget.Version, result, c.Version, RangeEnd: c.RangeEnd.Memory),
            Pb.Compare.Types.CompareTarget.Create => new Compare(c.Key.Memory, CompareTarget.CreateRevision, result, c.CreateRevision, RangeEnd: c.RangeEnd.Memory),
            Pb.Compare.Types.CompareTarget.Mod => new Compare(c.Key.Memory, CompareTarget.ModRevision, result, c.ModRevision, RangeEnd: c.RangeEnd.Memory),
            Pb.Compare.Types.CompareTarget.Value => new Compare(c.Key.Memory, CompareTarget.Value, result, Value: c.Value.Memory, RangeEnd: c.RangeEnd.Memory),
            Pb.Compare.Types.CompareTarget.Lease => new Compare(c.Key.Memory, CompareTarget.Lease, result, c.Lease, RangeEnd: c.RangeEnd.Memory),
            _ => throw Invalid($"unknown Compare.target {(int)c.Target}"),
        };
    }

    private static TxnOp Op(Pb.RequestOp op) => op.RequestCase switch
    {
        Pb.RequestOp.RequestOneofCase.RequestRange => Range(op.RequestRange),
        Pb.RequestOp.RequestOneofCase.RequestPut => Put(op.RequestPut),
        Pb.RequestOp.RequestOneofCase.RequestDeleteRange => DeleteRange(op.RequestDeleteRange),
        Pb.RequestOp.RequestOneofCase.RequestTxn => throw Unsupported("RequestOp.request_txn", "a nested txn", "txns cannot be nested"),
        _ => throw Invalid("a RequestOp has no request"),
    };

    private static GrpcStatusException Unsupported<T>(string field, T value, string why) =>
        Invalid($"unsupported field {field} ({value}): {why}");

    private static GrpcStatusException Invalid(string message) => new(GrpcStatusCode.InvalidArgument, message);
}
