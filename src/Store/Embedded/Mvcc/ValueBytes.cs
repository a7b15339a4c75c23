namespace Cluster.Store.Embedded.Mvcc;

/// <summary>
/// Copies values the store keeps (callers may reuse their buffers). One place, so the allocation policy can be
/// tuned: the pinned object heap was measured here and made loading a snapshot twice as slow.
/// </summary>
internal static class ValueBytes
{
    public static byte[] Copy(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty) return [];
        return value.ToArray();
    }
}
