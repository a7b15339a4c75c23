using Cluster.Store.Etcd;
using Cluster.Store.Etcd.Grpc;
using Pb = Cluster.Store.Etcd.Protos;

namespace Cluster.Store.Tests.EtcdApi;

/// <summary>One raw etcd Watch stream: requests go out as written, responses come back one by one, each read bounded.</summary>
internal sealed class RawWatchStream(GrpcDuplexCall<Pb.WatchRequest, Pb.WatchResponse> call) : IAsyncDisposable
{
    public static Pb.WatchRequest Create(ReadOnlyMemory<byte> prefix, long startRevision = 0, long watchId = 0, bool prevKv = false) => new()
    {
        CreateRequest = new Pb.WatchCreateRequest
        {
            Key = ToProto.Bytes(prefix),
            RangeEnd = ToProto.Bytes(KeyRange.PrefixEnd(prefix.Span)),
            StartRevision = startRevision,
            WatchId = watchId,
            PrevKv = prevKv,
        },
    };

    public static Pb.WatchRequest Cancel(long watchId) => new() { CancelRequest = new Pb.WatchCancelRequest { WatchId = watchId } };

    public static Pb.WatchRequest Progress() => new() { ProgressRequest = new Pb.WatchProgressRequest() };

    public Task SendAsync(Pb.WatchRequest request) => call.WriteAsync(request, CancellationToken.None);

    /// <summary>The next response; null when the server ended the stream with OK. Fails after <paramref name="timeout"/>.</summary>
    public async Task<Pb.WatchResponse?> ReadAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? RawGrpcClient.Timeout);
        return await call.ReadAsync(cts.Token);
    }

    /// <summary>The next response, which must exist.</summary>
    public async Task<Pb.WatchResponse> NextAsync(TimeSpan? timeout = null) =>
        await ReadAsync(timeout) ?? throw new InvalidOperationException("the watch stream ended");

    /// <summary>Reads responses until <paramref name="count"/> events arrived in all; returns every response read.</summary>
    public async Task<List<Pb.WatchResponse>> ReadEventsAsync(int count)
    {
        var responses = new List<Pb.WatchResponse>();
        var events = 0;
        while (events < count)
        {
            var response = await NextAsync();
            responses.Add(response);
            events += response.Events.Count;
        }
        return responses;
    }

    /// <summary>Half-closes: no more requests.</summary>
    public void CompleteRequests() => call.CompleteRequests();

    public ValueTask DisposeAsync() => call.DisposeAsync();
}
