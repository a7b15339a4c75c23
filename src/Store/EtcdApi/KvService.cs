using Pb = Cluster.Store.Etcd.Protos;

namespace Cluster.Store.EtcdApi;

/// <summary>
/// etcd's KV service (Range, Put, DeleteRange, Txn, Compact) on an <see cref="IKeyValueStore"/>: each call is mapped one
/// to one onto the store, whose revision goes into the response header. Thread-safe; holds no state of its own.
/// </summary>
internal sealed class KvService(IKeyValueStore store, ResponseHeaders headers)
{
    public async Task<Pb.RangeResponse> RangeAsync(Pb.RangeRequest request, CancellationToken ct) =>
        WireResponses.Range(await store.RangeAsync(StoreRequests.Range(request), ct), headers);

    public async Task<Pb.PutResponse> PutAsync(Pb.PutRequest request, CancellationToken ct) =>
        WireResponses.Put(await store.PutAsync(StoreRequests.Put(request), ct), headers);

    public async Task<Pb.DeleteRangeResponse> DeleteRangeAsync(Pb.DeleteRangeRequest request, CancellationToken ct) =>
        WireResponses.DeleteRange(await store.DeleteRangeAsync(StoreRequests.DeleteRange(request), ct), headers);

    public async Task<Pb.TxnResponse> TxnAsync(Pb.TxnRequest request, CancellationToken ct) =>
        WireResponses.Txn(await store.TxnAsync(StoreRequests.Txn(request), ct), headers);

    /// <summary>
    /// Compacts. <c>physical</c> is honoured by construction: the store returns only once the compaction is durable
    /// and reads below it already fail.
    /// </summary>
    public async Task<Pb.CompactionResponse> CompactAsync(Pb.CompactionRequest request, CancellationToken ct) =>
        new() { Header = headers.At(await store.CompactAsync(request.Revision, ct)) };
}
