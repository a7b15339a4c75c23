namespace Cluster.Store.Embedded.Mvcc;

/// <summary>
/// Where the store keeps the values it owns: small values are packed into 1 MiB slabs on the large object heap,
/// which the garbage collector never copies. Under a heavy write load the values are most of the bytes that
/// survive each young-generation collection, so packing them keeps those pauses short. A slab lives as long as
/// any value in it. Used by one thread at a time (the write loop, or recovery before it starts).
/// </summary>
internal sealed class ValueArena
{
    private const int SlabSize = 1 << 20;

    /// <summary>Values this large get an array of their own rather than most of a slab.</summary>
    private const int OwnArrayFrom = 64 * 1024;

    private byte[] _slab = [];
    private int _used;

    public ReadOnlyMemory<byte> Copy(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty) return ReadOnlyMemory<byte>.Empty;
        if (value.Length >= OwnArrayFrom) return value.ToArray();
        if (_slab.Length - _used < value.Length)
        {
            _slab = GC.AllocateUninitializedArray<byte>(SlabSize);
            _used = 0;
        }
        value.CopyTo(_slab.AsSpan(_used));
        var copy = _slab.AsMemory(_used, value.Length);
        _used += value.Length;
        return copy;
    }
}
