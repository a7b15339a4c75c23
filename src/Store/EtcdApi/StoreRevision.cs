namespace Cluster.Store.EtcdApi;

/// <summary>
/// The store's current revision, for response headers of calls whose store result carries none (leases, watch control
/// messages). <see cref="IKeyValueStore"/> has no accessor for it, so it is read with the cheapest range there is.
/// </summary>
internal static class StoreRevision
{
    private static readonly RangeRequest Probe = new(new byte[] { 0 }, CountOnly: true);

    public static async ValueTask<long> CurrentAsync(IKeyValueStore store, CancellationToken ct) =>
        (await store.RangeAsync(Probe, ct).ConfigureAwait(false)).Revision;
}
