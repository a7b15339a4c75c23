namespace Cluster.Store;

/// <summary>What a range found.</summary>
/// <param name="Revision">The store revision the read was served at (the current one, not the requested one).</param>
/// <param name="Kvs">The key-values in key order (empty when counting only).</param>
/// <param name="More">True if the limit cut off further matches.</param>
/// <param name="Count">How many keys matched in all, regardless of the limit.</param>
public sealed record RangeResult(long Revision, IReadOnlyList<KeyValue> Kvs, bool More, long Count) : OpResult(Revision);
