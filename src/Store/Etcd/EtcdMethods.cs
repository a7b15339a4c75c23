using Cluster.Store.Etcd.Grpc;
using Pb = Cluster.Store.Etcd.Protos;

namespace Cluster.Store.Etcd;

/// <summary>The etcd v3 gRPC methods the engine calls, with their wire paths.</summary>
internal static class EtcdMethods
{
    public static readonly GrpcMethod<Pb.RangeRequest, Pb.RangeResponse> Range =
        new("/etcdserverpb.KV/Range", Pb.RangeResponse.Parser);

    public static readonly GrpcMethod<Pb.PutRequest, Pb.PutResponse> Put =
        new("/etcdserverpb.KV/Put", Pb.PutResponse.Parser);

    public static readonly GrpcMethod<Pb.DeleteRangeRequest, Pb.DeleteRangeResponse> DeleteRange =
        new("/etcdserverpb.KV/DeleteRange", Pb.DeleteRangeResponse.Parser);

    public static readonly GrpcMethod<Pb.TxnRequest, Pb.TxnResponse> Txn =
        new("/etcdserverpb.KV/Txn", Pb.TxnResponse.Parser);

    public static readonly GrpcMethod<Pb.CompactionRequest, Pb.CompactionResponse> Compact =
        new("/etcdserverpb.KV/Compact", Pb.CompactionResponse.Parser);

    public static readonly GrpcMethod<Pb.WatchRequest, Pb.WatchResponse> Watch =
        new("/etcdserverpb.Watch/Watch", Pb.WatchResponse.Parser);

    public static readonly GrpcMethod<Pb.LeaseGrantRequest, Pb.LeaseGrantResponse> LeaseGrant =
        new("/etcdserverpb.Lease/LeaseGrant", Pb.LeaseGrantResponse.Parser);

    public static readonly GrpcMethod<Pb.LeaseRevokeRequest, Pb.LeaseRevokeResponse> LeaseRevoke =
        new("/etcdserverpb.Lease/LeaseRevoke", Pb.LeaseRevokeResponse.Parser);

    public static readonly GrpcMethod<Pb.LeaseKeepAliveRequest, Pb.LeaseKeepAliveResponse> LeaseKeepAlive =
        new("/etcdserverpb.Lease/LeaseKeepAlive", Pb.LeaseKeepAliveResponse.Parser);

    public static readonly GrpcMethod<Pb.LeaseTimeToLiveRequest, Pb.LeaseTimeToLiveResponse> LeaseTimeToLive =
        new("/etcdserverpb.Lease/LeaseTimeToLive", Pb.LeaseTimeToLiveResponse.Parser);
}
