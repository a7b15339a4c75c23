using Cluster.Store.Etcd.Grpc;
using Pb = Cluster.Store.Etcd.Protos;

namespace Cluster.Store.Etcd;

/// <summary>
/// <see cref="ILeases"/> on etcd's Lease service. etcd rounds a TTL below its minimum (about 1.5 × the election
/// timeout, 2 s by default) up to that minimum, and <see cref="LeaseGrant.TtlSeconds"/> reports what it granted.
/// </summary>
internal sealed class EtcdLeases(EtcdConnection connection) : ILeases
{
    public async ValueTask<LeaseGrant> GrantAsync(long ttlSeconds, long id = 0, CancellationToken ct = default)
    {
        StoreLimits.CheckLeaseTtl(ttlSeconds);
        var response = await connection.UnaryAsync(
            EtcdMethods.LeaseGrant, new Pb.LeaseGrantRequest { TTL = ttlSeconds, ID = id }, RetryPolicy.OnlyIfNotSent, ct,
            new ErrorContext(LeaseId: id));
        if (!string.IsNullOrEmpty(response.Error)) throw new InvalidStoreRequestException(response.Error);
        return new LeaseGrant(response.ID, response.TTL);
    }

    public async ValueTask RevokeAsync(long id, CancellationToken ct = default) =>
        await connection.UnaryAsync(
            EtcdMethods.LeaseRevoke, new Pb.LeaseRevokeRequest { ID = id }, RetryPolicy.OnlyIfNotSent, ct,
            new ErrorContext(LeaseId: id));

    /// <summary>One request and one response on a LeaseKeepAlive stream, which is then closed.</summary>
    public async ValueTask<long> KeepAliveAsync(long id, CancellationToken ct = default)
    {
        var timeout = connection.Options.RequestTimeout;
        var response = await connection.InvokeAsync(
            async (channel, token) =>
            {
                await using var call = await channel.StartDuplexAsync(
                    EtcdMethods.LeaseKeepAlive, new Pb.LeaseKeepAliveRequest { ID = id }, timeout, token);
                using var deadline = new CancellationTokenSource(timeout, connection.Time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, deadline.Token);
                try
                {
                    return await call.ReadAsync(linked.Token);
                }
                catch (OperationCanceledException e) when (deadline.IsCancellationRequested && !token.IsCancellationRequested)
                {
                    throw new GrpcStatusException(GrpcStatusCode.DeadlineExceeded, $"{channel.Address} did not renew the lease in time", e);
                }
            },
            RetryPolicy.Idempotent, new ErrorContext(LeaseId: id), ct);
        // etcd answers an unknown (expired or revoked) lease with TTL 0.
        if (response is null || response.TTL <= 0) throw new LeaseNotFoundException(id);
        return response.TTL;
    }

    public async ValueTask<LeaseInfo?> TimeToLiveAsync(long id, bool withKeys = false, CancellationToken ct = default)
    {
        var response = await connection.UnaryAsync(
            EtcdMethods.LeaseTimeToLive, new Pb.LeaseTimeToLiveRequest { ID = id, Keys = withKeys }, RetryPolicy.Idempotent, ct,
            new ErrorContext(LeaseId: id));
        // etcd answers an unknown lease with TTL -1.
        if (response.TTL < 0) return null;
        IReadOnlyList<ReadOnlyMemory<byte>> keys = response.Keys.Count == 0 ? [] : [.. response.Keys.Select(k => k.Memory)];
        return new LeaseInfo(response.ID, response.GrantedTTL, response.TTL, keys);
    }
}
