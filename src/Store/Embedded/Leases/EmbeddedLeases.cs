using Cluster.Store.Embedded.Writes;

namespace Cluster.Store.Embedded.Leases;

/// <summary>The embedded engine's <see cref="ILeases"/>: grants and revokes go through the write loop; keep-alives are memory-only.</summary>
internal sealed class EmbeddedLeases(LeaseTable table, WriteLoop writer, long minTtlSeconds) : ILeases
{
    public async ValueTask<LeaseGrant> GrantAsync(long ttlSeconds, long id = 0, CancellationToken ct = default) =>
        await writer.Submit(new LeaseGrantCommand(id, ttlSeconds, minTtlSeconds)).WaitAsync(ct).ConfigureAwait(false);

    public async ValueTask RevokeAsync(long id, CancellationToken ct = default) =>
        await writer.Submit(new LeaseRevokeCommand(id, onlyIfExpired: false)).WaitAsync(ct).ConfigureAwait(false);

    public ValueTask<long> KeepAliveAsync(long id, CancellationToken ct = default) => ValueTask.FromResult(table.KeepAlive(id));

    public ValueTask<LeaseInfo?> TimeToLiveAsync(long id, bool withKeys = false, CancellationToken ct = default) =>
        ValueTask.FromResult(table.Describe(id, withKeys));
}
