using Google.Protobuf;
using Pb = Cluster.Store.Etcd.Protos;

namespace Cluster.Store.Etcd;

/// <summary>Builds etcd wire messages from the store's request records.</summary>
internal static class ToProto
{
    public static Pb.RangeRequest Range(RangeRequest r) => new()
    {
        Key = Bytes(r.Key),
        RangeEnd = Bytes(r.RangeEnd),
        Limit = r.Limit,
        Revision = r.Revision,
        KeysOnly = r.KeysOnly,
        CountOnly = r.CountOnly,
    };

    public static Pb.PutRequest Put(PutRequest r) => new()
    {
        Key = Bytes(r.Key),
        Value = Bytes(r.Value),
        Lease = r.Lease,
        PrevKv = r.PrevKv,
    };

    public static Pb.DeleteRangeRequest DeleteRange(DeleteRangeRequest r) => new()
    {
        Key = Bytes(r.Key),
        RangeEnd = Bytes(r.RangeEnd),
        PrevKv = r.PrevKv,
    };

    public static Pb.TxnRequest Txn(TxnRequest r)
    {
        var txn = new Pb.TxnRequest();
        txn.Compare.AddRange(r.Compares.Select(Compare));
        txn.Success.AddRange(r.Success.Select(Op));
        txn.Failure.AddRange(r.Failure.Select(Op));
        return txn;
    }

    public static Pb.Compare Compare(Compare c)
    {
        var compare = new Pb.Compare
        {
            Key = Bytes(c.Key),
            RangeEnd = Bytes(c.RangeEnd),
            Result = c.Result switch
            {
                CompareResult.Equal => Pb.Compare.Types.CompareResult.Equal,
                CompareResult.Greater => Pb.Compare.Types.CompareResult.Greater,
                CompareResult.Less => Pb.Compare.Types.CompareResult.Less,
                CompareResult.NotEqual => Pb.Compare.Types.CompareResult.NotEqual,
                _ => throw new InvalidStoreRequestException($"unsupported compare result {c.Result}"),
            },
        };
        // etcd reads the operand from the target_union case, so it is set even when it is 0.
        switch (c.Target)
        {
            case CompareTarget.Version:
                compare.Target = Pb.Compare.Types.CompareTarget.Version;
                compare.Version = c.Number;
                break;
            case CompareTarget.CreateRevision:
                compare.Target = Pb.Compare.Types.CompareTarget.Create;
                compare.CreateRevision = c.Number;
                break;
            case CompareTarget.ModRevision:
                compare.Target = Pb.Compare.Types.CompareTarget.Mod;
                compare.ModRevision = c.Number;
                break;
            case CompareTarget.Value:
                compare.Target = Pb.Compare.Types.CompareTarget.Value;
                compare.Value = Bytes(c.Value);
                break;
            case CompareTarget.Lease:
                compare.Target = Pb.Compare.Types.CompareTarget.Lease;
                compare.Lease = c.Number;
                break;
            default:
                throw new InvalidStoreRequestException($"unsupported compare target {c.Target}");
        }
        return compare;
    }

    public static Pb.RequestOp Op(TxnOp op) => op switch
    {
        RangeRequest r => new Pb.RequestOp { RequestRange = Range(r) },
        PutRequest p => new Pb.RequestOp { RequestPut = Put(p) },
        DeleteRangeRequest d => new Pb.RequestOp { RequestDeleteRange = DeleteRange(d) },
        _ => throw new InvalidStoreRequestException($"unsupported txn operation {op.GetType().Name}"),
    };

    public static Pb.WatchCreateRequest WatchCreate(WatchRequest w, long startRevision) => new()
    {
        Key = Bytes(w.Key),
        RangeEnd = Bytes(w.RangeEnd),
        StartRevision = startRevision,
        PrevKv = w.PrevKv,
        ProgressNotify = w.ProgressNotify,
    };

    /// <summary>Wraps without copying: every message is serialized before the call that built it returns.</summary>
    public static ByteString Bytes(ReadOnlyMemory<byte> bytes) =>
        bytes.IsEmpty ? ByteString.Empty : UnsafeByteOperations.UnsafeWrap(bytes);
}
