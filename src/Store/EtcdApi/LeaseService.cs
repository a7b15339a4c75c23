using Cluster.Store.Etcd;
using Cluster.Store.Etcd.Grpc;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Pb = Cluster.Store.Etcd.Protos;

namespace Cluster.Store.EtcdApi;

/// <summary>
/// etcd's Lease service on the store's <see cref="ILeases"/>. Unknown leases are answered as etcd answers them:
/// <c>NOT_FOUND</c> for revoke, TTL -1 for time-to-live, TTL 0 on the keep-alive stream. Thread-safe.
/// </summary>
internal sealed class LeaseService(IKeyValueStore store, ResponseHeaders headers, ILogger logger)
{
    public const string KeepAlivePath = "/etcdserverpb.Lease/LeaseKeepAlive";

    public async Task<Pb.LeaseGrantResponse> GrantAsync(Pb.LeaseGrantRequest request, CancellationToken ct)
    {
        var grant = await store.Leases.GrantAsync(request.TTL, request.ID, ct);
        return new Pb.LeaseGrantResponse { Header = await HeaderAsync(ct), ID = grant.Id, TTL = grant.TtlSeconds };
    }

    public async Task<Pb.LeaseRevokeResponse> RevokeAsync(Pb.LeaseRevokeRequest request, CancellationToken ct)
    {
        await store.Leases.RevokeAsync(request.ID, ct);
        return new Pb.LeaseRevokeResponse { Header = await HeaderAsync(ct) };
    }

    public async Task<Pb.LeaseTimeToLiveResponse> TimeToLiveAsync(Pb.LeaseTimeToLiveRequest request, CancellationToken ct)
    {
        var info = await store.Leases.TimeToLiveAsync(request.ID, request.Keys, ct);
        var response = new Pb.LeaseTimeToLiveResponse { Header = await HeaderAsync(ct), ID = request.ID, TTL = -1 };
        if (info is null) return response;
        response.TTL = info.RemainingTtlSeconds;
        response.GrantedTTL = info.GrantedTtlSeconds;
        foreach (var key in info.Keys) response.Keys.Add(ToProto.Bytes(key));
        return response;
    }

    /// <summary>
    /// The LeaseKeepAlive stream: every request renews its lease and is answered, in order, with the lease's TTL (0 if
    /// it does not exist). One request is served at a time, so a client that stops reading stops being read: the
    /// stream holds at most one response. Ends with OK when the client half-closes, UNAVAILABLE when the server stops.
    /// </summary>
    public async Task KeepAliveAsync(HttpContext context, CancellationToken stopping)
    {
        if (!await GrpcServerCall.StartStreamAsync(context)) return;
        var aborted = context.RequestAborted;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, stopping);
        GrpcStatus status;
        try
        {
            while (await GrpcServerCall.ReadAsync(context.Request.Body, Pb.LeaseKeepAliveRequest.Parser, linked.Token) is { } request)
            {
                long ttl;
                try
                {
                    ttl = await store.Leases.KeepAliveAsync(request.ID, linked.Token);
                }
                catch (LeaseNotFoundException)
                {
                    ttl = 0;
                }
                var response = new Pb.LeaseKeepAliveResponse { Header = await HeaderAsync(linked.Token), ID = request.ID, TTL = ttl };
                await GrpcServerCall.WriteAsync(context.Response, response, linked.Token);
            }
            status = new GrpcStatus(GrpcStatusCode.OK, "");
        }
        catch (Exception) when (aborted.IsCancellationRequested)
        {
            return;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            status = RpcErrors.Stopped;
        }
        catch (Exception e)
        {
            status = GrpcServerCall.StatusOf(e, KeepAlivePath, logger);
        }
        GrpcServerCall.Finish(context.Response, status);
    }

    private async Task<Pb.ResponseHeader> HeaderAsync(CancellationToken ct) => headers.At(await StoreRevision.CurrentAsync(store, ct));
}
