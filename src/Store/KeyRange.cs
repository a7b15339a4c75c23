namespace Cluster.Store;

/// <summary>
/// etcd's key-range conventions: an empty range end means the single key; <c>"\0"</c> means every key at or
/// after the start key; otherwise the range is <c>[key, rangeEnd)</c>. Keys are never empty, so a start
/// key of <c>"\0"</c> with range end <c>"\0"</c> means all keys.
/// </summary>
public static class KeyRange
{
    /// <summary>The range end that selects every key starting with <paramref name="prefix"/>.</summary>
    public static byte[] PrefixEnd(ReadOnlySpan<byte> prefix)
    {
        var end = prefix.ToArray();
        for (var i = end.Length - 1; i >= 0; i--)
        {
            if (end[i] < 0xff)
            {
                end[i]++;
                return end[..(i + 1)];
            }
        }
        return [0]; // every byte is 0xff: no upper bound
    }

    /// <summary>True if <paramref name="rangeEnd"/> means "no upper bound".</summary>
    public static bool IsOpenEnded(ReadOnlySpan<byte> rangeEnd) => rangeEnd.Length == 1 && rangeEnd[0] == 0;

    /// <summary>True if <paramref name="key"/> lies in the range given by <paramref name="start"/> and <paramref name="rangeEnd"/>.</summary>
    public static bool Contains(ReadOnlySpan<byte> start, ReadOnlySpan<byte> rangeEnd, ReadOnlySpan<byte> key)
    {
        if (rangeEnd.IsEmpty) return key.SequenceEqual(start);
        if (key.SequenceCompareTo(start) < 0) return false;
        return IsOpenEnded(rangeEnd) || key.SequenceCompareTo(rangeEnd) < 0;
    }
}
