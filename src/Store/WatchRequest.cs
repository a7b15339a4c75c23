namespace Cluster.Store;

/// <summary>Watches <see cref="Key"/> or the range <c>[Key, RangeEnd)</c> (see <see cref="KeyRange"/>).</summary>
/// <param name="StartRevision">
/// First revision to deliver. 0 means "from now": after the newest revision this store (this client, for a remote
/// engine) has seen when enumeration starts; for a remote engine that may include a few changes other clients made
/// just before, never fewer than the caller's own later writes.
/// </param>
/// <param name="PrevKv">Attach to each event the key-value as it was before it.</param>
/// <param name="ProgressNotify">Also send a progress notification now and then while no events flow.</param>
public sealed record WatchRequest(
    ReadOnlyMemory<byte> Key,
    ReadOnlyMemory<byte> RangeEnd = default,
    long StartRevision = 0,
    bool PrevKv = false,
    bool ProgressNotify = false)
{
    /// <summary>Every key that starts with <paramref name="prefix"/>.</summary>
    public static WatchRequest Prefix(ReadOnlyMemory<byte> prefix, long startRevision = 0, bool prevKv = false) =>
        new(prefix, KeyRange.PrefixEnd(prefix.Span), startRevision, prevKv);
}
