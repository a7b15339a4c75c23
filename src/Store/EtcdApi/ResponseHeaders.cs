using Pb = Cluster.Store.Etcd.Protos;

namespace Cluster.Store.EtcdApi;

/// <summary>
/// Builds the <c>ResponseHeader</c> every etcd response carries: this server's stable cluster and member ids, the store
/// revision the response was served at, and raft term 1 (one member that has always been the leader).
/// </summary>
internal sealed class ResponseHeaders(ulong clusterId, ulong memberId)
{
    public Pb.ResponseHeader At(long revision) => new()
    {
        ClusterId = clusterId,
        MemberId = memberId,
        Revision = revision,
        RaftTerm = 1,
    };
}
